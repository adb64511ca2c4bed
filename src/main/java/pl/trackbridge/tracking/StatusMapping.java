package pl.trackbridge.tracking;

/**
 * The canonical meaning of one source status: what each adapter's mapping table yields.
 */
public record StatusMapping(EventKind kind, TrackingStatus status, Reason reason) {

    public static StatusMapping status(TrackingStatus status) {
        return new StatusMapping(EventKind.STATUS, status, null);
    }

    public static StatusMapping status(TrackingStatus status, Reason reason) {
        return new StatusMapping(EventKind.STATUS, status, reason);
    }

    /** Informational: stored, never changes the status (reminders, ETA changes, aggregator meta-states). */
    public static StatusMapping info() {
        return new StatusMapping(EventKind.INFO, TrackingStatus.UNKNOWN, null);
    }

    /** A code we do not know: kept as UNKNOWN with its raw code, never rejected. */
    public static StatusMapping unknown() {
        return new StatusMapping(EventKind.STATUS, TrackingStatus.UNKNOWN, null);
    }
}
