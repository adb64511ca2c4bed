package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.kpi.OrderFacts.ShipmentFacts;
import pl.trackbridge.order.Order;

/** DESIGN §4 "Precise rules", each with a hand-computed expectation. */
class KpiRulesTest {
    static final ZoneId WAW = ZoneId.of("Europe/Warsaw");
    static final KpiRules RULES = KpiRules.defaults();

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static LocalDate d(String day) {
        return LocalDate.parse(day);
    }

    static OrderFacts order(Instant bought, Instant deadline, Instant deliveryTo, Order.Cancellation c, ShipmentFacts... s) {
        return new OrderFacts("acc", "o", bought, deadline, deliveryTo, c, List.of(s));
    }

    /** A registered shipment: registration time, carrier scan summary, Allegro outcome. */
    static ShipmentFacts ship(String waybill, String carrier, Instant registeredAt, Instant handedOverAt, Instant acceptedAt,
            Instant sentAt, Instant collected, Instant firstScan, Instant delivered, Instant returned) {
        return new ShipmentFacts(waybill, carrier, registeredAt, handedOverAt, acceptedAt, sentAt, collected, firstScan,
                delivered, returned);
    }

    static Cells cells(ZoneId zone, OrderFacts... orders) {
        Cells c = new Cells();
        for (OrderFacts o : orders) {
            c.add(RULES.contributions(o, zone), 1);
        }
        return c;
    }

    static void assertCell(Cells c, String day, Kpi kpi, String carrier, long num, long den) {
        Tally t = c.get(new Cells.Key(d(day), kpi, carrier));
        assertEquals(num + "/" + den, t == null ? "0/0" : t.num() + "/" + t.den(), kpi + " " + carrier + " on " + day);
    }

    static void assertTotal(Cells c, String day, Kpi kpi, long num, long den) {
        assertCell(c, day, kpi, Cells.TOTAL, num, den);
    }

    @Test
    void handoverAt235959LocalOnTheDeadlineDayIsOnTimeAndMidnightIsLate() {
        Instant deadline = t("2026-11-20T22:59:59Z"); // 23:59:59 CET on 20 November
        OrderFacts onTime = order(t("2026-11-19T10:00:00Z"), deadline, null, null,
                ship("W1", "DPD", t("2026-11-20T08:00:00Z"), null, t("2026-11-20T22:59:59Z"), null,
                        t("2026-11-20T22:59:59Z"), t("2026-11-20T22:59:59Z"), null, null));
        OrderFacts late = order(t("2026-11-19T10:00:00Z"), deadline, null, null,
                ship("W2", "DPD", t("2026-11-20T08:00:00Z"), null, t("2026-11-20T23:00:00Z"), null,
                        t("2026-11-20T23:00:00Z"), t("2026-11-20T23:00:00Z"), null, null));
        Cells c = cells(WAW, onTime, late);
        assertTotal(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, 1, 2);
        assertTotal(c, "2026-11-20", Kpi.TRACKING_ON_TIME, 1, 2);
        // the late handover is 00:00:00 local on 21 November: a shipment handed over on the 21st
        assertTotal(c, "2026-11-20", Kpi.VALID_TRACKING, 1, 1);
        assertTotal(c, "2026-11-21", Kpi.VALID_TRACKING, 1, 1);
        assertCell(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, "DPD", 1, 2);
        assertTotal(c, "2026-11-19", Kpi.SELLER_CANCELLATION, 0, 2);
    }

    @Test
    void daysFollowTheSpringDstChange() {
        // 2026-03-29 in Warsaw is 23 h long: 2026-03-28T23:00Z … 2026-03-29T22:00Z
        Cells c = cells(WAW,
                order(null, t("2026-03-28T22:59:59Z"), null, null), // 23:59:59 CET on the 28th
                order(null, t("2026-03-28T23:00:00Z"), null, null), // 00:00 CET on the 29th
                order(null, t("2026-03-29T21:59:59Z"), null, null), // 23:59:59 CEST on the 29th
                order(null, t("2026-03-29T22:00:00Z"), null, null)); // 00:00 CEST on the 30th
        assertTotal(c, "2026-03-28", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(c, "2026-03-29", Kpi.DISPATCH_ON_TIME, 0, 2);
        assertTotal(c, "2026-03-30", Kpi.DISPATCH_ON_TIME, 0, 1);
    }

    @Test
    void daysFollowTheAutumnDstChange() {
        // 2026-10-25 in Warsaw is 25 h long: 2026-10-24T22:00Z … 2026-10-25T23:00Z
        Instant deadline = t("2026-10-25T22:59:59Z"); // 23:59:59 CET on the 25th
        Cells c = cells(WAW,
                order(null, t("2026-10-24T21:59:59Z"), null, null),
                order(null, t("2026-10-24T22:00:00Z"), null, null),
                // handed over at 23:30 CET on the 25th: the same local day as the deadline, on time
                order(null, deadline, null, null, ship("W", "INPOST", t("2026-10-25T20:00:00Z"), null, null, null,
                        t("2026-10-25T22:30:00Z"), t("2026-10-25T22:30:00Z"), null, null)),
                order(null, t("2026-10-25T23:00:00Z"), null, null));
        assertTotal(c, "2026-10-24", Kpi.DISPATCH_ON_TIME, 0, 1);
        // 2026-10-24T22:00Z and 2026-10-25T22:59:59Z are 25 h apart and both on the 25th
        assertTotal(c, "2026-10-25", Kpi.DISPATCH_ON_TIME, 1, 2);
        assertTotal(c, "2026-10-26", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(c, "2026-10-25", Kpi.VALID_TRACKING, 1, 1);
    }

    @Test
    void anOrderWithoutHandoverIsLateNotMissing() {
        Cells c = cells(WAW, order(t("2026-11-18T09:00:00Z"), t("2026-11-19T22:59:59Z"), t("2026-11-22T22:59:59Z"), null));
        assertTotal(c, "2026-11-19", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(c, "2026-11-19", Kpi.TRACKING_ON_TIME, 0, 1);
        assertTotal(c, "2026-11-22", Kpi.DELIVERED_ON_TIME, 0, 1);
        assertTotal(c, "2026-11-18", Kpi.SELLER_CANCELLATION, 0, 1);
        // no shipment: no shipment cells, no forward, and no carrier cells
        assertTrue(c.asMap().keySet().stream().allMatch(k -> Cells.TOTAL.equals(k.carrier())));
        assertEquals(4, c.asMap().size());
    }

    @Test
    void buyerCancellationStrictlyBeforeTheDeadlineRemovesTheOrderWithItsShipmentsAndForwards() {
        Instant deadline = t("2026-11-20T22:59:59Z");
        ShipmentFacts s = ship("W", "DPD", t("2026-11-19T10:00:00Z"), t("2026-11-19T10:00:00Z"), t("2026-11-19T10:01:00Z"),
                t("2026-11-19T10:02:00Z"), t("2026-11-19T12:00:00Z"), t("2026-11-19T12:00:00Z"), null, null);
        OrderFacts before = order(t("2026-11-19T09:00:00Z"), deadline, t("2026-11-23T22:59:59Z"),
                new Order.Cancellation(Order.Cancellation.BUYER, deadline.minusSeconds(1)), s);
        OrderFacts auto = order(t("2026-11-19T09:00:00Z"), deadline, null,
                new Order.Cancellation(Order.Cancellation.AUTO, t("2026-11-19T09:30:00Z")), s);
        assertTrue(RULES.contributions(before, WAW).contributions().isEmpty());
        assertTrue(RULES.contributions(auto, WAW).contributions().isEmpty());

        // at the deadline (not strictly before) and after it, the order stays, in full
        OrderFacts atDeadline = order(t("2026-11-19T09:00:00Z"), deadline, null,
                new Order.Cancellation(Order.Cancellation.BUYER, deadline), s);
        OrderFacts after = order(t("2026-11-19T09:00:00Z"), deadline, null,
                new Order.Cancellation(Order.Cancellation.BUYER, deadline.plusSeconds(3600)));
        Cells c = cells(WAW, atDeadline, after);
        assertTotal(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, 1, 2);
        assertTotal(c, "2026-11-19", Kpi.SELLER_CANCELLATION, 0, 2); // a buyer's cancellation is not the seller's
        assertTotal(c, "2026-11-19", Kpi.TRACKING_UPLOAD, 1, 1);
    }

    @Test
    void sellerCancellationStaysEverywhereAsAMissAndCountsAsSellerCancellation() {
        OrderFacts o = order(t("2026-11-18T23:30:00Z"), t("2026-11-20T22:59:59Z"), t("2026-11-24T22:59:59Z"),
                new Order.Cancellation(Order.Cancellation.SELLER, t("2026-11-19T08:00:00Z")));
        Cells c = cells(WAW, o);
        assertTotal(c, "2026-11-19", Kpi.SELLER_CANCELLATION, 1, 1); // bought 00:30 local on the 19th
        assertTotal(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(c, "2026-11-20", Kpi.TRACKING_ON_TIME, 0, 1);
        assertTotal(c, "2026-11-24", Kpi.DELIVERED_ON_TIME, 0, 1);
    }

    @Test
    void handoverIsTheEarliestCollectedElseTheRegisteredHandoverTime() {
        Instant deadline = t("2026-11-20T22:59:59Z");
        // carrier says COLLECTED after the deadline, the seller registered a handover before it: the carrier wins
        OrderFacts carrierWins = order(null, deadline, null, null, ship("W1", "DPD", t("2026-11-20T10:00:00Z"),
                t("2026-11-20T10:00:00Z"), null, null, t("2026-11-21T08:00:00Z"), t("2026-11-21T08:00:00Z"), null, null));
        // no COLLECTED anywhere (only IN_TRANSIT): the seller's handedOverAt decides
        OrderFacts sellerTime = order(null, deadline, null, null, ship("W2", "DPD", t("2026-11-20T10:00:00Z"),
                t("2026-11-20T11:00:00Z"), null, null, null, t("2026-11-21T08:00:00Z"), null, null));
        Cells c = cells(WAW, carrierWins, sellerTime);
        assertTotal(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, 1, 2);
        // shipment handover days: the 21st (COLLECTED) and the 20th (registered)
        assertTotal(c, "2026-11-21", Kpi.VALID_TRACKING, 1, 1);
        assertTotal(c, "2026-11-20", Kpi.VALID_TRACKING, 1, 1);
    }

    @Test
    void trackingUploadIsInclusiveAtOneHourAndCountsAWaybillAcceptedBeforeHandover() {
        Instant h = t("2026-11-20T10:00:00Z");
        Cells c = cells(WAW,
                order(null, null, null, null, ship("A", "DPD", t("2026-11-20T09:00:00Z"), null, h.plusSeconds(3600), null, h, h, null, null)),
                order(null, null, null, null, ship("B", "DPD", t("2026-11-20T09:00:00Z"), null, h.plusSeconds(3601), null, h, h, null, null)),
                order(null, null, null, null, ship("C", "DPD", t("2026-11-20T09:00:00Z"), null, h.minusSeconds(600), null, h, h, null, null)),
                order(null, null, null, null, ship("D", "DPD", t("2026-11-20T09:00:00Z"), null, null, null, h, h, null, null)));
        assertTotal(c, "2026-11-20", Kpi.TRACKING_UPLOAD, 2, 4);
        assertCell(c, "2026-11-20", Kpi.TRACKING_UPLOAD, "DPD", 2, 4);
    }

    @Test
    void trackingOnTimeCountsAnyWaybillOfTheOrder() {
        Instant deadline = t("2026-11-20T22:59:59Z");
        OrderFacts o = order(null, deadline, null, null,
                ship("A", "DPD", t("2026-11-20T09:00:00Z"), null, deadline.plusSeconds(1), null, null, null, null, null),
                ship("B", "DPD", t("2026-11-20T09:30:00Z"), null, deadline, null, null, null, null, null));
        assertTotal(cells(WAW, o), "2026-11-20", Kpi.TRACKING_ON_TIME, 1, 1);
    }

    @Test
    void timelinessTriggersOnTheLaterOfRegistrationAndEvidenceAndSentOnTheFirstEvidence() {
        Instant scan = t("2026-11-20T10:00:00Z");
        // A: registered before the scan: trigger = scan; accepted exactly +15 min: on time, 900,000 ms
        ShipmentFacts a = ship("A", "DPD", t("2026-11-20T09:00:00Z"), null, scan.plusSeconds(900), null, scan, scan, null, null);
        // B: registered 10:05 with handedOverAt, no scan: evidence = registration (10:05); trigger = 10:05; accepted 10:20:00.001: late
        ShipmentFacts b = ship("B", "DPD", t("2026-11-20T10:05:00Z"), t("2026-11-20T09:50:00Z"),
                t("2026-11-20T10:20:00.001Z"), null, null, null, null, null);
        // SENT: first evidence across the order = 10:00 (scan of A); done 10:01 → 60,000 ms
        OrderFacts o = new OrderFacts("acc", "o", null, null, null, null, List.of(a,
                new ShipmentFacts("B", "DPD", b.registeredAt(), b.handedOverAt(), b.acceptedAt(), t("2026-11-20T10:01:00Z"),
                        null, null, null, null)));
        Cells c = cells(WAW, o);
        Tally t = c.get(new Cells.Key(d("2026-11-20"), Kpi.TRACKING_TIMELINESS, Cells.TOTAL));
        assertEquals(2, t.num());
        assertEquals(3, t.den());
        assertEquals(Map.of(900_000L, 1L, 900_001L, 1L, 60_000L, 1L), t.latencies());
        // nearest rank over {60000, 900000, 900001}: p50 = 2nd, p95 = 3rd
        assertEquals(900_000L, t.percentile(50));
        assertEquals(900_001L, t.percentile(95));
    }

    @Test
    void aForwardNeverAcceptedIsAMissWithoutLatencyAndNoEvidenceMeansNoForward() {
        OrderFacts o = order(null, null, null, null,
                ship("A", "DPD", t("2026-11-20T09:00:00Z"), null, null, null, t("2026-11-20T10:00:00Z"), t("2026-11-20T10:00:00Z"), null, null),
                ship("B", "DPD", t("2026-11-20T09:00:00Z"), null, t("2026-11-20T09:01:00Z"), null, null, null, null, null));
        Tally t = cells(WAW, o).get(new Cells.Key(d("2026-11-20"), Kpi.TRACKING_TIMELINESS, Cells.TOTAL));
        assertEquals("0/2", t.num() + "/" + t.den()); // A's waybill forward and the order's SENT; B has no evidence
        assertTrue(t.latencies().isEmpty());
        assertNull(t.percentile(50));
    }

    @Test
    void deliveredOnTimeUsesTheEarliestDeliveryOfAnyParcelInclusiveAndAReturnAfterDeliveryCounts() {
        Instant promised = t("2026-11-24T22:59:59Z");
        Instant h = t("2026-11-20T10:00:00Z");
        OrderFacts o = order(null, null, promised, null,
                ship("A", "DPD", h, null, h, null, h, h, promised, t("2026-11-27T10:00:00Z")),
                ship("B", "DPD", h, null, h, null, h, h, t("2026-11-25T10:00:00Z"), null));
        OrderFacts lateParcel = order(null, null, promised, null,
                ship("C", "DPD", h, null, h, null, h, h, promised.plusSeconds(1), null));
        OrderFacts noPromise = order(null, null, null, null, ship("D", "DPD", h, null, h, null, h, h, h, null));
        Cells c = cells(WAW, o, lateParcel, noPromise);
        assertTotal(c, "2026-11-24", Kpi.DELIVERED_ON_TIME, 1, 2);
        assertTotal(c, "2026-11-20", Kpi.RETURN_RATE, 1, 4); // A returned after it was delivered
    }

    @Test
    void theOrdersCarrierIsThatOfItsFirstRegisteredShipment() {
        Instant deadline = t("2026-11-20T22:59:59Z");
        OrderFacts twoCarriers = order(null, deadline, null, null,
                ship("X", "INPOST", t("2026-11-20T09:30:00Z"), null, null, null, null, null, null, null),
                ship("Y", "DPD", t("2026-11-20T09:00:00Z"), null, null, null, null, null, null, null));
        OrderFacts inpost = order(null, deadline, null, null,
                ship("Z", "INPOST", t("2026-11-20T09:00:00Z"), null, null, null, t("2026-11-20T12:00:00Z"),
                        t("2026-11-20T12:00:00Z"), null, null));
        Cells c = cells(WAW, twoCarriers, inpost);
        assertTotal(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, 1, 2);
        assertCell(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, "DPD", 0, 1);
        assertCell(c, "2026-11-20", Kpi.DISPATCH_ON_TIME, "INPOST", 1, 1);
    }

    @Test
    void anAccountInAnotherZoneCountsItsOwnLocalDays() {
        Instant deadline = t("2026-11-20T23:30:00Z"); // 00:30 on the 21st in Warsaw, 18:30 on the 20th in New York
        OrderFacts o = order(t("2026-11-20T04:00:00Z"), deadline, null, null); // 23:00 on the 19th in New York
        Cells ny = cells(ZoneId.of("America/New_York"), o);
        assertTotal(ny, "2026-11-20", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(ny, "2026-11-19", Kpi.SELLER_CANCELLATION, 0, 1);
        Cells waw = cells(WAW, o);
        assertTotal(waw, "2026-11-21", Kpi.DISPATCH_ON_TIME, 0, 1);
        assertTotal(waw, "2026-11-20", Kpi.SELLER_CANCELLATION, 0, 1);
    }

    @Test
    void ratesAreSumsOverSumsAndNullWithoutDenominator() {
        assertNull(new Tally().rate());
        Tally day1 = new Tally().add(1, 1);
        Tally day2 = new Tally().add(0, 3);
        // averaging the daily rates would give 0.5; the window is 1/4
        assertEquals(0.25, new Tally().add(day1).add(day2).rate());
    }

    @Test
    void contributionsSurviveTheirTextForm() {
        Contribution c = new Contribution(Kpi.TRACKING_TIMELINESS, d("2026-03-29"), true, -1500L);
        assertEquals(c, Contribution.decode(c.encode()));
        Contribution n = new Contribution(Kpi.RETURN_RATE, d("2026-10-25"), false, null);
        assertEquals(n, Contribution.decode(n.encode()));
    }
}
