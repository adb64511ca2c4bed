package pl.trackbridge.poller;

import java.time.Duration;
import java.time.Instant;
import java.util.Set;

/**
 * When a shipment is polled (issue 7): carriers that never push ({@code noPushCarriers}, and no webhook event
 * ever came for the parcel) at every run; parcels that are pushed only after {@code quiet} without an event, then
 * every {@code quiet}, and once every {@code staleInterval} after {@code staleAfter} without any event. Nothing is
 * polled {@code maxAge} after it started. Pure: the same item and instant always give the same answer.
 *
 * @param minInterval     the least time between two polls of one parcel: "every run" with a margin below the
 *                        schedule's rate, so two runs close together do not ask twice
 * @param shards          partitions of the due index (spreads its writes; every run reads all of them)
 * @param unsignedSources webhook sources whose terminal statuses a poll must confirm (InPost signs nothing)
 */
public record PollPolicy(Set<String> noPushCarriers, Duration minInterval, Duration quiet, Duration staleAfter,
        Duration staleInterval, Duration maxAge, int shards, Set<String> unsignedSources) {

    public static PollPolicy defaults() {
        return new PollPolicy(Set.of("DPD", "DHL", "POCZTA_POLSKA", "GLS", "ORLEN"), Duration.ofMinutes(10),
                Duration.ofHours(6), Duration.ofDays(3), Duration.ofDays(1), Duration.ofDays(30), 4, Set.of("inpost"));
    }

    public PollPolicy {
        noPushCarriers = Set.copyOf(noPushCarriers);
        unsignedSources = Set.copyOf(unsignedSources);
        if (shards < 1) {
            throw new IllegalArgumentException("shards must be at least 1");
        }
    }

    /**
     * Whether Allegro's tracking can be asked about this carrier at all: {@code OTHER} (a custom carrier) and an
     * unknown carrier have no tracking there.
     */
    public boolean pollable(String carrierId) {
        return carrierId != null && !carrierId.isBlank() && !"OTHER".equals(carrierId);
    }

    /** A parcel of a carrier without push that no webhook ever reported: Allegro's tracking is all we have. */
    public boolean pollsEveryRun(String carrierId, Instant lastPushAt) {
        return lastPushAt == null && carrierId != null && noPushCarriers.contains(carrierId);
    }

    /** First due time of a newly registered waybill. */
    public Instant firstPoll(String carrierId, Instant registeredAt) {
        return pollsEveryRun(carrierId, null) ? registeredAt : registeredAt.plus(quiet);
    }

    /** Due time after a pushed event arrived: pushes are flowing, so not before a quiet period. */
    public Instant afterPush(Instant arrivedAt) {
        return arrivedAt.plus(quiet);
    }

    /**
     * How much earlier than {@link #afterPush} a parcel may stay due when another push arrives: a sixth of the quiet
     * period (1 h of 6). Pushes within it do not rewrite the schedule (docs/storage.md).
     */
    public Duration postponeSlack() {
        return quiet.dividedBy(6);
    }

    public boolean tooOld(PollItem item, Instant now) {
        return item.startedAt() != null && now.isAfter(item.startedAt().plus(maxAge));
    }

    /** The next due time once polled now (the poll's own result is not needed: a new event is a push-free run). */
    public Instant afterPoll(PollItem item, Instant now) {
        if (item.terminalUnconfirmed() || pollsEveryRun(item.carrierId(), item.lastPushAt())) {
            return now.plus(minInterval);
        }
        Instant lastActivity = latest(item.lastEventArrivedAt(), item.lastPushAt(), item.startedAt());
        if (lastActivity != null && !now.isBefore(lastActivity.plus(staleAfter))) {
            return now.plus(staleInterval);
        }
        return now.plus(quiet);
    }

    /** The due-index partition of a shipment: stable, spread by its key. */
    public String shard(String accountId, String waybill) {
        return "p" + Math.floorMod((accountId + "#" + waybill).hashCode(), shards);
    }

    public String shard(int index) {
        return "p" + index;
    }

    private static Instant latest(Instant... instants) {
        Instant max = null;
        for (Instant i : instants) {
            if (i != null && (max == null || i.isAfter(max))) {
                max = i;
            }
        }
        return max;
    }
}
