package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.forwarding.Forward;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.kpi.KpiStore;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The writers copy KPI inputs to the order's KPI item, and mark the order changed, only when an input changes:
 * a registration, a forward's acceptance and SENT, a shipment's first collected / scan / delivered / return times.
 * Claims released without progress, retries and later scans write nothing there. Checked on the items in DynamoDB
 * Local: each test closes the shard's change set (as the roll-up does when it starts) and looks whether the next
 * write marked the order in the new one, and with which values. The writers' stores still hold the closed set's
 * number, so every mark after a close also goes through their re-read of the open set.
 */
class OrderKpiItemWritesTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static DynamoDbRegistrationStore registrations;
    static DynamoDbTrackingStore tracking;
    static DynamoDbKpiStore kpis;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable", OrderKpiItem.DEFAULT_TABLE);
        tracking = new DynamoDbTrackingStore(dynamo, new TableNames("AccountsTable", "ShipmentsTable",
                "TrackingEventsTable", "WebhookInboxTable", "JobStateTable", OrderKpiItem.DEFAULT_TABLE));
        kpis = new DynamoDbKpiStore(dynamo, OrderKpiItem.DEFAULT_TABLE, "ShipmentsTable", new KpiIo());
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    private static Map<String, AttributeValue> item(String account, String order) {
        return dynamo.getItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE).key(OrderKpiItem.key(account, order))
                .consistentRead(true)).item();
    }

    private static long openSet(String account) {
        return new KpiMarks(dynamo, OrderKpiItem.DEFAULT_TABLE).readOpen(KpiMarks.shard(account));
    }

    /** Whether the order has a mark in its shard's open change set. */
    private static boolean marked(String account, String order) {
        int shard = KpiMarks.shard(account);
        Map<String, AttributeValue> m = dynamo.getItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE).consistentRead(true)
                .key(DynamoBatch.key("pk", KpiMarks.markPk(shard, openSet(account)), "sk", KpiMarks.markSk(account, order))))
                .item();
        return m != null && !m.isEmpty();
    }

    /** What the roll-up does when it starts: closes the shard's open change set; later changes mark the next one. */
    private static void consume(String account, String order) {
        assertTrue(marked(account, order), "the change was marked");
        long open = openSet(account);
        dynamo.updateItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE).key(KpiMarks.shardKey(KpiMarks.shard(account)))
                .updateExpression("SET #o = :n").expressionAttributeNames(Map.of("#o", "open"))
                .expressionAttributeValues(Map.of(":n", Attr.n(open + 1))));
        assertFalse(marked(account, order), "not in the new set yet");
    }

    private static String copied(String account, String order, String waybill, String field) {
        return Attr.str(item(account, order), OrderKpiItem.field(waybill, field));
    }

    private static ForwardState claim(String account, String waybill, String order, String holder) {
        Forward f = registrations.claim(account, waybill, order, holder, NOW, NOW.plusSeconds(60)).orElseThrow();
        return f.state();
    }

    private static ForwardState.Attempt attempt(String action, String outcome, int status) {
        return new ForwardState.Attempt(NOW, action, outcome, status, null, null, null);
    }

    @Test
    void aForwardRecordCopiesToTheOrderOnlyWhenAcceptanceOrSentChanged() {
        String a = "acc-" + UUID.randomUUID();
        String o = "o1";
        String w = "W1";
        registrations.createIfAbsent(new Registration(a, o, w, "DPD", null, List.of(), null, null, NOW, null, false));
        assertTrue(marked(a, o), "a registration is a KPI input");
        consume(a, o);

        // a retry: nothing Allegro accepted, no KPI input moved
        ForwardState claimed = claim(a, w, o, "h1");
        registrations.record(a, w, o, "h1", claimed, claimed.withWaybill("RETRYING", null, null),
                List.of(attempt("WAYBILL", "RETRY", 503)));
        assertFalse(marked(a, o), "a retry writes no mark");

        // the waybill accepted: acceptedAt is a KPI input
        claimed = claim(a, w, o, "h2");
        ForwardState accepted = claimed.withWaybill("ACCEPTED", "s1", NOW.plusSeconds(5));
        registrations.record(a, w, o, "h2", claimed, accepted, List.of(attempt("WAYBILL", "ACCEPTED", 201)));
        assertTrue(marked(a, o), "the acceptance writes the mark");
        consume(a, o);

        // SENT failing and being retried changes no KPI input
        claimed = claim(a, w, o, "h3");
        assertEquals("ACCEPTED", claimed.waybill());
        registrations.record(a, w, o, "h3", claimed, claimed.withSent("RETRYING", null), List.of(attempt("SENT", "RETRY", 500)));
        assertFalse(marked(a, o), "a SENT retry writes no mark");
        // nor does a claim released with nothing done (the first scan has not come yet)
        claimed = claim(a, w, o, "h4");
        registrations.record(a, w, o, "h4", claimed, claimed, List.of());
        assertFalse(marked(a, o), "a claim released with no change writes no mark");

        // SENT done: a KPI input
        claimed = claim(a, w, o, "h5");
        registrations.record(a, w, o, "h5", claimed, claimed.withSent("DONE", NOW.plusSeconds(9)),
                List.of(attempt("SENT", "DONE", 200)));
        assertTrue(marked(a, o), "SENT done writes the mark");
        assertEquals(NOW.plusSeconds(5).toString(), copied(a, o, w, "acceptedAt"));
        assertEquals(NOW.plusSeconds(9).toString(), copied(a, o, w, "sentAt"));
        assertEquals("DPD", copied(a, o, w, "carrierId"));
        assertEquals(NOW.toString(), copied(a, o, w, "registeredAt"));
        // the record itself was stored either way, and released the claim
        Forward f = registrations.forWaybill(a, w).get(0);
        assertEquals("DONE", f.state().sent());
        assertEquals(NOW.plusSeconds(5), f.state().acceptedAt());
        assertEquals(4, f.state().attempts().size(), "retry, acceptance, SENT retry, SENT");
        assertTrue(registrations.claim(a, w, o, "h6", NOW, NOW.plusSeconds(60)).isPresent(), "claim released");
    }

    @Test
    void aRecordWithoutTheClaimedStateAlwaysMarks() {
        String a = "acc-" + UUID.randomUUID();
        registrations.createIfAbsent(new Registration(a, "o1", "W1", "DPD", null, List.of(), null, null, NOW, null, false));
        consume(a, "o1");
        ForwardState claimed = claim(a, "W1", "o1", "h1");
        registrations.record(a, "W1", "o1", "h1", claimed.withWaybill("RETRYING", null, null), List.of());
        assertTrue(marked(a, "o1"), "unknown previous state: marked to be safe");
    }

    private static CanonicalEvent ev(String waybill, TrackingStatus status, int minute) {
        return EventBuilder.from("generic").dedupeKey(UUID.randomUUID().toString()).carrierId("DPD").waybill(waybill)
                .status(status).occurredAt(NOW.plusSeconds(60L * minute)).build();
    }

    @Test
    void anAppendCopiesToTheWaybillsOrdersOnlyWhenAFirstTimeOfTheShipmentChanged() {
        String a = "acc-" + UUID.randomUUID();
        String w = "W1";
        for (String o : List.of("o1", "o2")) { // one parcel for two orders
            registrations.createIfAbsent(new Registration(a, o, w, "DPD", null, List.of(), null, null, NOW, null, false));
        }
        consume(a, "o2");
        assertFalse(marked(a, "o1"), "closed with o2's");
        tracking.append(a, w, List.of(ev(w, TrackingStatus.LABEL_CREATED, 0)), null, NOW);
        assertFalse(marked(a, "o1"), "a label changes no KPI input");

        tracking.append(a, w, List.of(ev(w, TrackingStatus.COLLECTED, 10)), null, NOW);
        for (String o : List.of("o1", "o2")) {
            assertTrue(marked(a, o), "the first scan and collection are KPI inputs of every order of the waybill");
            assertEquals(NOW.plusSeconds(600).toString(), copied(a, o, w, "firstScanAt"));
            assertEquals(NOW.plusSeconds(600).toString(), copied(a, o, w, "firstCollectedAt"));
        }
        consume(a, "o1");

        tracking.append(a, w, List.of(ev(w, TrackingStatus.IN_TRANSIT, 20)), null, NOW);
        tracking.append(a, w, List.of(ev(w, TrackingStatus.OUT_FOR_DELIVERY, 30)), null, NOW);
        assertFalse(marked(a, "o1"), "later scans change no first time");

        // an earlier scan arriving late moves the first scan back: a KPI input changed
        tracking.append(a, w, List.of(ev(w, TrackingStatus.IN_TRANSIT, 5)), null, NOW);
        assertTrue(marked(a, "o1"), "a late earlier scan moves firstScanAt");
        assertEquals(NOW.plusSeconds(300).toString(), copied(a, "o1", w, "firstScanAt"));
        consume(a, "o1");

        tracking.append(a, w, List.of(ev(w, TrackingStatus.DELIVERED, 40)), null, NOW);
        assertTrue(marked(a, "o1"), "the delivery is a KPI input");
        assertEquals(NOW.plusSeconds(2400).toString(), copied(a, "o1", w, "firstDeliveredAt"));
        assertEquals(6, tracking.events(a, w).size(), "every event was stored, copied or not");
        assertEquals(NOW.plusSeconds(300), tracking.shipment(a, w).orElseThrow().state().firstScanAt());
    }

    @Test
    void aWaybillRegisteredAfterItsScansIsReadFromTheShipmentByTheRollup() {
        String a = "acc-" + UUID.randomUUID();
        tracking.append(a, "W1", List.of(ev("W1", TrackingStatus.COLLECTED, 10)), null, NOW);
        registrations.createIfAbsent(new Registration(a, "o1", "W1", "DPD", null, List.of(), null, null, NOW, null, false));
        assertEquals(null, copied(a, "o1", "W1", "firstScanAt"), "nothing to copy from at registration");
        dynamo.updateItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE).key(OrderKpiItem.key(a, "o1"))
                .updateExpression("SET #y = :t, #b = :b").expressionAttributeNames(Map.of("#y", OrderKpiItem.attr("synced"),
                        "#b", OrderKpiItem.attr("boughtAt")))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":b", Attr.s(NOW.toString()))));
        KpiStore.Dirty d = dirty(a, "o1");
        assertEquals(NOW.plusSeconds(600), d.facts().shipments().get(0).firstScanAt(), "read from the shipment");
    }

    private static KpiStore.Dirty dirty(String account, String order) {
        String cursor = null;
        do {
            KpiStore.Page page = kpis.dirty(KpiMarks.shard(account), cursor, 100);
            for (KpiStore.Dirty d : page.orders()) {
                if (d.accountId().equals(account) && d.orderId().equals(order)) {
                    return d;
                }
            }
            cursor = page.next();
        } while (cursor != null);
        throw new AssertionError(account + "/" + order + " is not marked changed");
    }

    /**
     * Registrations racing appends on one waybill: whatever the interleaving, every order ends up with the shipment's
     * first scans as they finally are, copied or read (the append re-reads the link when a registration moved it).
     */
    @Test
    void registrationsRacingAppendsLeaveEveryOrderWithTheShipmentsFinalFirstScans() throws Exception {
        String a = "acc-" + UUID.randomUUID();
        String w = "WR";
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        List<java.util.concurrent.Future<?>> fs = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            int n = i;
            fs.add(pool.submit(() -> registrations.createIfAbsent(
                    new Registration(a, "o" + n, w, "DPD", null, List.of(), null, null, NOW, null, false))));
            // each scan earlier than the last: every append moves firstScanAt
            fs.add(pool.submit(() -> tracking.append(a, w, List.of(ev(w, TrackingStatus.IN_TRANSIT, 100 - n)), null, NOW)));
        }
        for (java.util.concurrent.Future<?> f : fs) {
            f.get();
        }
        pool.shutdown();
        Instant first = tracking.shipment(a, w).orElseThrow().state().firstScanAt();
        assertEquals(NOW.plusSeconds(60L * 93), first);
        for (int i = 0; i < 8; i++) {
            String o = "o" + i;
            dynamo.updateItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE).key(OrderKpiItem.key(a, o))
                    .updateExpression("SET #y = :t, #b = :b").expressionAttributeNames(Map.of("#y", OrderKpiItem.attr("synced"),
                        "#b", OrderKpiItem.attr("boughtAt")))
                    .expressionAttributeValues(Map.of(":t", AttributeValue.fromBool(true), ":b", Attr.s(NOW.toString()))));
            assertEquals(first, dirty(a, o).facts().shipments().get(0).firstScanAt(), o);
        }
    }
}
