package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.poller.PollItem;
import pl.trackbridge.poller.PollPolicy;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The poll schedule against DynamoDB Local: kept in the append's own transaction, found through its index only. */
class DynamoDbPollScheduleTest {
    static final TableNames TABLES = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable",
            "WebhookInboxTable", "JobStateTable");
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final PollPolicy POLICY = PollPolicy.defaults();
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static DynamoDbPollSchedule schedule;
    static DynamoDbTrackingStore store;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        schedule = new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", POLICY);
        store = new DynamoDbTrackingStore(dynamo, TABLES, schedule);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    private static CanonicalEvent ev(String source, String carrier, String waybill, TrackingStatus status, int minute) {
        return EventBuilder.from(source).dedupeKey(UUID.randomUUID().toString()).carrierId(carrier).waybill(waybill)
                .status(status).occurredAt(NOW.minusSeconds(36_000).plusSeconds(60L * minute)).build();
    }

    private static String wb() {
        return "W" + UUID.randomUUID().toString().replace("-", "").substring(0, 12).toUpperCase();
    }

    private static boolean due(String waybill, Instant at) {
        return schedule.due(POLICY.shard("acc", waybill), at, 10_000).stream().anyMatch(i -> i.waybill().equals(waybill));
    }

    @Test
    void aPushPostponesPollingByTheQuietPeriodInTheSameWriteAsTheState() {
        String w = wb();
        store.append("acc", w, List.of(ev("generic", "INPOST", w, TrackingStatus.COLLECTED, 0)), null, NOW);
        PollItem i = schedule.find("acc", w).orElseThrow();
        assertEquals(NOW.plus(Duration.ofHours(6)), i.nextPollAt());
        assertEquals(NOW, i.lastPushAt());
        assertEquals("INPOST", i.carrierId());
        assertFalse(due(w, NOW.plus(Duration.ofHours(5))));
        assertTrue(due(w, NOW.plus(Duration.ofHours(6))));
    }

    @Test
    void pushesWithinTheSlackLeaveTheScheduleAloneALaterPushMovesIt() {
        String w = wb();
        schedule.startIfAbsent("acc", w, "INPOST", "o1", NOW.minusSeconds(60), POLICY.firstPoll("INPOST", NOW.minusSeconds(60)));
        // the first push is written even though the registration already made it due about as late: it records the push
        store.append("acc", w, List.of(ev("generic", "INPOST", w, TrackingStatus.COLLECTED, 0)), null, NOW);
        PollItem first = schedule.find("acc", w).orElseThrow();
        assertEquals(NOW, first.lastPushAt());
        assertEquals(NOW.plus(Duration.ofHours(6)), first.nextPollAt());

        // 30 minutes later: due 5.5 h after this push, within the 1 h slack; the item is not rewritten
        Instant later = NOW.plus(Duration.ofMinutes(30));
        store.append("acc", w, List.of(ev("generic", "INPOST", w, TrackingStatus.IN_TRANSIT, 1)), null, later);
        assertEquals(first, schedule.find("acc", w).orElseThrow());
        assertEquals(2, store.events("acc", w).size());

        // 70 minutes after the written push: past the slack, so the push moves the due time and is recorded
        Instant muchLater = NOW.plus(Duration.ofMinutes(70));
        store.append("acc", w, List.of(ev("generic", "INPOST", w, TrackingStatus.OUT_FOR_DELIVERY, 2)), null, muchLater);
        PollItem moved = schedule.find("acc", w).orElseThrow();
        assertEquals(muchLater.plus(Duration.ofHours(6)), moved.nextPollAt());
        assertEquals(muchLater, moved.lastPushAt());
        assertFalse(due(w, muchLater.plus(Duration.ofHours(5))));
        assertTrue(due(w, muchLater.plus(Duration.ofHours(6))));

        // a terminal status is always written, however soon
        store.append("acc", w, List.of(ev("generic", "INPOST", w, TrackingStatus.DELIVERED, 3)), null, muchLater.plusSeconds(60));
        assertEquals(PollItem.TERMINAL, schedule.find("acc", w).orElseThrow().stopped());
        assertFalse(due(w, muchLater.plus(Duration.ofDays(2))));
    }

    @Test
    void aPushToAParcelPolledAtEveryRunIsAlwaysRecorded() {
        // DPD never pushes: until a webhook event arrives it is polled every run; the first push must reach the item
        String w = wb();
        schedule.startIfAbsent("acc", w, "DPD", null, NOW, NOW);
        PollItem seen = schedule.find("acc", w).orElseThrow();
        assertTrue(schedule.claim(seen, NOW.plus(Duration.ofHours(6)), NOW)); // due later than the push would make it
        store.append("acc", w, List.of(ev("generic", "DPD", w, TrackingStatus.COLLECTED, 0)), null, NOW.plusSeconds(60));
        assertEquals(NOW.plusSeconds(60), schedule.find("acc", w).orElseThrow().lastPushAt());
    }

    @Test
    void aSignedTerminalTakesTheShipmentOutOfTheIndexAnUnsignedOneMakesItDueAtOnce() {
        String signed = wb();
        store.append("acc", signed, List.of(ev("generic", "DPD", signed, TrackingStatus.DELIVERED, 0)), null, NOW);
        PollItem s = schedule.find("acc", signed).orElseThrow();
        assertNull(s.nextPollAt());
        assertEquals(PollItem.TERMINAL, s.stopped());
        assertFalse(due(signed, NOW.plus(Duration.ofDays(400))));

        String unsigned = wb();
        store.append("acc", unsigned, List.of(ev("inpost", "INPOST", unsigned, TrackingStatus.DELIVERED, 0)), null, NOW);
        PollItem u = schedule.find("acc", unsigned).orElseThrow();
        assertTrue(u.terminalUnconfirmed());
        assertEquals(NOW, u.nextPollAt());
        // a signed source saying the same confirms it and ends polling
        store.append("acc", unsigned, List.of(ev("aftership", "INPOST", unsigned, TrackingStatus.DELIVERED, 1)), null, NOW);
        PollItem c = schedule.find("acc", unsigned).orElseThrow();
        assertFalse(c.terminalUnconfirmed());
        assertNull(c.nextPollAt());
    }

    @Test
    void aCustomCarrierIsNeverScheduled() {
        String w = wb();
        store.append("acc", w, List.of(ev("generic", "OTHER", w, TrackingStatus.COLLECTED, 0)), null, NOW);
        schedule.startIfAbsent("acc", w, "OTHER", null, NOW, NOW);
        assertTrue(schedule.find("acc", w).isEmpty());
    }

    @Test
    void aLongHistoryStillFitsTheTransactionLimitWithTheScheduleWrite() {
        String w = wb();
        List<CanonicalEvent> many = new ArrayList<>();
        for (int i = 0; i < 250; i++) {
            many.add(ev("generic", "DPD", w, TrackingStatus.IN_TRANSIT, i));
        }
        AppendResult r = store.append("acc", w, many, null, NOW);
        assertEquals(250, r.accepted());
        assertEquals(250, store.events("acc", w).size());
        assertEquals(NOW.plus(Duration.ofHours(6)), schedule.find("acc", w).orElseThrow().nextPollAt());
    }

    @Test
    void aClaimSucceedsOnceForTheDueTimeItWasReadWith() {
        String w = wb();
        schedule.startIfAbsent("acc", w, "DPD", null, NOW, NOW);
        schedule.startIfAbsent("acc", w, "DPD", null, NOW.plusSeconds(99), NOW.plusSeconds(99)); // no change
        PollItem seen = schedule.find("acc", w).orElseThrow();
        assertEquals(NOW, seen.nextPollAt());
        assertTrue(schedule.claim(seen, NOW.plus(Duration.ofMinutes(10)), NOW));
        assertFalse(schedule.claim(seen, NOW.plus(Duration.ofMinutes(10)), NOW), "the second run loses");
        assertFalse(due(w, NOW.plus(Duration.ofMinutes(9))));
    }

    @Test
    void aRefusalIsRecordedOnceUntilItLapses() {
        String carrier = "C" + UUID.randomUUID().toString().substring(0, 6);
        assertFalse(schedule.refused(carrier, NOW));
        assertTrue(schedule.recordRefusal(carrier, "400", NOW, NOW.plus(Duration.ofDays(7))));
        assertFalse(schedule.recordRefusal(carrier, "400", NOW.plusSeconds(5), NOW.plus(Duration.ofDays(8))));
        assertTrue(schedule.refused(carrier, NOW.plus(Duration.ofDays(6))));
        assertFalse(schedule.refused(carrier, NOW.plus(Duration.ofDays(7))));
        assertTrue(schedule.recordRefusal(carrier, "400", NOW.plus(Duration.ofDays(7)).plusSeconds(1),
                NOW.plus(Duration.ofDays(14))), "asked again after the hold, and reported again if still refused");
    }
}
