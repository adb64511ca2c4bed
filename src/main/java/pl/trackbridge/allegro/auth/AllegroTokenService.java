package pl.trackbridge.allegro.auth;

import pl.trackbridge.account.AllegroConnection;
import pl.trackbridge.allegro.AccessTokens;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Hands out Allegro access tokens per seller account, refreshing them so that at most one caller across
 * threads and processes ever uses a given refresh token (api-notes §7, pain-points §9): Allegro rotates
 * the pair on each refresh and kills the old refresh token 60 s after its first use, so two parallel
 * refreshes knock each other out.
 *
 * <p>The lock is a lease on the token item ({@link TokenStore#claimRefresh}). The winner calls the token
 * endpoint and commits the new pair before anyone uses it; the others poll the store until the new pair
 * appears. A lease is short (20 s) next to the 60 s grace, so when a holder dies mid-refresh a taker-over
 * still reuses the same refresh token within its grace.
 */
public final class AllegroTokenService implements AccessTokens, AllegroConnection {
    public static final Duration DEFAULT_REFRESH_MARGIN = Duration.ofMinutes(5);
    /** Longer than the token call may take (the client's timeouts), shorter than the 60 s grace. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(20);
    /** Longer than a lease, so a waiter outlives a dead holder and takes over. */
    public static final Duration DEFAULT_MAX_WAIT = Duration.ofSeconds(30);
    static final Duration DEFAULT_RATE_LIMIT_PAUSE = Duration.ofSeconds(60);
    private static final long FIRST_POLL_MS = 20;
    private static final long MAX_POLL_MS = 500;

    private final TokenStore store;
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final Duration refreshMargin;
    private final Duration lease;
    private final Duration maxWait;

    public AllegroTokenService(TokenStore store, TokenEndpoint endpoint, Clock clock, Duration refreshMargin) {
        this(store, endpoint, clock, refreshMargin, DEFAULT_LEASE, DEFAULT_MAX_WAIT);
    }

    public AllegroTokenService(TokenStore store, TokenEndpoint endpoint, Clock clock, Duration refreshMargin,
            Duration lease, Duration maxWait) {
        this.store = Objects.requireNonNull(store);
        this.endpoint = Objects.requireNonNull(endpoint);
        this.clock = Objects.requireNonNull(clock);
        this.refreshMargin = Objects.requireNonNull(refreshMargin);
        this.lease = Objects.requireNonNull(lease);
        this.maxWait = Objects.requireNonNull(maxWait);
    }

    /**
     * A valid access token for the account, refreshed first if it expires within the margin.
     *
     * @throws AccountDisconnectedException the seller must connect the app again; other accounts are unaffected
     * @throws TokenRateLimitedException    Allegro refused to issue a token now (429)
     * @throws RetryableAuthException       the endpoint failed or another refresher did not finish in time
     */
    @Override
    public String accessToken(String accountId) {
        return obtain(accountId, null);
    }

    /**
     * After Allegro answered 401 to {@code rejectedToken}: refreshes once, unless someone already replaced
     * that token, and returns the token for one retry. A second 401 with the new token is not an auth
     * problem this service can solve.
     */
    @Override
    public String onUnauthorized(String accountId, String rejectedToken) {
        return obtain(accountId, Objects.requireNonNull(rejectedToken));
    }

    /** Connects (or reconnects) an account with the pair the device flow returned. */
    public void connect(String accountId, TokenPair pair) {
        store.putInitial(accountId, pair, clock.instant());
    }

    @Override
    public void connect(String accountId, String refreshToken) {
        store.putInitial(accountId, refreshToken, clock.instant());
    }

    @Override
    public String status(String accountId) {
        return store.read(accountId).map(t -> t.disconnected() ? "DISCONNECTED" : "CONNECTED").orElse("NOT_CONNECTED");
    }

    private String obtain(String accountId, String rejected) {
        long deadline = System.nanoTime() + maxWait.toNanos(); // real time: a fixed test clock must not wait forever
        long pollMs = FIRST_POLL_MS;
        while (true) {
            Instant now = clock.instant();
            StoredToken t = store.read(accountId)
                    .orElseThrow(() -> new AccountDisconnectedException(accountId, "no Allegro token stored", null));
            if (t.disconnected()) {
                throw new AccountDisconnectedException(accountId, t.disconnectReason(), t.disconnectedAt());
            }
            boolean usable = t.accessToken() != null && !t.accessToken().equals(rejected);
            if (usable && t.accessValidFor(now).compareTo(refreshMargin) > 0) {
                return t.accessToken();
            }
            if (t.retryNotBefore() != null && now.isBefore(t.retryNotBefore())) {
                if (usable && t.accessValidFor(now).compareTo(Duration.ZERO) > 0) {
                    return t.accessToken(); // early refresh is blocked, but the old token still works
                }
                throw new TokenRateLimitedException("Allegro token endpoint paused for account " + accountId,
                        Duration.between(now, t.retryNotBefore()));
            }
            if (!t.leaseActive(now)) {
                String holder = UUID.randomUUID().toString();
                var claimed = store.claimRefresh(accountId, t.version(), holder, now, now.plus(lease));
                if (claimed.isPresent()) {
                    String fresh = refresh(claimed.get(), holder);
                    if (fresh != null) {
                        return fresh;
                    }
                    continue; // lost the lease meanwhile: the item moved on, read it again
                }
                // someone else claimed this version a moment ago: wait for them like any other waiter
            }
            // Even a still-valid old token is not handed out here: the rotation under way invalidates it.
            if (System.nanoTime() - deadline > 0) {
                throw new RetryableAuthException("Allegro token refresh for account " + accountId
                        + " did not finish within " + maxWait, lease, null);
            }
            sleep(pollMs);
            pollMs = Math.min(MAX_POLL_MS, pollMs * 2);
        }
    }

    /** Refreshes under the lease; null when the lease was lost and the caller should read the store again. */
    private String refresh(StoredToken claimed, String holder) {
        String accountId = claimed.accountId();
        TokenPair pair;
        try {
            pair = endpoint.refresh(claimed.refreshToken());
        } catch (InvalidGrantException dead) {
            Instant now = clock.instant();
            String reason = "invalid_grant: " + dead.description();
            if (store.markDisconnected(accountId, claimed.version(), holder, reason, now)) {
                throw new AccountDisconnectedException(accountId, reason, now);
            }
            return null; // the account was reconnected meanwhile: the rejected token is no longer ours
        } catch (TokenRateLimitedException limited) {
            Duration pause = limited.retryAfter() == null ? DEFAULT_RATE_LIMIT_PAUSE : limited.retryAfter();
            // recorded on the item so that no other thread or process hammers the endpoint meanwhile
            release(claimed, holder, clock.instant().plus(pause), limited);
            throw limited;
        } catch (RuntimeException failed) {
            // Free the lease at once: a retry within 60 s of the first use may still reuse this refresh token.
            release(claimed, holder, null, failed);
            throw failed;
        }
        // Commit before anyone uses the new access token: a pair that is not stored is a lost chain. If this
        // write fails outright, the lease runs out (20 s) and a taker-over redeems the old refresh token again,
        // still inside its 60 s grace.
        if (store.completeRefresh(accountId, claimed.version(), holder, pair, clock.instant())) {
            return pair.accessToken();
        }
        return null;
    }

    private void release(StoredToken claimed, String holder, Instant retryNotBefore, RuntimeException cause) {
        try {
            store.release(claimed.accountId(), claimed.version(), holder, retryNotBefore);
        } catch (RuntimeException storeFailed) {
            cause.addSuppressed(storeFailed); // the lease then simply runs out
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms / 2 + ThreadLocalRandom.current().nextLong(ms / 2 + 1)); // jitter spreads the polls
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableAuthException("interrupted while waiting for an Allegro token refresh", Duration.ZERO, e);
        }
    }
}
