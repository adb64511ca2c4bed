package pl.trackbridge.allegro.auth;

import java.time.Duration;

/** 429 from the token endpoint: Allegro limits how many tokens one user may get in a window (api-notes §7). */
public final class TokenRateLimitedException extends RetryableAuthException {
    public TokenRateLimitedException(String message, Duration retryAfter) {
        super(message, retryAfter, null);
    }
}
