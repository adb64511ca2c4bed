package pl.trackbridge.allegro.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * One answer of the token endpoint. Allegro rotates both tokens on every refresh, so the pair is only
 * ever stored and replaced as a whole.
 */
public record TokenPair(String accessToken, String refreshToken, Instant accessExpiresAt) {
    public TokenPair {
        Objects.requireNonNull(accessToken, "accessToken");
        Objects.requireNonNull(refreshToken, "refreshToken");
        Objects.requireNonNull(accessExpiresAt, "accessExpiresAt");
    }

    @Override
    public String toString() {
        // tokens are credentials: never let them reach a log line through toString
        return "TokenPair[accessExpiresAt=" + accessExpiresAt + "]";
    }
}
