package pl.trackbridge.allegro.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * The token item of one account.
 *
 * @param accessToken                     null until the first refresh after {@code putInitial(accountId, refreshToken)}
 * @param version                         bumped by every write that changes the pair or the status; claims and
 *                                        completions are conditional on it
 * @param refreshTokenFirstUsedAt         when {@code refreshToken} was first sent to Allegro (set by the first
 *                                        claim): it stays usable 60 s from then, which is what lets a taker-over
 *                                        of a dead holder's lease reuse it
 * @param previousRefreshToken            the token this pair replaced, kept for the same 60 s grace and for support
 * @param previousRefreshTokenFirstUsedAt when the previous token was first used: its grace ends 60 s later
 * @param leaseHolder                     who is refreshing right now (null when nobody is)
 * @param leaseUntil                      until when the holder may refresh; later, anyone may take over
 */
public record StoredToken(
        String accountId,
        String accessToken,
        String refreshToken,
        Instant accessExpiresAt,
        long version,
        Instant refreshedAt,
        Instant refreshTokenFirstUsedAt,
        String previousRefreshToken,
        Instant previousRefreshTokenFirstUsedAt,
        String leaseHolder,
        Instant leaseUntil,
        Instant retryNotBefore,
        TokenStatus status,
        String disconnectReason,
        Instant disconnectedAt) {

    /** How long the access token is still valid at {@code now}; zero or negative when there is none. */
    public Duration accessValidFor(Instant now) {
        return accessToken == null || accessExpiresAt == null ? Duration.ZERO : Duration.between(now, accessExpiresAt);
    }

    public boolean leaseActive(Instant now) {
        return leaseUntil != null && leaseUntil.isAfter(now);
    }

    public boolean disconnected() {
        return status == TokenStatus.DISCONNECTED;
    }

    @Override
    public String toString() {
        return "StoredToken[accountId=" + accountId + ", version=" + version + ", status=" + status
                + ", accessExpiresAt=" + accessExpiresAt + ", leaseHolder=" + leaseHolder + ", leaseUntil=" + leaseUntil + "]";
    }
}
