package pl.trackbridge.store;

import java.time.Instant;
import pl.trackbridge.tracking.ShipmentState;

/**
 * A shipment as stored: its identity, the derived tracking state and bookkeeping.
 *
 * @param handoverForward {@code PENDING} once handover evidence exists and the forward is not yet on the queue,
 *                        {@code ENQUEUED} once it is; null before any handover
 * @param version         optimistic-lock counter: every write is conditional on the version it read
 */
public record ShipmentRecord(
        String accountId,
        String waybill,
        String carrierId,
        String orderId,
        ShipmentState state,
        int eventCount,
        String handoverForward,
        long version,
        Instant createdAt,
        Instant updatedAt) {

    public static final String FORWARD_PENDING = "PENDING";
    public static final String FORWARD_ENQUEUED = "ENQUEUED";

    public static ShipmentRecord empty(String accountId, String waybill, Instant now) {
        return new ShipmentRecord(accountId, waybill, null, null, ShipmentState.EMPTY, 0, null, 0, now, now);
    }
}
