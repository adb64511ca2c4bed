package pl.trackbridge.forwarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import pl.trackbridge.account.ForwardingPolicy;

/**
 * Each account's forwarding policy as this instance last read it, for at most {@code ttl}: without it every
 * forward costs one {@code GetItem} on the accounts table. A policy changed with {@code PUT /accounts/{id}} takes
 * effect here within the TTL. Per instance, no locking: two threads missing at once both read, which is harmless.
 * A TTL of zero reads on every forward.
 */
final class AccountPolicyCache {
    /** Above this many entries expired ones are dropped (accounts per deployment are few; this only bounds memory). */
    static final int PRUNE_ABOVE = 10_000;

    private record Entry(ForwardingPolicy policy, Instant readAt) {
    }

    private final Function<String, ForwardingPolicy> source;
    private final Clock clock;
    private final Duration ttl;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    AccountPolicyCache(Function<String, ForwardingPolicy> source, Clock clock, Duration ttl) {
        if (ttl.isNegative()) {
            throw new IllegalArgumentException("the account cache TTL cannot be negative: " + ttl);
        }
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
    }

    ForwardingPolicy policy(String accountId) {
        if (ttl.isZero()) {
            return source.apply(accountId);
        }
        Instant now = clock.instant();
        Entry cached = entries.get(accountId);
        if (cached != null && now.isBefore(cached.readAt().plus(ttl))) {
            return cached.policy();
        }
        ForwardingPolicy fresh = source.apply(accountId);
        if (entries.size() > PRUNE_ABOVE) {
            entries.values().removeIf(e -> !now.isBefore(e.readAt().plus(ttl)));
        }
        entries.put(accountId, new Entry(fresh, now));
        return fresh;
    }
}
