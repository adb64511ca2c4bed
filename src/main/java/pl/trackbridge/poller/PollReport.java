package pl.trackbridge.poller;

import java.util.ArrayList;
import java.util.List;

/** What one tracking-poller run did; the job's summary. */
public final class PollReport {
    /** Items found due in the index. */
    public int due;
    /** Shipments Allegro was asked about. */
    public int polled;
    /** Calls to {@code GET /order/carriers/{carrierId}/tracking}. */
    public int calls;
    public int eventsAdded;
    /** Allegro statuses already stored from another source (same status, same instant). */
    public int alreadyKnown;
    public int terminalsConfirmed;
    public int stoppedMaxAge;
    public int stoppedCarrierRefused;
    /** Due, but claimed by another run or moved by a pushed event first. */
    public int skippedClaimed;
    public int skippedNotConnected;
    /** Carriers Allegro's tracking refused in this run for the first time (reported once). */
    public final List<String> refusedCarriers = new ArrayList<>();
    public final List<String> errors = new ArrayList<>();
}
