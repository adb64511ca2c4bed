package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.alert.Alert;
import pl.trackbridge.alert.AlertFacts;
import pl.trackbridge.alert.AlertMessages;
import pl.trackbridge.alert.AlertNotifier;
import pl.trackbridge.alert.InMemoryKpiReadings;
import pl.trackbridge.alert.KpiReading;
import pl.trackbridge.alert.Notification;
import pl.trackbridge.alert.ThresholdAlertService;
import pl.trackbridge.allegro.auth.DynamoDbTokenStore;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The alert table and the alerts' indexes against DynamoDB Local: the conditions that make raising and notifying
 * happen once, the sparse markers written by the real ingest and forwarder write paths, and concurrent runs
 * of the whole job with every publish counted.
 */
class DynamoDbAlertsTest {
    static final TableNames TABLES = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable");
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    static Alert open(String account, String key, long version) {
        return new Alert(account, key, Alert.DISPATCH_MISSED, null, "CRITICAL", Alert.OPEN, "o1", "o1", null,
                Map.of("deadline", NOW.toString()), NOW, NOW, null, null, Alert.NOTICE_RAISED, null, version);
    }

    @Test
    void anAlertIsCreatedOnceChangedOnlyFromTheVersionReadAndLeavesTheOpenIndexWhenDone() {
        DynamoDbAlertStore store = new DynamoDbAlertStore(dynamo, "AlertsTable");
        Alert a = open("acc-s", "DISPATCH_MISSED#o1", 1);
        assertTrue(store.create(a, false));
        assertFalse(store.create(a, false), "raised once");
        assertFalse(store.create(a, true), "an open alert is never replaced");
        assertEquals(a, store.find("acc-s", a.key()).orElseThrow());
        assertEquals(List.of(a.key()), store.openOrPending("acc-s").stream().map(Alert::key).toList());

        Alert leased = a.leased(NOW, NOW.plusSeconds(120));
        assertTrue(store.update(leased));
        assertFalse(store.update(a.leased(NOW, NOW.plusSeconds(120))), "a second claim from the same read loses");
        Alert notified = leased.notified(NOW);
        assertTrue(store.update(notified));
        Alert resolved = notified.resolved(null, Map.of("resolution", "cleared"), NOW.plusSeconds(60));
        assertTrue(store.update(resolved));
        assertEquals(List.of(), store.openOrPending("acc-s"), "resolved with no notice: out of the sparse index");
        var item = dynamo.getItem(b -> b.tableName("AlertsTable").key(Map.of("accountId", Attr.s("acc-s"),
                "alertKey", Attr.s(a.key())))).item();
        assertEquals(Long.toString(NOW.plusSeconds(60).plus(Duration.ofDays(30)).getEpochSecond()), item.get("expiresAt").n());
        assertNull(item.get("openAccount"));

        Alert kpi = new Alert("acc-s", Alert.kpiKey("DISPATCH_ON_TIME", "WARN"), Alert.KPI, "WARN", "WARNING", Alert.RESOLVED,
                "DISPATCH_ON_TIME", null, null, Map.of(), NOW, NOW, NOW, NOW, null, null, 4);
        assertTrue(store.create(kpi, false));
        Alert episode = new Alert("acc-s", kpi.key(), Alert.KPI, "WARN", "WARNING", Alert.OPEN, "DISPATCH_ON_TIME", null, null,
                Map.of(), NOW.plusSeconds(600), NOW.plusSeconds(600), null, null, Alert.NOTICE_RAISED, null, 1);
        assertFalse(store.create(episode, false));
        assertTrue(store.create(episode, true), "a resolved KPI level opens again as a new episode");
        assertEquals(List.of(kpi.key()), store.kpiAlerts("acc-s").stream().map(Alert::key).toList());
    }

    @Test
    void theIngestAndForwarderWritePathsKeepTheAlertIndexesCurrent() {
        String acct = "acc-f";
        DynamoDbTrackingStore tracking = new DynamoDbTrackingStore(dynamo, TABLES);
        DynamoDbRegistrationStore registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable");
        DynamoDbAlertFacts facts = new DynamoDbAlertFacts(dynamo, new DynamoDbOrderStore(dynamo, "OrdersTable"),
                new DynamoDbTokenStore(dynamo, "AllegroTokensTable"), "ShipmentsTable", "ForwardsTable");

        // a parcel collected 4 days ago and silent since, named by the carrier for order o-1
        tracking.append(acct, "W1", List.of(EventBuilder.from("generic").dedupeKey("w1-c").carrierId("DPD").waybill("W1")
                .status(TrackingStatus.COLLECTED).occurredAt(NOW.minus(Duration.ofDays(4))).orderId("o-1").build()), "raw", NOW);
        // a refused parcel, and a delivered one
        tracking.append(acct, "W2", List.of(EventBuilder.from("generic").dedupeKey("w2-c").carrierId("DPD").waybill("W2")
                .status(TrackingStatus.COLLECTED).occurredAt(NOW.minus(Duration.ofDays(5))).build(),
                EventBuilder.from("generic").dedupeKey("w2-r").carrierId("DPD").waybill("W2")
                .status(TrackingStatus.RETURNING_TO_SENDER).reason(Reason.REFUSED).occurredAt(NOW.minus(Duration.ofDays(4))).build()),
                "raw", NOW);
        tracking.append(acct, "W3", List.of(EventBuilder.from("generic").dedupeKey("w3-c").carrierId("DPD").waybill("W3")
                .status(TrackingStatus.COLLECTED).occurredAt(NOW.minus(Duration.ofDays(6))).build(),
                EventBuilder.from("generic").dedupeKey("w3-d").carrierId("DPD").waybill("W3")
                .status(TrackingStatus.DELIVERED).occurredAt(NOW.minus(Duration.ofDays(4))).build()), "raw", NOW);

        List<String> silent = facts.silentShipments(acct, NOW.minus(Duration.ofDays(14)), NOW.minus(Duration.ofHours(72)))
                .stream().map(AlertFacts.ShipmentFact::waybill).sorted().toList();
        assertEquals(List.of("W1", "W2"), silent, "handed over, not terminal, silent for 72 h; the delivered one is not");
        assertEquals(List.of("W2"), facts.deliveryExceptions(acct, NOW.minus(Duration.ofDays(14))).stream()
                .map(AlertFacts.ShipmentFact::waybill).toList());
        assertEquals(NOW.minus(Duration.ofDays(4)), facts.handover(acct, "o-1"), "found through the parcel's order id");
        assertNull(facts.handover(acct, "o-unknown"));

        // registrations: in NeedsAttention until the waybill is accepted; refused ones again with Allegro's reason
        Registration r1 = new Registration(acct, "o-2", "W4", "DPD", null, List.of(), null, NOW.minusSeconds(30), NOW, null, true);
        Registration r2 = new Registration(acct, "o-3", "W5", "DPD", null, List.of(), null, null, NOW, null, true);
        registrations.createIfAbsent(r1);
        registrations.createIfAbsent(r2);
        assertEquals(List.of("W4", "W5"), waybills(facts.forwardsNeedingAttention(acct, NOW.minusSeconds(60))));
        assertEquals(NOW.minusSeconds(30), facts.handover(acct, "o-2"), "no scan: the registered handover");

        registrations.claim(acct, "W4", "o-2", "h", NOW, NOW.plusSeconds(60));
        registrations.record(acct, "W4", "o-2", "h", ForwardState.NEW.withWaybill("ACCEPTED", "s1", NOW).withSent("DONE", NOW),
                List.of(new ForwardState.Attempt(NOW, "WAYBILL", "ACCEPTED", 201, null, null, null)));
        registrations.claim(acct, "W5", "o-3", "h", NOW, NOW.plusSeconds(60));
        registrations.record(acct, "W5", "o-3", "h", ForwardState.NEW.withWaybill("REJECTED", null, null),
                List.of(new ForwardState.Attempt(NOW.plusSeconds(1), "WAYBILL", "REJECTED", 400,
                        "CarrierWaybillValidationException", "bad waybill", "t-1")));
        List<AlertFacts.ForwardFact> attention = facts.forwardsNeedingAttention(acct, NOW.minusSeconds(60));
        assertEquals(List.of("W5"), waybills(attention), "accepted and sent: out of the index");
        AlertFacts.ForwardFact f = attention.get(0);
        assertEquals("REJECTED", f.waybillState());
        assertEquals("CarrierWaybillValidationException", f.errorCode());
        assertEquals(400, f.httpStatus());
        assertEquals("t-1", f.traceId());
        assertEquals(List.of("W5"), waybills(facts.forwardsOfOrder(acct, "o-3")));
        assertEquals(List.of(), facts.forwardsNeedingAttention("other-account", NOW.minusSeconds(60)));
        assertEquals("NOT_CONNECTED", facts.connection(acct).status());
    }

    private static List<String> waybills(List<AlertFacts.ForwardFact> forwards) {
        return forwards.stream().map(AlertFacts.ForwardFact::waybill).sorted().toList();
    }

    /** Counts publishes, as the topic would see them. */
    static final class CountingNotifier implements AlertNotifier {
        final List<Notification> published = java.util.Collections.synchronizedList(new ArrayList<>());

        @Override
        public void publish(Notification n) {
            published.add(n);
        }
    }

    @Test
    void concurrentAndRepeatedRunsPublishEachNoticeOnce() throws Exception {
        InMemoryAccountStore accounts = new InMemoryAccountStore();
        InMemoryKpiReadings kpis = new InMemoryKpiReadings();
        DynamoDbOrderStore orders = new DynamoDbOrderStore(dynamo, "OrdersTable");
        List<String> ids = List.of("conc-a", "conc-b", "conc-c");
        for (String id : ids) {
            accounts.save(new Account(id, ZoneId.of("Europe/Warsaw"), Map.of(), Map.of(), Map.of(), NOW, NOW));
            kpis.put(id, new KpiReading("DISPATCH_ON_TIME", java.time.LocalDate.of(2026, 11, 20), 80, 100, 380, 400, List.of()));
            kpis.put(id, new KpiReading("VALID_TRACKING", java.time.LocalDate.of(2026, 11, 20), 96, 100, 390, 400, List.of()));
            for (int i = 0; i < 15; i++) {
                orders.upsert(new Order(id, id + "-at-risk-" + i, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofMinutes(10 + i)),
                        null, null, true, "READY_FOR_PROCESSING", "NEW", "r", List.of(), null, null, NOW, NOW));
                orders.upsert(new Order(id, id + "-missed-" + i, NOW.minus(Duration.ofDays(1)), NOW.minus(Duration.ofMinutes(10 + i)),
                        null, null, true, "READY_FOR_PROCESSING", "NEW", "r", List.of(), null, null, NOW, NOW));
            }
        }
        CountingNotifier topic = new CountingNotifier();
        ThresholdAlertService service = new ThresholdAlertService(accounts, kpis,
                new DynamoDbAlertFacts(dynamo, orders, new DynamoDbTokenStore(dynamo, "AllegroTokensTable"), "ShipmentsTable",
                        "ForwardsTable"),
                new DynamoDbAlertStore(dynamo, "AlertsTable"), topic, new AlertMessages(null),
                java.time.Clock.fixed(NOW, ZoneId.of("UTC")), ThresholdAlertService.Settings.defaults());

        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Object>> runs = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                runs.add(() -> service.run(NOW));
            }
            for (Future<Object> f : pool.invokeAll(runs)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        service.run(NOW.plusSeconds(60)); // and twice more, later (before the first deadline passes)
        service.run(NOW.plusSeconds(300));

        Map<String, Integer> noticesPerAlert = new HashMap<>();
        for (Notification n : topic.published) {
            for (String key : n.alertKeys()) {
                noticesPerAlert.merge(n.accountId() + "|" + key, 1, Integer::sum);
            }
        }
        // per account: BREACH on DISPATCH_ON_TIME, WARN on VALID_TRACKING, 15 at risk, 15 missed
        assertEquals(3 * 32, noticesPerAlert.size(), "every alert was notified: " + noticesPerAlert.keySet());
        noticesPerAlert.forEach((k, v) -> assertEquals(1, v, k + " notified " + v + " times"));
        System.out.printf("concurrent threshold-alerts: 6 parallel runs + 2 repeats, %d publishes for %d alerts%n",
                topic.published.size(), noticesPerAlert.size());
        assertTrue(topic.published.size() <= 3 * 4 * 6, "grouped per account and kind (split at most once per racing run)");
    }
}
