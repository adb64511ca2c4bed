package pl.trackbridge.allegro;

import java.time.Instant;

/**
 * The rate limiter refused a call before it reached Allegro: a retryable 429 {@code RATE_LIMITED} that also says
 * when a permit can be had again, and why it was refused. Queue consumers treat it like any retryable failure;
 * batch jobs may wait for {@link #retryAt()} when it is only a full short window ({@link RatePacer}).
 */
public final class RateLimitedException extends AllegroApiException {
    private final Instant retryAt;
    private final boolean blocked;

    public RateLimitedException(String message, Instant retryAt, boolean blocked) {
        super(429, "RATE_LIMITED", message, null, true);
        this.retryAt = retryAt;
        this.blocked = blocked;
    }

    /** The earliest instant a permit is possible: the end of the full window, or of Allegro's block. */
    public Instant retryAt() {
        return retryAt;
    }

    /**
     * Allegro itself answered 429 and blocked the application: nobody may call before {@link #retryAt()}, and a
     * batch job stops (its next run resumes) rather than waiting out a minute. False: only our own budget window
     * is full.
     */
    public boolean blocked() {
        return blocked;
    }
}
