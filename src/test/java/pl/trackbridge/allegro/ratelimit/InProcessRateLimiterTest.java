package pl.trackbridge.allegro.ratelimit;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.InProcessRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;

/** The single-JVM limiter keeps the contract: fail fast with a retryable 429, never wait. */
class InProcessRateLimiterTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-21T12:00:59Z"));
    final InProcessRateLimiter limiter = new InProcessRateLimiter(clock, RateLimit.allegro(3, 2));

    static void assertRateLimited(Runnable call) {
        AllegroApiException e = assertThrows(AllegroApiException.class, call::run);
        assertEquals(429, e.status());
        assertEquals("RATE_LIMITED", e.code());
        assertTrue(e.retryable());
    }

    @Test
    void eachBucketHasItsOwnBudgetPerWindow() {
        for (int i = 0; i < 3; i++) {
            limiter.acquire(RateLimiter.APP);
        }
        assertRateLimited(() -> limiter.acquire(RateLimiter.APP));
        limiter.acquire(RateLimiter.SHIPMENTS);
        limiter.acquire(RateLimiter.SHIPMENTS);
        assertRateLimited(() -> limiter.acquire(RateLimiter.SHIPMENTS));

        clock.advance(Duration.ofSeconds(1)); // 12:01:00: both windows are new
        limiter.acquire(RateLimiter.APP);
        limiter.acquire(RateLimiter.SHIPMENTS);
    }

    @Test
    void allegrosBlockStopsEveryBucketForItsDuration() {
        limiter.blocked(Duration.ofMinutes(1));
        assertRateLimited(() -> limiter.acquire(RateLimiter.APP));
        assertRateLimited(() -> limiter.acquire(RateLimiter.SHIPMENTS));
        clock.advance(Duration.ofSeconds(59));
        assertRateLimited(() -> limiter.acquire(RateLimiter.APP));
        clock.advance(Duration.ofSeconds(1));
        limiter.acquire(RateLimiter.APP);
    }

    @Test
    void anUnknownBucketIsAProgrammingError() {
        assertThrows(IllegalArgumentException.class, () -> limiter.acquire("carriers"));
    }
}
