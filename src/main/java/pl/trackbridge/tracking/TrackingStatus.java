package pl.trackbridge.tracking;

import java.util.EnumSet;
import java.util.Set;

/**
 * The canonical parcel statuses (docs/carriers/status-mapping.md §2): a superset of Allegro's eight
 * parcel-tracking codes, so every canonical status maps to exactly one Allegro code.
 */
public enum TrackingStatus {
    LABEL_CREATED(10),
    COLLECTED(20),
    IN_TRANSIT(30),
    OUT_FOR_DELIVERY(40),
    READY_FOR_PICKUP(45),
    DELIVERY_FAILED(45),
    /** Rank 50 only for tie-breaks; non-terminal exceptions with an overlay reason never move the milestone. */
    EXCEPTION(50),
    RETURNING_TO_SENDER(70),
    RETURNED_TO_SENDER(100),
    DELIVERED(100),
    CANCELLED(100),
    UNKNOWN(0);

    private static final Set<TrackingStatus> CARRIER_SCANS = EnumSet.of(COLLECTED, IN_TRANSIT, OUT_FOR_DELIVERY,
            READY_FOR_PICKUP, DELIVERY_FAILED, RETURNING_TO_SENDER, RETURNED_TO_SENDER, DELIVERED);

    private final int rank;

    TrackingStatus(int rank) {
        this.rank = rank;
    }

    public int rank() {
        return rank;
    }

    /** A scan proves the carrier holds (or held) the parcel: handover evidence and VALID_TRACKING (DESIGN §4). */
    public boolean isCarrierScan() {
        return CARRIER_SCANS.contains(this);
    }
}
