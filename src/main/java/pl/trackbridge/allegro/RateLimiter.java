package pl.trackbridge.allegro;

import java.time.Duration;

/**
 * Allegro's request budget for one application (client id), shared by every seller account and every
 * instance (api-notes §9): 9,000 requests a minute for everything ({@link #APP}), and 50 a second on each of
 * {@code GET /order/carriers} and {@code GET}/{@code POST /order/checkout-forms/{id}/shipments}
 * ({@link #SHIPMENTS}). A 429 from Allegro blocks the application for a minute.
 *
 * <p>Nobody waits here: a call over budget or during a block fails at once with a retryable
 * {@link RateLimitedException} (429, {@code RATE_LIMITED}), so queue consumers back off instead of holding a
 * Lambda open or retrying hot. The refusal carries when the next permit is possible (the window's end, or the
 * block's) and whether Allegro blocked us: scheduled batch jobs pace themselves on it with {@link RatePacer}.
 */
public interface RateLimiter {
    /** Every Allegro call takes one from this bucket. */
    String APP = "app";
    /** Carriers and checkout-form shipments calls take one from this bucket as well. */
    String SHIPMENTS = "shipments";

    /** Takes one request from {@code bucket}, or throws a retryable 429 while blocked or over budget. */
    void acquire(String bucket);

    /** Allegro answered 429: stop every call of this application, everywhere, for {@code block}. */
    void blocked(Duration block);

    /** The exception callers see instead of waiting, when only a window of our own budget is full. */
    static RateLimitedException windowFull(String message, java.time.Instant windowEnd) {
        return new RateLimitedException(message, windowEnd, false);
    }

    /** The exception callers see while Allegro's 429 block lasts. */
    static RateLimitedException blockedUntil(java.time.Instant until) {
        return new RateLimitedException("Allegro blocked this application until " + until, until, true);
    }
}
