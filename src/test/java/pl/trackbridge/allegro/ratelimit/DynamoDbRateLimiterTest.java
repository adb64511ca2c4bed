package pl.trackbridge.allegro.ratelimit;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.allegro.ratelimit.InProcessRateLimiterTest.assertRateLimited;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** The shared limiter against DynamoDB Local: its expressions, windows, the shared block, concurrency. */
class DynamoDbRateLimiterTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static final Duration REFRESH = Duration.ofMillis(500);

    final ManualClock clock = new ManualClock(T0);
    final String clientId = SharedDynamo.newClientId();

    DynamoDbRateLimiter limiter(int perMinute, int shipmentsPerSecond) {
        return SharedDynamo.limiter(clientId, RateLimit.allegro(perMinute, shipmentsPerSecond), clock, REFRESH);
    }

    Map<String, AttributeValue> item(String pk, String sk) {
        return SharedDynamo.dynamo().getItem(b -> b.tableName(SharedDynamo.TABLE)
                .key(Map.of("pk", AttributeValue.fromS(pk), "sk", AttributeValue.fromS(sk))).consistentRead(true)).item();
    }

    long used(String bucket, String windowStart) {
        return Long.parseLong(item("ratelimit#" + clientId + "#" + bucket, windowStart).get("used").n());
    }

    @Test
    void expressionsAreExactlyTheDocumentedOnes() {
        // a change here changes how every instance shares Allegro's budget
        assertEquals("ADD used :one SET expiresAt = :expires", DynamoDbRateLimiter.TAKE);
        assertEquals("attribute_not_exists(used) OR used < :limit", DynamoDbRateLimiter.UNDER_LIMIT);
        assertEquals("SET #until = :until, expiresAt = :expires", DynamoDbRateLimiter.BLOCK);
        assertEquals("attribute_not_exists(#until) OR #until < :until", DynamoDbRateLimiter.EXTENDS_BLOCK);
    }

    @Test
    void aWindowItemCountsItsRequestsAndExpiresAFewMinutesAfterTheWindow() {
        DynamoDbRateLimiter limiter = limiter(9000, 50);
        clock.set(T0.plusSeconds(12));
        limiter.acquire(RateLimiter.APP);
        limiter.acquire(RateLimiter.APP);
        Map<String, AttributeValue> window = item("ratelimit#" + clientId + "#app", "2026-11-21T12:00:00Z");
        assertEquals("2", window.get("used").n());
        // window end 12:01:00 plus five minutes, in epoch seconds as TTL wants
        assertEquals(Long.toString(T0.plusSeconds(60 + 300).getEpochSecond()), window.get("expiresAt").n());
    }

    @Test
    void theLimitHoldsUpToTheWindowBoundaryAndANewWindowStartsAfresh() {
        DynamoDbRateLimiter limiter = limiter(3, 2);
        clock.set(Instant.parse("2026-11-21T12:00:59.999Z"));
        for (int i = 0; i < 3; i++) {
            limiter.acquire(RateLimiter.APP);
        }
        assertRateLimited(() -> limiter.acquire(RateLimiter.APP));

        clock.set(Instant.parse("2026-11-21T12:01:00Z"));
        limiter.acquire(RateLimiter.APP);
        assertEquals(3, used("app", "2026-11-21T12:00:00Z"));
        assertEquals(1, used("app", "2026-11-21T12:01:00Z"));
    }

    @Test
    void shipmentsCountPerSecondApartFromTheApplicationBudget() {
        DynamoDbRateLimiter limiter = limiter(100, 2);
        clock.set(Instant.parse("2026-11-21T12:00:07.400Z"));
        limiter.acquire(RateLimiter.SHIPMENTS);
        limiter.acquire(RateLimiter.SHIPMENTS);
        assertRateLimited(() -> limiter.acquire(RateLimiter.SHIPMENTS));
        limiter.acquire(RateLimiter.APP); // the application's budget is untouched by the full shipments second

        clock.set(Instant.parse("2026-11-21T12:00:08Z"));
        limiter.acquire(RateLimiter.SHIPMENTS);
        assertEquals(2, used("shipments", "2026-11-21T12:00:07Z"));
        assertEquals(1, used("shipments", "2026-11-21T12:00:08Z"));
    }

    @Test
    void aFullWindowIsSharedBetweenInstances() {
        DynamoDbRateLimiter a = limiter(4, 50);
        DynamoDbRateLimiter b = limiter(4, 50);
        a.acquire(RateLimiter.APP);
        a.acquire(RateLimiter.APP);
        b.acquire(RateLimiter.APP);
        b.acquire(RateLimiter.APP);
        assertRateLimited(() -> a.acquire(RateLimiter.APP));
        assertRateLimited(() -> b.acquire(RateLimiter.APP));
        assertEquals(4, used("app", "2026-11-21T12:00:00Z"));
    }

    @Test
    void allegrosBlockReachesAnotherInstanceWithinTheRefreshAndLastsAMinute() {
        DynamoDbRateLimiter a = limiter(9000, 50);
        DynamoDbRateLimiter b = limiter(9000, 50);
        b.acquire(RateLimiter.APP); // b has read "no block" and caches that for REFRESH

        a.blocked(Duration.ofMinutes(1));
        assertRateLimited(() -> a.acquire(RateLimiter.APP)); // the instance that saw the 429 stops at once
        Map<String, AttributeValue> block = item("ratelimit#" + clientId, "block");
        assertEquals(Long.toString(T0.plusSeconds(60).toEpochMilli()), block.get("until").n());

        // the documented staleness: b may still call until its cached copy is REFRESH old
        clock.advance(REFRESH.minusMillis(1));
        b.acquire(RateLimiter.APP);
        clock.advance(Duration.ofMillis(1));
        assertRateLimited(() -> b.acquire(RateLimiter.APP));
        assertRateLimited(() -> b.acquire(RateLimiter.SHIPMENTS));
        // a third instance starting now reads the block on its first call
        assertRateLimited(() -> limiter(9000, 50).acquire(RateLimiter.APP));

        clock.set(T0.plusSeconds(60).minusMillis(1));
        assertRateLimited(() -> a.acquire(RateLimiter.APP));
        assertRateLimited(() -> b.acquire(RateLimiter.APP));
        clock.set(T0.plusSeconds(60));
        a.acquire(RateLimiter.APP);
        b.acquire(RateLimiter.APP);
    }

    @Test
    void aShorterBlockNeverReplacesALongerOne() {
        DynamoDbRateLimiter a = limiter(9000, 50);
        DynamoDbRateLimiter b = limiter(9000, 50);
        a.blocked(Duration.ofMinutes(5));
        b.blocked(Duration.ofMinutes(1));
        assertEquals(Long.toString(T0.plusSeconds(300).toEpochMilli()), item("ratelimit#" + clientId, "block").get("until").n());
        clock.advance(Duration.ofMinutes(2));
        assertRateLimited(() -> b.acquire(RateLimiter.APP)); // b re-read the longer block
    }

    @Test
    void eightThreadsOnEightInstancesNeverPassTheLimitInOneWindow() throws Exception {
        int limit = 120;
        int threads = 8;
        int perThread = 40; // 320 attempts for 120 places
        clock.set(T0.plusSeconds(30));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<Integer>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            DynamoDbRateLimiter own = limiter(limit, 50); // separate caches: eight "processes"
            work.add(() -> {
                int ok = 0;
                for (int i = 0; i < perThread; i++) {
                    try {
                        own.acquire(RateLimiter.APP);
                        ok++;
                    } catch (AllegroApiException refused) {
                        assertEquals("RATE_LIMITED", refused.code());
                    }
                }
                return ok;
            });
        }
        int granted = 0;
        for (Future<Integer> f : pool.invokeAll(work)) {
            granted += f.get();
        }
        pool.shutdown();
        assertEquals(limit, granted);
        assertEquals(limit, used("app", "2026-11-21T12:00:00Z"));
    }

    @Test
    void eightThreadsSharingOneInstanceNeverPassTheLimitEither() throws Exception {
        int limit = 50;
        DynamoDbRateLimiter shared = limiter(9000, limit);
        clock.set(Instant.parse("2026-11-21T12:00:03.500Z"));
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int i = 0; i < 8 * 15; i++) {
            work.add(() -> {
                try {
                    shared.acquire(RateLimiter.SHIPMENTS);
                    return true;
                } catch (AllegroApiException refused) {
                    return false;
                }
            });
        }
        int granted = 0;
        for (Future<Boolean> f : pool.invokeAll(work)) {
            granted += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(limit, granted);
        assertEquals(limit, used("shipments", "2026-11-21T12:00:03Z"));
        assertTrue(item("ratelimit#" + clientId + "#app", "2026-11-21T12:00:00Z").isEmpty(), "no app request taken");
    }
}
