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
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The KPI roll-up's dirty marks are written only by writes that change a KPI input (DynamoDbKpiSources reads them):
 * a forward's acceptance and SENT, a shipment's first collected / scan / delivered / return times. Claims released
 * without progress, retries and later scans write none. Checked on the mark items in DynamoDB Local: each test
 * deletes the mark (as the roll-up does once it has taken the change in) and looks whether the next write made one.
 */
class KpiMarkOnChangeTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static DynamoDbRegistrationStore registrations;
    static DynamoDbTrackingStore tracking;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable", KpiMarks.DEFAULT_TABLE);
        tracking = new DynamoDbTrackingStore(dynamo, new TableNames("AccountsTable", "ShipmentsTable",
                "TrackingEventsTable", "WebhookInboxTable", "JobStateTable", KpiMarks.DEFAULT_TABLE));
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    private static Map<String, AttributeValue> mark(String account, String kind, String ref) {
        return dynamo.getItem(b -> b.tableName(KpiMarks.DEFAULT_TABLE).key(KpiMarks.key(account, kind, ref))
                .consistentRead(true)).item();
    }

    private static boolean marked(String account, String kind, String ref) {
        Map<String, AttributeValue> m = mark(account, kind, ref);
        return m != null && !m.isEmpty();
    }

    /** What the roll-up does once it has the change: the mark goes. */
    private static void consume(String account, String kind, String ref) {
        dynamo.deleteItem(b -> b.tableName(KpiMarks.DEFAULT_TABLE).key(KpiMarks.key(account, kind, ref)));
    }

    private static ForwardState claim(String account, String waybill, String order, String holder) {
        Forward f = registrations.claim(account, waybill, order, holder, NOW, NOW.plusSeconds(60)).orElseThrow();
        return f.state();
    }

    private static ForwardState.Attempt attempt(String action, String outcome, int status) {
        return new ForwardState.Attempt(NOW, action, outcome, status, null, null, null);
    }

    @Test
    void aForwardRecordMarksTheOrderOnlyWhenAcceptanceOrSentChanged() {
        String a = "acc-" + UUID.randomUUID();
        String o = "o1";
        String w = "W1";
        registrations.createIfAbsent(new Registration(a, o, w, "DPD", null, List.of(), null, null, NOW, null, false));
        assertTrue(marked(a, KpiMarks.ORDER, o), "a registration is a KPI input");
        consume(a, KpiMarks.ORDER, o);

        // a retry: nothing Allegro accepted, no KPI input moved
        ForwardState claimed = claim(a, w, o, "h1");
        registrations.record(a, w, o, "h1", claimed, claimed.withWaybill("RETRYING", null, null),
                List.of(attempt("WAYBILL", "RETRY", 503)));
        assertFalse(marked(a, KpiMarks.ORDER, o), "a retry writes no mark");

        // the waybill accepted: acceptedAt is a KPI input
        claimed = claim(a, w, o, "h2");
        ForwardState accepted = claimed.withWaybill("ACCEPTED", "s1", NOW.plusSeconds(5));
        registrations.record(a, w, o, "h2", claimed, accepted, List.of(attempt("WAYBILL", "ACCEPTED", 201)));
        assertTrue(marked(a, KpiMarks.ORDER, o), "the acceptance writes the mark");
        consume(a, KpiMarks.ORDER, o);

        // SENT failing and being retried changes no KPI input
        claimed = claim(a, w, o, "h3");
        assertEquals("ACCEPTED", claimed.waybill());
        registrations.record(a, w, o, "h3", claimed, claimed.withSent("RETRYING", null), List.of(attempt("SENT", "RETRY", 500)));
        assertFalse(marked(a, KpiMarks.ORDER, o), "a SENT retry writes no mark");
        // nor does a claim released with nothing done (the first scan has not come yet)
        claimed = claim(a, w, o, "h4");
        registrations.record(a, w, o, "h4", claimed, claimed, List.of());
        assertFalse(marked(a, KpiMarks.ORDER, o), "a claim released with no change writes no mark");

        // SENT done: a KPI input
        claimed = claim(a, w, o, "h5");
        registrations.record(a, w, o, "h5", claimed, claimed.withSent("DONE", NOW.plusSeconds(9)),
                List.of(attempt("SENT", "DONE", 200)));
        assertTrue(marked(a, KpiMarks.ORDER, o), "SENT done writes the mark");
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
        consume(a, KpiMarks.ORDER, "o1");
        ForwardState claimed = claim(a, "W1", "o1", "h1");
        registrations.record(a, "W1", "o1", "h1", claimed.withWaybill("RETRYING", null, null), List.of());
        assertTrue(marked(a, KpiMarks.ORDER, "o1"), "unknown previous state: marked to be safe");
    }

    private static CanonicalEvent ev(String waybill, TrackingStatus status, int minute) {
        return EventBuilder.from("generic").dedupeKey(UUID.randomUUID().toString()).carrierId("DPD").waybill(waybill)
                .status(status).occurredAt(NOW.plusSeconds(60L * minute)).build();
    }

    @Test
    void anAppendMarksTheWaybillOnlyWhenAFirstTimeOfTheShipmentChanged() {
        String a = "acc-" + UUID.randomUUID();
        String w = "W1";
        tracking.append(a, w, List.of(ev(w, TrackingStatus.LABEL_CREATED, 0)), null, NOW);
        assertFalse(marked(a, KpiMarks.WAYBILL, w), "a label changes no KPI input");

        tracking.append(a, w, List.of(ev(w, TrackingStatus.COLLECTED, 10)), null, NOW);
        assertTrue(marked(a, KpiMarks.WAYBILL, w), "the first scan and collection are KPI inputs");
        consume(a, KpiMarks.WAYBILL, w);

        tracking.append(a, w, List.of(ev(w, TrackingStatus.IN_TRANSIT, 20)), null, NOW);
        tracking.append(a, w, List.of(ev(w, TrackingStatus.OUT_FOR_DELIVERY, 30)), null, NOW);
        assertFalse(marked(a, KpiMarks.WAYBILL, w), "later scans change no first time");

        // an earlier scan arriving late moves the first scan back: a KPI input changed
        tracking.append(a, w, List.of(ev(w, TrackingStatus.IN_TRANSIT, 5)), null, NOW);
        assertTrue(marked(a, KpiMarks.WAYBILL, w), "a late earlier scan moves firstScanAt");
        consume(a, KpiMarks.WAYBILL, w);

        tracking.append(a, w, List.of(ev(w, TrackingStatus.DELIVERED, 40)), null, NOW);
        assertTrue(marked(a, KpiMarks.WAYBILL, w), "the delivery is a KPI input");
        assertEquals(6, tracking.events(a, w).size(), "every event was stored, marked or not");
        assertEquals(NOW.plusSeconds(300), tracking.shipment(a, w).orElseThrow().state().firstScanAt());
    }
}
