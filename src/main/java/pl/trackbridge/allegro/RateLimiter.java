package pl.trackbridge.allegro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * One limiter per Allegro application (client id): 9,000 requests a minute shared by every seller, and a 429
 * blocks the application for a minute (api-notes §9). Calls during a block fail fast as retryable, so queue
 * consumers back off instead of retrying hot. This in-process version serves one JVM; instances that must
 * share the budget need the DynamoDB-backed window (next step of issue 3).
 */
public final class RateLimiter {
    private final Clock clock;
    private final int perMinute;
    private long windowMinute = Long.MIN_VALUE;
    private int usedInWindow;
    private Instant blockedUntil = Instant.MIN;

    public RateLimiter(Clock clock, int perMinute) {
        this.clock = clock;
        this.perMinute = perMinute;
    }

    /** Takes one request from the budget, or throws a retryable 429 while blocked or over budget. */
    public synchronized void acquire() {
        Instant now = clock.instant();
        if (now.isBefore(blockedUntil)) {
            throw new AllegroApiException(429, "RATE_LIMITED", "Allegro blocked this application until " + blockedUntil,
                    null, true);
        }
        long minute = now.getEpochSecond() / 60;
        if (minute != windowMinute) {
            windowMinute = minute;
            usedInWindow = 0;
        }
        if (usedInWindow >= perMinute) {
            throw new AllegroApiException(429, "RATE_LIMITED", "the application's " + perMinute + " requests/min are used",
                    null, true);
        }
        usedInWindow++;
    }

    /** Allegro answered 429: stop every call of this application for the block Allegro applies. */
    public synchronized void blocked(Duration block) {
        Instant until = clock.instant().plus(block);
        if (until.isAfter(blockedUntil)) {
            blockedUntil = until;
        }
    }
}
