package pl.trackbridge.allegro.auth;

import java.time.Instant;
import java.util.Optional;

/**
 * Persistence of each account's token pair, and the per-account refresh lock. The lock is the item itself:
 * a refresher claims it with a conditional write on the version it read, so exactly one caller across
 * threads and processes refreshes a given version. Every method that takes a {@code holder} only succeeds
 * while that holder still owns the lease on {@code expectedVersion}.
 */
public interface TokenStore {

    /** The current item, read consistently: a refresher's completion must be visible to the waiters at once. */
    Optional<StoredToken> read(String accountId);

    /**
     * (Re)connects an account with a refresh token from the seller (PUT /accounts) or the device flow. Replaces
     * whatever was stored, clears a DISCONNECTED status and bumps the version, so a refresh still running on
     * the old chain can no longer complete.
     */
    StoredToken putInitial(String accountId, String refreshToken, Instant now);

    /** As {@link #putInitial(String, String, Instant)}, keeping the access token that came with the pair. */
    StoredToken putInitial(String accountId, TokenPair pair, Instant now);

    /**
     * Takes the refresh lease if the item is still at {@code expectedVersion} and nobody holds a live lease.
     * Also records when the current refresh token is first used, which starts its 60 s grace.
     *
     * @return the item as claimed, or empty when another caller got there first
     */
    Optional<StoredToken> claimRefresh(String accountId, long expectedVersion, String holder, Instant now,
            Instant leaseUntil);

    /**
     * Stores the new pair, keeps the replaced refresh token as the previous one, bumps the version and clears
     * the lease. False when the lease was lost (taken over or the account reconnected): the pair must then
     * be discarded.
     */
    boolean completeRefresh(String accountId, long expectedVersion, String holder, TokenPair newPair, Instant now);

    /**
     * Gives the lease up without a new pair. {@code retryNotBefore} (nullable) tells everyone else not to
     * call the token endpoint before then, e.g. after a 429.
     */
    boolean release(String accountId, long expectedVersion, String holder, Instant retryNotBefore);

    /** Marks the account DISCONNECTED (the refresh token was rejected for good), bumps the version, clears the lease. */
    boolean markDisconnected(String accountId, long expectedVersion, String holder, String reason, Instant at);
}
