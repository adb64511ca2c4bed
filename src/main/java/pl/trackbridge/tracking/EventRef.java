package pl.trackbridge.tracking;

import java.time.Instant;
import java.util.Comparator;

/**
 * The few facts of one event that the shipment summary keeps. Events are totally ordered by when they
 * happened, then rank, then key, so every replica of the fold agrees on "the latest" whatever the arrival
 * order.
 */
public record EventRef(Instant occurredAt, int rank, String eventKey, TrackingStatus status, Reason reason) {

    public static final Comparator<EventRef> ORDER = Comparator.comparing(EventRef::occurredAt)
            .thenComparingInt(EventRef::rank)
            .thenComparing(EventRef::eventKey);

    public static EventRef of(CanonicalEvent e) {
        return new EventRef(e.occurredAt(), e.status().rank(), e.eventKey(), e.status(), e.reason());
    }

    public boolean isAfter(EventRef other) {
        return other == null || ORDER.compare(this, other) > 0;
    }

    static EventRef later(EventRef a, EventRef b) {
        if (a == null) return b;
        if (b == null) return a;
        return ORDER.compare(a, b) >= 0 ? a : b;
    }
}
