package pl.trackbridge.allegro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The budget counted in this JVM only: right for tests and a single long-running instance. Several Lambda
 * instances each holding one of these would together overrun Allegro's limit; they need
 * {@link DynamoDbRateLimiter}.
 */
public final class InProcessRateLimiter implements RateLimiter {
    private final Clock clock;
    private final Map<String, RateLimit> limits;
    private final Map<String, long[]> windows = new HashMap<>(); // bucket -> {window start, used}
    private Instant blockedUntil = Instant.MIN;

    public InProcessRateLimiter(Clock clock, Map<String, RateLimit> limits) {
        this.clock = clock;
        this.limits = Map.copyOf(limits);
    }

    @Override
    public synchronized void acquire(String bucket) {
        RateLimit limit = limitOf(limits, bucket);
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            throw RateLimiter.blockedUntil(blockedUntil);
        }
        long start = limit.windowStart(now.toEpochMilli());
        long[] window = windows.computeIfAbsent(bucket, b -> new long[] {start, 0});
        if (window[0] != start) {
            window[0] = start;
            window[1] = 0;
        }
        if (window[1] >= limit.limit()) {
            throw RateLimiter.windowFull("the " + bucket + " budget of " + limit.limit() + " per " + limit.window()
                    + " is used", Instant.ofEpochMilli(start + limit.window().toMillis()));
        }
        window[1]++;
    }

    @Override
    public synchronized void blocked(Duration block) {
        Instant until = clock.instant().plus(block);
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }

    static RateLimit limitOf(Map<String, RateLimit> limits, String bucket) {
        RateLimit limit = limits.get(bucket);
        if (limit == null) {
            throw new IllegalArgumentException("no rate limit configured for bucket " + bucket);
        }
        return limit;
    }
}
