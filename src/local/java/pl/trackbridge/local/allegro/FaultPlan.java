package pl.trackbridge.local.allegro;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Which request fails and how: scripted faults first, then a seeded random rate, plus Allegro's per-client-id
 * throttling (a 429 blocks the client id for a minute). Not thread-safe; {@link AllegroStandIn} serialises calls.
 */
final class FaultPlan {
    static final Duration BLOCK = Duration.ofMinutes(1);
    /** Allegro's block after a 429; a fault run may shorten it to keep a long run short. */
    Duration block = BLOCK;

    private record Scripted(Fault fault, String pathPrefix) {
    }

    private static final class Window {
        Instant start;
        int count;
    }

    private final List<Scripted> scripted = new ArrayList<>();
    private final Map<String, Instant> blockedUntil = new HashMap<>();
    private final Map<String, Window> windows = new HashMap<>();
    private double rate;
    private Random random = new Random(0);
    private Fault[] rateKinds = {Fault.HTTP_500, Fault.HTTP_503};
    int requestsPerMinute = 9000; // Allegro's documented limit per client id

    void failNext(int times, Fault fault, String pathPrefix) {
        for (int i = 0; i < times; i++) {
            scripted.add(new Scripted(fault, pathPrefix));
        }
    }

    void rate(double probability, long seed, Fault... kinds) {
        rate = probability;
        random = new Random(seed);
        if (kinds.length > 0) {
            rateKinds = kinds.clone();
        }
    }

    void clear() {
        scripted.clear();
        rate = 0;
        blockedUntil.clear();
        windows.clear();
    }

    /** The fault for this request, if any: the oldest scripted one whose prefix matches, else a roll of the dice. */
    Fault next(String path) {
        for (Iterator<Scripted> it = scripted.iterator(); it.hasNext();) {
            Scripted s = it.next();
            if (s.pathPrefix() == null || path.startsWith(s.pathPrefix())) {
                it.remove();
                return s.fault();
            }
        }
        if (rate > 0 && random.nextDouble() < rate) {
            return rateKinds[random.nextInt(rateKinds.length)];
        }
        return null;
    }

    boolean isBlocked(String clientId, Instant now) {
        Instant until = clientId == null ? null : blockedUntil.get(clientId);
        return until != null && now.isBefore(until);
    }

    void block(String clientId, Instant now) {
        if (clientId != null) {
            blockedUntil.put(clientId, now.plus(block));
        }
    }

    /** Counts a request in the client's fixed one-minute window; true when this one goes over the limit. */
    boolean overLimit(String clientId, Instant now) {
        if (clientId == null) {
            return false;
        }
        Window window = windows.computeIfAbsent(clientId, k -> new Window());
        if (window.start == null || !now.isBefore(window.start.plus(Duration.ofMinutes(1)))) {
            window.start = now;
            window.count = 0;
        }
        window.count++;
        return window.count > requestsPerMinute;
    }

    int remaining(String clientId) {
        Window window = clientId == null ? null : windows.get(clientId);
        return Math.max(0, requestsPerMinute - (window == null ? 0 : window.count));
    }
}
