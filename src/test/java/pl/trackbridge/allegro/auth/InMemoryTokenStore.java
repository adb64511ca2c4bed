package pl.trackbridge.allegro.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Token items in memory, with the same conditions as {@link DynamoDbTokenStore}; for unit tests. */
final class InMemoryTokenStore implements TokenStore {
    private final Map<String, StoredToken> items = new HashMap<>();

    @Override
    public synchronized Optional<StoredToken> read(String accountId) {
        return Optional.ofNullable(items.get(accountId));
    }

    @Override
    public synchronized StoredToken putInitial(String accountId, String refreshToken, Instant now) {
        return initial(accountId, refreshToken, null, null, now);
    }

    @Override
    public synchronized StoredToken putInitial(String accountId, TokenPair pair, Instant now) {
        return initial(accountId, pair.refreshToken(), pair.accessToken(), pair.accessExpiresAt(), now);
    }

    private StoredToken initial(String accountId, String refresh, String access, Instant expires, Instant now) {
        StoredToken old = items.get(accountId);
        StoredToken t = new StoredToken(accountId, access, refresh, expires, old == null ? 1 : old.version() + 1, now,
                null, null, null, null, null, null, TokenStatus.CONNECTED, null, null);
        items.put(accountId, t);
        return t;
    }

    /** Test setup: stores an item exactly as given. */
    synchronized void put(StoredToken t) {
        items.put(t.accountId(), t);
    }

    @Override
    public synchronized Optional<StoredToken> claimRefresh(String accountId, long expectedVersion, String holder,
            Instant now, Instant leaseUntil) {
        StoredToken t = items.get(accountId);
        // version = :v AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)
        if (t == null || t.version() != expectedVersion || (t.leaseUntil() != null && !t.leaseUntil().isBefore(now))) {
            return Optional.empty();
        }
        StoredToken claimed = new StoredToken(accountId, t.accessToken(), t.refreshToken(), t.accessExpiresAt(),
                t.version(), t.refreshedAt(), t.refreshTokenFirstUsedAt() == null ? now : t.refreshTokenFirstUsedAt(),
                t.previousRefreshToken(), t.previousRefreshTokenFirstUsedAt(), holder, leaseUntil, t.retryNotBefore(),
                t.status(), t.disconnectReason(), t.disconnectedAt());
        items.put(accountId, claimed);
        return Optional.of(claimed);
    }

    private boolean holds(StoredToken t, long expectedVersion, String holder) {
        // version = :v AND leaseHolder = :h
        return t != null && t.version() == expectedVersion && holder.equals(t.leaseHolder());
    }

    @Override
    public synchronized boolean completeRefresh(String accountId, long expectedVersion, String holder,
            TokenPair p, Instant now) {
        StoredToken t = items.get(accountId);
        if (!holds(t, expectedVersion, holder)) {
            return false;
        }
        items.put(accountId, new StoredToken(accountId, p.accessToken(), p.refreshToken(), p.accessExpiresAt(),
                t.version() + 1, now, null, t.refreshToken(), t.refreshTokenFirstUsedAt(), null, null, null,
                t.status(), t.disconnectReason(), t.disconnectedAt()));
        return true;
    }

    @Override
    public synchronized boolean release(String accountId, long expectedVersion, String holder, Instant retryNotBefore) {
        StoredToken t = items.get(accountId);
        if (!holds(t, expectedVersion, holder)) {
            return false;
        }
        items.put(accountId, new StoredToken(accountId, t.accessToken(), t.refreshToken(), t.accessExpiresAt(),
                t.version(), t.refreshedAt(), t.refreshTokenFirstUsedAt(), t.previousRefreshToken(),
                t.previousRefreshTokenFirstUsedAt(), null, null,
                retryNotBefore == null ? t.retryNotBefore() : retryNotBefore, t.status(), t.disconnectReason(),
                t.disconnectedAt()));
        return true;
    }

    @Override
    public synchronized boolean markDisconnected(String accountId, long expectedVersion, String holder, String reason,
            Instant at) {
        StoredToken t = items.get(accountId);
        if (!holds(t, expectedVersion, holder)) {
            return false;
        }
        items.put(accountId, new StoredToken(accountId, null, t.refreshToken(), null, t.version() + 1,
                t.refreshedAt(), t.refreshTokenFirstUsedAt(), t.previousRefreshToken(),
                t.previousRefreshTokenFirstUsedAt(), null, null, t.retryNotBefore(), TokenStatus.DISCONNECTED, reason, at));
        return true;
    }
}
