package pl.trackbridge.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import pl.trackbridge.tracking.CanonicalEvent;

/** Persistence of raw deliveries, canonical events and shipment state. */
public interface TrackingStore {

    /**
     * Keeps a delivery's bytes once (a redelivery of the same bytes is not stored again). Written last, after
     * the delivery's events and forwards, so that its presence means the delivery was fully processed.
     */
    void saveRaw(RawPayload raw);

    /** Whether a delivery with these exact bytes was fully processed before: a redelivery then costs no write. */
    boolean deliveryProcessed(String rawRef);

    /**
     * Stores each event at most once (keyed by {@link CanonicalEvent#eventKey()}) and updates the shipment's
     * state in the same atomic write, so an event is never stored without its effect on the state or the other
     * way round. Safe under concurrent appends to the same shipment.
     *
     * @param events events of one shipment (same waybill)
     */
    AppendResult append(String accountId, String waybill, List<CanonicalEvent> events, String rawRef, Instant receivedAt);

    Optional<ShipmentRecord> shipment(String accountId, String waybill);

    /** The shipment's events ordered by occurredAt. */
    List<StoredEvent> events(String accountId, String waybill);

    /** Records that the handover forward reached the queue (only if it was still pending). */
    void markHandoverEnqueued(String accountId, String waybill);
}
