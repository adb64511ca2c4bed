package pl.trackbridge.tracking;

import java.util.EnumSet;
import java.util.Set;

/** Why a delivery failed, an exception was raised or a parcel went back (status-mapping.md §2). */
public enum Reason {
    RECIPIENT_ABSENT, NOTICE_LEFT, REFUSED, ADDRESS_PROBLEM, RECIPIENT_MOVED, RECIPIENT_UNKNOWN,
    COD_NOT_PAID, BUSINESS_CLOSED, ACCESS_PROBLEM, PICKUP_EXPIRED, PICKUP_FAILED, DELAYED, WEATHER,
    CUSTOMS, HELD, DAMAGED, LOST, DESTROYED, OVERSIZED, CLAIM, REDIRECTED, OTHER;

    private static final Set<Reason> OVERLAYS = EnumSet.of(DELAYED, WEATHER, CUSTOMS, HELD);
    private static final Set<Reason> TERMINAL = EnumSet.of(LOST, DESTROYED);

    /** An EXCEPTION with this reason flags the current milestone instead of replacing it (rule 3). */
    public boolean isOverlay() {
        return OVERLAYS.contains(this);
    }

    /** An EXCEPTION with this reason ends the parcel's life (rule 2). */
    public boolean isTerminal() {
        return TERMINAL.contains(this);
    }
}
