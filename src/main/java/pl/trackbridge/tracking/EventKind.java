package pl.trackbridge.tracking;

/** What an event does to a shipment: move its status, inform only, or revoke an earlier event. */
public enum EventKind {
    STATUS,
    /** Reminders, ETA changes, aggregator meta-states: stored, never change the status, never forwarded. */
    INFO,
    /** Cancels the event named in {@code revokes} (DPD operationType=CANCEL, Poczta Polska canceled=true). */
    REVOKE
}
