package pl.trackbridge.allegro.auth;

import java.time.Duration;

/**
 * A token could not be obtained now but may be later: the token endpoint failed or timed out, or another
 * refresher did not finish in time. Callers retry on their next run, not in a loop.
 */
public class RetryableAuthException extends AllegroAuthException {
    private final Duration retryAfter;

    public RetryableAuthException(String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.retryAfter = retryAfter;
    }

    /** The earliest sensible retry, from now. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
