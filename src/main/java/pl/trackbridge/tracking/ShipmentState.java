package pl.trackbridge.tracking;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * A shipment's derived tracking state: a summary of its event set from which the current status follows
 * by the rules of status-mapping.md §4. Every component is a max or min over the events, so merging is
 * commutative, associative and idempotent: the same events in any order, any number of times, give the
 * same state. Revocations cannot be merged away, so a shipment that has any is re-folded from its history.
 *
 * @param milestone     latest non-terminal status event that moves the milestone (not UNKNOWN, not an overlay)
 * @param terminal      latest terminal event (DELIVERED, RETURNED_TO_SENDER, CANCELLED, EXCEPTION lost/destroyed)
 * @param overlay       latest overlay exception (DELAYED, WEATHER, CUSTOMS, HELD)
 * @param firstScanAt   earliest carrier scan (COLLECTED or later): the shipment's handover evidence
 * @param firstCollectedAt earliest COLLECTED
 * @param lastEventAt   latest occurredAt of any event, INFO included
 * @param hasRevocations whether any REVOKE was seen (then the state is re-folded from history)
 * @param firstDeliveredAt earliest DELIVERED (DELIVERED_ON_TIME; the terminal event is the latest, not the earliest)
 * @param firstReturnAt earliest RETURNING_TO_SENDER or RETURNED_TO_SENDER (RETURN_RATE; a return after delivery
 *                      leaves the terminal DELIVERED in place)
 */
public record ShipmentState(
        EventRef milestone,
        EventRef terminal,
        EventRef overlay,
        Instant firstScanAt,
        Instant firstCollectedAt,
        Instant lastEventAt,
        boolean hasRevocations,
        Instant firstDeliveredAt,
        Instant firstReturnAt) {

    public static final ShipmentState EMPTY = new ShipmentState(null, null, null, null, null, null, false, null, null);

    /** The state without the KPI milestones (as stored before they existed). */
    public ShipmentState(EventRef milestone, EventRef terminal, EventRef overlay, Instant firstScanAt,
            Instant firstCollectedAt, Instant lastEventAt, boolean hasRevocations) {
        this(milestone, terminal, overlay, firstScanAt, firstCollectedAt, lastEventAt, hasRevocations, null, null);
    }

    /** The state of an event set, revocations applied: the specification the incremental path must equal. */
    public static ShipmentState fold(Collection<CanonicalEvent> events) {
        Map<String, CanonicalEvent> unique = new HashMap<>();
        for (CanonicalEvent e : events) {
            unique.putIfAbsent(e.eventKey(), e);
        }
        Set<String> revoked = new HashSet<>();
        boolean anyRevoke = false;
        for (CanonicalEvent e : unique.values()) {
            if (e.kind() == EventKind.REVOKE) {
                anyRevoke = true;
                revoked.add(e.source() + "#" + e.revokes());
            }
        }
        ShipmentState s = EMPTY;
        for (CanonicalEvent e : unique.values()) {
            if (!revoked.contains(e.eventKey())) {
                s = s.merge(e);
            }
        }
        return anyRevoke ? s.withRevocations() : s;
    }

    /** This state with one more event. A REVOKE only marks the state: the caller must re-fold. */
    public ShipmentState merge(CanonicalEvent e) {
        Instant last = max(lastEventAt, e.occurredAt());
        if (e.kind() == EventKind.REVOKE) {
            return new ShipmentState(milestone, terminal, overlay, firstScanAt, firstCollectedAt, last, true,
                    firstDeliveredAt, firstReturnAt);
        }
        if (e.kind() == EventKind.INFO || e.status() == TrackingStatus.UNKNOWN) {
            return new ShipmentState(milestone, terminal, overlay, firstScanAt, firstCollectedAt, last, hasRevocations,
                    firstDeliveredAt, firstReturnAt);
        }
        EventRef ref = EventRef.of(e);
        EventRef m = milestone, t = terminal, o = overlay;
        if (e.isTerminal()) {
            t = EventRef.later(t, ref);
        } else if (e.isOverlay()) {
            o = EventRef.later(o, ref);
        } else {
            m = EventRef.later(m, ref);
        }
        Instant scan = e.status().isCarrierScan() ? min(firstScanAt, e.occurredAt()) : firstScanAt;
        Instant collected = e.status() == TrackingStatus.COLLECTED ? min(firstCollectedAt, e.occurredAt()) : firstCollectedAt;
        Instant delivered = e.status() == TrackingStatus.DELIVERED ? min(firstDeliveredAt, e.occurredAt()) : firstDeliveredAt;
        Instant returned = e.status() == TrackingStatus.RETURNING_TO_SENDER || e.status() == TrackingStatus.RETURNED_TO_SENDER
                ? min(firstReturnAt, e.occurredAt()) : firstReturnAt;
        return new ShipmentState(m, t, o, scan, collected, last, hasRevocations, delivered, returned);
    }

    private ShipmentState withRevocations() {
        return new ShipmentState(milestone, terminal, overlay, firstScanAt, firstCollectedAt, lastEventAt, true,
                firstDeliveredAt, firstReturnAt);
    }

    /** The event that decides the current status, or null before any status event. */
    public EventRef current() {
        if (terminal != null) {
            // Rule 2a: a cancelled label followed by real carrier movement: reality wins.
            if (terminal.status() == TrackingStatus.CANCELLED && milestone != null && milestone.isAfter(terminal)
                    && milestone.status().isCarrierScan()) {
                return milestone;
            }
            return terminal; // sticky
        }
        return milestone;
    }

    public TrackingStatus status() {
        EventRef c = current();
        return c == null ? TrackingStatus.UNKNOWN : c.status();
    }

    public Reason reason() {
        EventRef c = current();
        return c == null ? null : c.reason();
    }

    /** A non-terminal exception overlaying the current milestone (rule 3), or null. */
    public Reason flag() {
        EventRef c = current();
        if (overlay == null || terminal != null && c == terminal) {
            return null;
        }
        return overlay.isAfter(c) ? overlay.reason() : null;
    }

    public boolean isTerminal() {
        EventRef c = current();
        return c != null && c == terminal;
    }

    /** Rule 2b: delivered, then a return started: never auto-downgrade, a person must look. */
    public boolean needsReview() {
        return terminal != null && terminal.status() == TrackingStatus.DELIVERED && milestone != null
                && milestone.isAfter(terminal) && milestone.status() == TrackingStatus.RETURNING_TO_SENDER;
    }

    private static Instant min(Instant a, Instant b) {
        return a == null || b.isBefore(a) ? b : a;
    }

    private static Instant max(Instant a, Instant b) {
        return a == null || b.isAfter(a) ? b : a;
    }
}
