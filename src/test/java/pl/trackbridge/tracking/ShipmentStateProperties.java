package pl.trackbridge.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Any permutation and duplication of a shipment's events gives the same final state and the same stored
 * event set, both in the pure reducer and through the real DynamoDB store (DynamoDB Local).
 */
class ShipmentStateProperties {
    private static EmbeddedAws aws;
    private static DynamoDbClient dynamo;
    private static DynamoDbTrackingStore store;

    @BeforeContainer
    static void startDynamo() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        store = new DynamoDbTrackingStore(dynamo,
                new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable"));
    }

    @AfterContainer
    static void stop() {
        dynamo.close();
        aws.close();
    }

    @Property(tries = 300)
    void incrementalMergeInAnyOrderEqualsTheFold(@ForAll("histories") List<CanonicalEvent> events, @ForAll long seed) {
        ShipmentState spec = ShipmentState.fold(events);
        List<CanonicalEvent> delivered = shuffledWithDuplicates(events, seed);
        ShipmentState incremental = ShipmentState.EMPTY;
        Set<String> seen = new java.util.HashSet<>();
        boolean revoked = false;
        for (CanonicalEvent e : delivered) {
            if (seen.add(e.eventKey())) {
                incremental = incremental.merge(e);
                revoked |= e.kind() == EventKind.REVOKE;
            }
        }
        if (revoked) {
            incremental = ShipmentState.fold(delivered); // the store re-folds once a revocation is seen
        }
        assertEquals(spec, incremental);
        assertEquals(spec.status(), ShipmentState.fold(delivered).status());
    }

    @Property(tries = 40)
    void theDynamoDbStoreEndsInTheSameStateWhateverTheDeliveryOrder(@ForAll("histories") List<CanonicalEvent> events,
            @ForAll long seed) {
        String account = "prop-" + UUID.randomUUID();
        String waybill = events.get(0).waybill();
        Instant now = Instant.parse("2026-11-21T12:00:00Z");
        for (CanonicalEvent e : shuffledWithDuplicates(events, seed)) {
            store.append(account, waybill, List.of(e), "raw", now); // one delivery per event, like carriers do
        }
        ShipmentRecord stored = store.shipment(account, waybill).orElseThrow();
        assertEquals(ShipmentState.fold(events), stored.state());
        Set<String> storedKeys = store.events(account, waybill).stream().map(StoredEvent::event)
                .map(CanonicalEvent::eventKey).collect(Collectors.toSet());
        assertEquals(events.stream().map(CanonicalEvent::eventKey).collect(Collectors.toSet()), storedKeys);
        assertEquals(storedKeys.size(), stored.eventCount());
    }

    private static List<CanonicalEvent> shuffledWithDuplicates(List<CanonicalEvent> events, long seed) {
        Random random = new Random(seed);
        List<CanonicalEvent> out = new ArrayList<>(events);
        for (CanonicalEvent e : events) {
            int copies = random.nextInt(3);
            for (int i = 0; i < copies; i++) {
                out.add(e);
            }
        }
        Collections.shuffle(out, random);
        return out;
    }

    @Provide
    Arbitrary<List<CanonicalEvent>> histories() {
        Arbitrary<TrackingStatus> status = Arbitraries.of(TrackingStatus.class);
        Arbitrary<Reason> reason = Arbitraries.of(Reason.class).injectNull(0.5);
        Arbitrary<EventKind> kind = Arbitraries.of(EventKind.STATUS, EventKind.STATUS, EventKind.STATUS, EventKind.INFO);
        // few distinct minutes, so equal occurredAt (tie-breaks) happen often
        Arbitrary<Integer> minute = Arbitraries.integers().between(0, 12);
        Arbitrary<String> source = Arbitraries.of("generic", "aftership", "inpost");
        Arbitrary<CanonicalEvent> event = Combinators.combine(status, reason, kind, minute, source,
                Arbitraries.integers().between(0, 1_000_000)).as((s, r, k, m, src, id) -> EventBuilder.from(src)
                        .dedupeKey("k" + id).carrierId("DPD").waybill("PROP1").kind(k).status(s).reason(r)
                        .occurredAt(Instant.parse("2026-11-20T10:00:00Z").plusSeconds(60L * m)).build());
        return event.list().ofMinSize(1).ofMaxSize(12).uniqueElements(CanonicalEvent::eventKey)
                .flatMap(list -> withRevocations(list));
    }

    /** Sometimes adds a REVOKE of one of the events, as DPD and Poczta Polska send. */
    private static Arbitrary<List<CanonicalEvent>> withRevocations(List<CanonicalEvent> list) {
        return Arbitraries.integers().between(-3, list.size() - 1).map(i -> {
            if (i < 0) {
                return list;
            }
            CanonicalEvent target = list.get(i);
            List<CanonicalEvent> out = new ArrayList<>(list);
            out.add(EventBuilder.from(target.source()).dedupeKey("revoke-" + target.dedupeKey()).carrierId("DPD")
                    .waybill("PROP1").kind(EventKind.REVOKE).revokes(target.dedupeKey())
                    .occurredAt(target.occurredAt().plusSeconds(30)).build());
            return out;
        });
    }
}
