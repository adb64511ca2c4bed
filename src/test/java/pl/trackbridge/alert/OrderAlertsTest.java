package pl.trackbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.store.InMemoryAccountStore;

/** Order alerts: raised once per order, grouped per account and kind, cleared when resolved. */
class OrderAlertsTest {
    static final String ACCOUNT = "shop-2";
    Instant now = Instant.parse("2026-11-20T10:00:00Z");
    FakeAlertFacts facts;
    InMemoryAlertStore store;
    RecordingNotifier notifier;
    ThresholdAlertService service;

    @BeforeEach
    void setUp() {
        InMemoryAccountStore accounts = new InMemoryAccountStore();
        accounts.save(new Account(ACCOUNT, ZoneId.of("Europe/Warsaw"), Map.of(), Map.of(), Map.of(), now, now));
        facts = new FakeAlertFacts();
        store = new InMemoryAlertStore();
        notifier = new RecordingNotifier();
        service = new ThresholdAlertService(accounts, new InMemoryKpiReadings(), facts, store, notifier,
                new AlertMessages(null), java.time.Clock.fixed(now, ZoneId.of("UTC")), ThresholdAlertService.Settings.defaults());
    }

    List<Notification> runAt(Instant t) {
        service.run(t);
        return notifier.take();
    }

    Alert alert(String key) {
        return store.find(ACCOUNT, key).orElseThrow();
    }

    @Test
    void ordersNearTheirDeadlineAreOneMessageThenMissedIsAnotherAndAHandoverClearsIt() {
        for (int i = 1; i <= 3; i++) {
            facts.orders.put("o-" + i, FakeAlertFacts.order(ACCOUNT, "o-" + i, now.plus(Duration.ofMinutes(30 * i))));
        }
        facts.orders.put("o-far", FakeAlertFacts.order(ACCOUNT, "o-far", now.plus(Duration.ofHours(5))));
        facts.orders.put("o-done", FakeAlertFacts.order(ACCOUNT, "o-done", now.plus(Duration.ofMinutes(45))));
        facts.handovers.put("o-done", now.minusSeconds(600));

        List<Notification> atRisk = runAt(now);
        assertEquals(1, atRisk.size(), "three orders, one message");
        Notification n = atRisk.get(0);
        assertEquals("DISPATCH_AT_RISK", n.kind());
        assertEquals("WARNING", n.severity());
        assertEquals("[WARNING] shop-2: 3 orders due for dispatch soon, not handed over", n.subject());
        assertTrue(n.message().contains("- order o-1: deadline 2026-11-20 11:30 (in 30 min), Smart!"), n.message());
        assertTrue(n.message().contains("https://allegro.pl/moje-allegro/sprzedaz/zamowienia/o-3"), n.message());
        assertFalse(n.message().contains("o-far") || n.message().contains("o-done"), n.message());
        assertEquals(List.of("DISPATCH_AT_RISK#o-1", "DISPATCH_AT_RISK#o-2", "DISPATCH_AT_RISK#o-3"), n.alertKeys());
        assertEquals(List.of(), runAt(now.plusSeconds(300)), "raised once per order");

        // o-1's deadline passes with no handover; o-2 is handed over
        facts.handovers.put("o-2", now.plus(Duration.ofMinutes(40)));
        List<Notification> missed = runAt(now.plus(Duration.ofMinutes(45)));
        assertEquals(1, missed.size());
        assertEquals("[CRITICAL] shop-2: 1 order missed the dispatch deadline", missed.get(0).subject());
        assertTrue(missed.get(0).message().contains("- order o-1: deadline 2026-11-20 11:30 (15 min ago)"), missed.get(0).message());
        assertFalse(alert("DISPATCH_AT_RISK#o-1").isOpen(), "at risk gives way to missed");
        assertFalse(alert("DISPATCH_AT_RISK#o-2").isOpen(), "handed over: cleared");
        assertTrue(alert("DISPATCH_AT_RISK#o-3").isOpen());
        assertTrue(alert("DISPATCH_MISSED#o-1").isOpen());

        facts.handovers.put("o-1", now.plus(Duration.ofHours(1)));
        assertEquals(List.of(), runAt(now.plus(Duration.ofMinutes(70))), "clearing an order alert sends nothing");
        assertFalse(alert("DISPATCH_MISSED#o-1").isOpen());
        assertEquals("cleared", alert("DISPATCH_MISSED#o-1").detail("resolution"));
    }

    @Test
    void aMissedOrderOutsideTheIndexWindowIsRecheckedByKeyAndExpiresAfterAWeek() {
        facts.orders.put("o-9", FakeAlertFacts.order(ACCOUNT, "o-9", now.minus(Duration.ofHours(1))));
        assertEquals(1, runAt(now).size());
        assertTrue(runAt(now.plus(Duration.ofDays(3))).isEmpty());
        assertTrue(alert("DISPATCH_MISSED#o-9").isOpen(), "still missed, only out of the 48 h window");
        assertTrue(runAt(now.plus(Duration.ofDays(7))).isEmpty());
        assertEquals("expired", alert("DISPATCH_MISSED#o-9").detail("resolution"));
        assertTrue(runAt(now.plus(Duration.ofDays(7)).plusSeconds(300)).isEmpty(), "and is not raised again");
    }

    @Test
    void aCancelledOrderIsNeverAtRisk() {
        var o = FakeAlertFacts.order(ACCOUNT, "o-c", now.plus(Duration.ofMinutes(30)));
        facts.orders.put("o-c", new pl.trackbridge.order.Order(o.accountId(), o.orderId(), o.boughtAt(), o.dispatchDeadline(),
                null, null, true, "CANCELLED", "CANCELLED", "r", List.of(),
                new pl.trackbridge.order.Order.Cancellation("BUYER_CANCELLED", now), null, now, now));
        assertEquals(List.of(), runAt(now));
    }

    @Test
    void aRejectedWaybillNamesAllegrosReasonAndClearsWhenACorrectedOneIsAccepted() {
        facts.forwards.add(new AlertFacts.ForwardFact(ACCOUNT, "o-r", "0000795537918Q", "DPD", "REJECTED", "PENDING",
                now.minusSeconds(60), null, now.minusSeconds(30), "CarrierWaybillValidationException",
                "Invalid waybill for carrier DPD", 400, "trace-1"));
        List<Notification> n = runAt(now);
        assertEquals(1, n.size());
        assertEquals("FORWARD_REJECTED", n.get(0).kind());
        assertEquals("CRITICAL", n.get(0).severity());
        assertEquals("[CRITICAL] shop-2: Allegro rejected the waybill of 1 order", n.get(0).subject());
        assertTrue(n.get(0).message().contains("Allegro said: HTTP 400 CarrierWaybillValidationException - Invalid waybill for carrier DPD (trace-id trace-1)"),
                n.get(0).message());
        assertTrue(n.get(0).message().contains("https://allegro.pl/moje-allegro/sprzedaz/zamowienia/o-r"));

        facts.forwards.add(new AlertFacts.ForwardFact(ACCOUNT, "o-r", "1234567890123U", "DPD", "ACCEPTED", "DONE",
                now, null, null, null, null, 0, null));
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
        assertFalse(alert("FORWARD_REJECTED#o-r#0000795537918Q").isOpen());
    }

    @Test
    void aWaybillNotAcceptedWithinTheUploadWindowIsStuck() {
        facts.forwards.add(new AlertFacts.ForwardFact(ACCOUNT, "o-s", "1Z999AA10123456784", "UPS", "RETRYING", "PENDING",
                now, null, now, "ServiceUnavailable", "try later", 503, null));
        assertEquals(List.of(), runAt(now.plus(Duration.ofMinutes(59))), "within the hour: still being retried");
        List<Notification> n = runAt(now.plus(Duration.ofMinutes(60)));
        assertEquals(1, n.size());
        assertEquals("FORWARD_STUCK", n.get(0).kind());
    }

    @Test
    void silentParcelsExceptionsAndADisconnectedAccountEachGetTheirMessage() {
        facts.shipments.put("W1", new AlertFacts.ShipmentFact(ACCOUNT, "W1", "o-1", "DPD", "IN_TRANSIT", null, null, false,
                now.minus(Duration.ofDays(4)), now.minus(Duration.ofHours(73)), now.minus(Duration.ofHours(73))));
        facts.shipments.put("W2", new AlertFacts.ShipmentFact(ACCOUNT, "W2", "o-2", "INPOST", "IN_TRANSIT", null, null, false,
                now.minus(Duration.ofDays(1)), now.minus(Duration.ofHours(10)), now.minus(Duration.ofHours(10))));
        facts.shipments.put("W3", new AlertFacts.ShipmentFact(ACCOUNT, "W3", "o-3", "DPD", "RETURNING_TO_SENDER", "REFUSED",
                null, false, now.minus(Duration.ofDays(2)), now.minusSeconds(60), now.minusSeconds(60)));
        facts.connection = new AlertFacts.Connection("DISCONNECTED", "invalid_grant", now.minusSeconds(120));
        List<Notification> n = runAt(now);
        assertEquals(List.of("ACCOUNT_DISCONNECTED", "DELIVERY_EXCEPTION", "TRACKING_STALE"),
                n.stream().map(Notification::kind).sorted().toList());
        Notification stale = n.stream().filter(x -> x.kind().equals("TRACKING_STALE")).findFirst().orElseThrow();
        assertEquals("[WARNING] shop-2: 1 parcel without a scan for 72 h", stale.subject());
        assertTrue(stale.message().contains("parcel W1 (DPD): IN_TRANSIT"), stale.message());
        assertEquals(List.of(), runAt(now.plusSeconds(300)));

        // a new scan on W1, reconnected
        facts.shipments.put("W1", new AlertFacts.ShipmentFact(ACCOUNT, "W1", "o-1", "DPD", "OUT_FOR_DELIVERY", null, null,
                false, now.minus(Duration.ofDays(4)), now, now));
        facts.connection = new AlertFacts.Connection("CONNECTED", null, null);
        assertEquals(List.of(), runAt(now.plusSeconds(600)));
        assertEquals(List.of("DELIVERY_EXCEPTION"), store.openOrPending(ACCOUNT).stream().map(Alert::kind).toList());
    }

    @Test
    void aDisconnectedAccountStaysAnAlertUntilReconnectedAndADisconnectionLaterIsANewOne() {
        Instant since = now.minusSeconds(60);
        facts.connection = new AlertFacts.Connection("DISCONNECTED", "invalid_grant", since);
        List<Notification> n = runAt(now);
        assertEquals(1, n.size());
        assertEquals("[CRITICAL] shop-2: Allegro connection lost, reconnect the account", n.get(0).subject());
        assertEquals(List.of(), runAt(now.plus(Duration.ofDays(8))));
        assertTrue(alert("ACCOUNT_DISCONNECTED#" + since).isOpen(), "no expiry for a lost connection");
        facts.connection = new AlertFacts.Connection("CONNECTED", null, null);
        assertEquals(List.of(), runAt(now.plus(Duration.ofDays(8)).plusSeconds(60)));
        assertFalse(alert("ACCOUNT_DISCONNECTED#" + since).isOpen());
        Instant again = now.plus(Duration.ofDays(9));
        facts.connection = new AlertFacts.Connection("DISCONNECTED", "invalid_grant", again);
        assertEquals(1, runAt(again.plusSeconds(60)).size(), "disconnected again: a new alert");
    }

    @Test
    void ordersTheReconciliationLeftMissingAreOneMessageAndClearWhenALaterReportNoLongerListsThem() {
        java.time.LocalDate today = java.time.LocalDate.ofInstant(now, java.time.ZoneId.of("Europe/Warsaw"));
        facts.gaps.put(today, List.of(
                new AlertFacts.GapFact("o-g1", null, "NO_WAYBILL", now.minus(Duration.ofDays(2)), today),
                new AlertFacts.GapFact("o-g2", "0000795537918Q", "REJECTED", now.minus(Duration.ofDays(1)), today)));
        List<Notification> n = runAt(now);
        assertEquals(1, n.size(), "two orders, one message");
        assertEquals("RECONCILIATION_GAP", n.get(0).kind());
        assertEquals("[WARNING] shop-2: 2 orders still missing on Allegro after reconciliation", n.get(0).subject());
        assertTrue(n.get(0).message().contains("- order o-g2: REJECTED, waybill 0000795537918Q"), n.get(0).message());
        assertTrue(n.get(0).message().contains("https://allegro.pl/moje-allegro/sprzedaz/zamowienia/o-g1"), n.get(0).message());
        assertEquals(List.of(), runAt(now.plusSeconds(300)), "raised once per order");

        // the next day's report: o-g1 was repaired, o-g2 still missing
        facts.gaps.put(today.plusDays(1), List.of(
                new AlertFacts.GapFact("o-g2", "0000795537918Q", "REJECTED", now.minus(Duration.ofDays(1)), today.plusDays(1))));
        assertEquals(List.of(), runAt(now.plus(Duration.ofDays(1))), "clearing sends nothing");
        assertFalse(alert("RECONCILIATION_GAP#o-g1").isOpen());
        assertTrue(alert("RECONCILIATION_GAP#o-g2").isOpen());
    }
}
