package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.store.RawPayload;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The DynamoDB store against DynamoDB Local: its conditions, concurrency and batching. */
class DynamoDbTrackingStoreTest {
    static final TableNames TABLES = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable");
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static DynamoDbTrackingStore store;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        store = new DynamoDbTrackingStore(dynamo, TABLES);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    private static CanonicalEvent ev(String key, String waybill, TrackingStatus status, int minute) {
        return EventBuilder.from("generic").dedupeKey(key).carrierId("DPD").waybill(waybill).status(status)
                .occurredAt(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * minute)).build();
    }

    @Test
    void conditionsAreExactlyTheDocumentedOnes() {
        // docs/storage.md promises these; a change here is a change of the idempotency contract
        assertEquals("attribute_not_exists(eventKey)", DynamoDbTrackingStore.EVENT_IS_NEW);
        assertEquals("attribute_not_exists(waybill)", DynamoDbTrackingStore.SHIPMENT_IS_NEW);
        assertEquals("version = :v", DynamoDbTrackingStore.SHIPMENT_UNCHANGED);
    }

    @Test
    void concurrentDeliveriesToOneShipmentLoseNothingAndStoreEachEventOnce() throws Exception {
        int threads = 8;
        int perThread = 15;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<AppendResult>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            for (int i = 0; i < perThread; i++) {
                // every thread delivers the same 15 events: 8 copies of each, concurrently
                CanonicalEvent e = ev("c" + i, "CONC1", i == 14 ? TrackingStatus.DELIVERED : TrackingStatus.IN_TRANSIT, i);
                work.add(() -> store.append("acc-conc", "CONC1", List.of(e), "raw", NOW));
            }
        }
        int accepted = 0;
        int duplicates = 0;
        for (Future<AppendResult> f : pool.invokeAll(work)) {
            accepted += f.get().accepted();
            duplicates += f.get().duplicates();
        }
        pool.shutdown();
        assertEquals(perThread, accepted);
        assertEquals(perThread * (threads - 1), duplicates);
        ShipmentRecord s = store.shipment("acc-conc", "CONC1").orElseThrow();
        assertEquals(perThread, s.eventCount());
        assertEquals(perThread, store.events("acc-conc", "CONC1").size());
        assertEquals(TrackingStatus.DELIVERED, s.state().status());
        assertEquals(perThread, s.version(), "one committed write per accepted event");
    }

    @Test
    void aDeliveryLargerThanOneTransactionIsSplitAndDuplicatesInsideItCount() {
        List<CanonicalEvent> events = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            events.add(ev("b" + i, "BIG1", TrackingStatus.IN_TRANSIT, i));
        }
        events.add(ev("b7", "BIG1", TrackingStatus.IN_TRANSIT, 7)); // a duplicate inside the delivery
        AppendResult first = store.append("acc-big", "BIG1", events, "raw", NOW);
        assertEquals(250, first.accepted());
        assertEquals(1, first.duplicates());
        AppendResult again = store.append("acc-big", "BIG1", events, "raw", NOW);
        assertEquals(0, again.accepted());
        assertEquals(251, again.duplicates());
        assertEquals(250, store.events("acc-big", "BIG1").size());
    }

    @Test
    void rawDeliveriesAreKeptOnceWithTheirBytes() {
        byte[] body = "{\"x\":1}".getBytes();
        RawPayload raw = new RawPayload("acc#generic#abc", "acc", "generic", body, java.util.Map.of("content-type", "application/json"), NOW);
        store.saveRaw(raw);
        store.saveRaw(raw); // a redelivery is not an error
        var item = dynamo.getItem(b -> b.tableName(TABLES.inbox())
                .key(java.util.Map.of("rawRef", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS("acc#generic#abc")))).item();
        assertEquals("{\"x\":1}", item.get("body").b().asUtf8String());
        assertEquals(NOW.getEpochSecond() + DynamoDbTrackingStore.RAW_RETENTION_SECONDS, Long.parseLong(item.get("expiresAt").n()));
    }
}
