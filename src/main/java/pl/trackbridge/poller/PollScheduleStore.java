package pl.trackbridge.poller;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Poll schedules, read through an index of due items (never a scan). Webhook ingest keeps them current in the
 * same write as the shipment's state (see {@code DynamoDbTrackingStore}); registration starts them.
 */
public interface PollScheduleStore {
    /** Items of one index partition due at {@code now}, earliest first, at most {@code limit}. */
    List<PollItem> due(String shard, Instant now, int limit);

    Optional<PollItem> find(String accountId, String waybill);

    /** Starts polling a registered waybill unless it already has a schedule (or finished one). */
    void startIfAbsent(String accountId, String waybill, String carrierId, String orderId, Instant startedAt,
            Instant firstPoll);

    /**
     * Moves the item from the due time it was read with to {@code next}: the claim that makes one run, not two,
     * ask Allegro about it. False when another run or a pushed event moved it first.
     */
    boolean claim(PollItem seen, Instant next, Instant now);

    /** Takes the item out of the due index for good, with the reason (only while it is still as read). */
    void stop(PollItem seen, String reason);

    /** Records that Allegro's statuses up to {@code polledUpTo} are taken in (new ones arrived now if {@code newEvents}). */
    void polled(PollItem item, Instant polledUpTo, boolean newEvents, Instant now);

    /** Allegro's tracking confirmed a terminal status an unsigned source had reported: polling ends. */
    void confirmTerminal(PollItem item, Instant now);

    /**
     * Records that Allegro's tracking refuses a carrier until {@code until}.
     *
     * @return true only for the call that recorded it (so the refusal is reported once)
     */
    boolean recordRefusal(String carrierId, String message, Instant now, Instant until);

    boolean refused(String carrierId, Instant now);
}
