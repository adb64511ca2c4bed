package pl.trackbridge.allegro.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The token endpoint as the service sees it, in memory: rotates the pair on every call, or throws what a
 * test queued. Remembers every refresh token it was given.
 */
final class FakeTokenEndpoint implements TokenEndpoint {
    private final Clock clock;
    private final Deque<Supplier<RuntimeException>> failures = new ArrayDeque<>();
    private final List<String> used = new ArrayList<>();
    private Runnable during = () -> { };
    private int issued;

    FakeTokenEndpoint(Clock clock) {
        this.clock = clock;
    }

    synchronized void failNext(Supplier<RuntimeException> failure) {
        failures.add(failure);
    }

    /** Runs inside the next calls, as if something happened while the request was in flight. */
    synchronized void during(Runnable r) {
        during = r;
    }

    synchronized List<String> used() {
        return List.copyOf(used);
    }

    synchronized int calls() {
        return used.size();
    }

    @Override
    public TokenPair refresh(String refreshToken) {
        Runnable hook;
        synchronized (this) {
            used.add(refreshToken);
            hook = during;
            during = () -> { };
            Supplier<RuntimeException> failure = failures.poll();
            if (failure != null) {
                throw failure.get();
            }
        }
        hook.run();
        synchronized (this) {
            issued++;
            return new TokenPair("at-new-" + issued, "rt-new-" + issued, clock.instant().plus(Duration.ofHours(12)));
        }
    }
}
