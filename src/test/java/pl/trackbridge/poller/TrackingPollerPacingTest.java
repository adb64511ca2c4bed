package pl.trackbridge.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.InProcessRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.local.allegro.ManualClock;
import pl.trackbridge.store.InMemoryTrackingStore;
import pl.trackbridge.store.dynamodb.DynamoDbPollSchedule;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The poller on the shared shipments budget (parcel tracking is one of its endpoints): a run with more calls than a
 * window allows waits for the next window and polls everything; Allegro's 429 stops the run at once, leaving what
 * it did not reach due. The schedule is real (DynamoDB Local); the limiter and the pacer run on a manual clock whose
 * sleep advances it; Allegro's parcel tracking is a fake that takes its permits as {@code AllegroClient} does.
 */
class TrackingPollerPacingTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00.400Z");
    static final ObjectMapper JSON = new ObjectMapper();

    final ManualClock clock = new ManualClock(T0);
    /** Two parcel-tracking calls a second: the budget binds after 40 waybills. */
    final InProcessRateLimiter limiter = new InProcessRateLimiter(clock, RateLimit.allegro(9000, 2));
    final RatePacer pacer = new RatePacer(clock, clock::advance, Duration.ofSeconds(2));
    final PollPolicy policy = PollPolicy.defaults();
    final List<Instant> calls = new ArrayList<>();
    EmbeddedAws aws;
    DynamoDbClient dynamo;
    DynamoDbPollSchedule schedule;

    @BeforeEach
    void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        schedule = new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", policy);
    }

    @AfterEach
    void stop() {
        dynamo.close();
        aws.close();
    }

    private void due(String carrierId, int count) {
        Instant registered = T0.minus(Duration.ofHours(1));
        for (int i = 0; i < count; i++) {
            schedule.startIfAbsent("acc", carrierId + "-" + (1000 + i), carrierId, "order-" + carrierId + i, registered,
                    policy.firstPoll(carrierId, registered));
        }
    }

    /** Allegro's parcel tracking: each call takes its permits first (refused before anything is sent). */
    private JsonNode track(String carrierId, List<String> waybills) {
        limiter.acquire(RateLimiter.SHIPMENTS);
        limiter.acquire(RateLimiter.APP);
        calls.add(clock.instant());
        ObjectNode answer = JSON.createObjectNode().put("carrierId", carrierId);
        waybills.forEach(w -> answer.withArray("waybills").addObject().put("waybill", w));
        return answer;
    }

    private TrackingPoller poller(TrackingPoller.ParcelTracking allegro) {
        return new TrackingPoller(schedule, new InMemoryTrackingStore(), allegro, policy, clock, id -> true, 20_000,
                request -> { }).withPacer(pacer);
    }

    private int stillDue() {
        int due = 0;
        for (int s = 0; s < policy.shards(); s++) {
            due += schedule.due(policy.shard(s), clock.instant(), 1000).size();
        }
        return due;
    }

    @Test
    void aRunWithMoreCallsThanAWindowAllowsWaitsForTheNextAndPollsEverything() {
        due("DPD", 100); // 5 calls of 20
        PollReport report = poller((account, carrier, waybills) -> track(carrier, waybills)).run();
        assertEquals(List.of(), report.errors);
        assertEquals(100, report.polled);
        assertEquals(5, report.calls);
        Map<Long, Integer> perSecond = new TreeMap<>();
        calls.forEach(c -> perSecond.merge(c.getEpochSecond(), 1, Integer::sum));
        assertEquals(List.of(2, 2, 1), List.copyOf(perSecond.values()), "two a second, waiting for each next window");
        assertEquals(0, stillDue());
    }

    @Test
    void allegros429StopsTheRunAndWhatItDidNotReachStaysDue() {
        due("DPD", 60);
        due("GLS", 60);
        PollReport report = poller((account, carrier, waybills) -> {
            JsonNode answer = track(carrier, waybills);
            if (calls.size() == 2) {
                limiter.blocked(Duration.ofMinutes(1)); // as AllegroClient does on Allegro's 429
                throw new AllegroApiException(429, null, "Too Many Requests", "trace-429", true);
            }
            return answer;
        }).run();
        assertEquals(2, calls.size(), "not a single call after Allegro's 429");
        assertEquals(20, report.polled);
        assertTrue(report.errors.stream().anyMatch(e -> e.contains("429")), report.errors.toString());
        assertTrue(report.errors.stream().anyMatch(e -> e.startsWith("not polled: 60 due shipments")),
                report.errors.toString());
        assertEquals(60, stillDue(), "the other carrier's shipments were not claimed: due for the next run");
    }
}
