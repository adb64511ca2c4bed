package pl.trackbridge.allegro;

import java.time.Duration;
import java.util.Map;

/** A fixed-window budget: at most {@code limit} requests in each {@code window}. */
public record RateLimit(int limit, Duration window) {
    public RateLimit {
        if (limit <= 0 || window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("a rate limit needs a positive limit and window: " + limit + "/" + window);
        }
    }

    /** The start of the window holding {@code epochMillis}; windows are aligned to the epoch, so every instance agrees. */
    public long windowStart(long epochMillis) {
        return Math.floorDiv(epochMillis, window.toMillis()) * window.toMillis();
    }

    /** Allegro's buckets (api-notes §9): the application's budget a minute, the shipments endpoints' a second. */
    public static Map<String, RateLimit> allegro(int requestsPerMinute, int shipmentsPerSecond) {
        return Map.of(RateLimiter.APP, new RateLimit(requestsPerMinute, Duration.ofMinutes(1)),
                RateLimiter.SHIPMENTS, new RateLimit(shipmentsPerSecond, Duration.ofSeconds(1)));
    }
}
