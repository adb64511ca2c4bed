package pl.trackbridge.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import pl.trackbridge.carrier.CarrierIds;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.ShipmentState;

/** The one rule for what a shipment record becomes when new events are stored; every store uses it. */
public final class ShipmentUpdate {
    private ShipmentUpdate() {
    }

    /**
     * @param current   the record as read (an empty record for a new shipment)
     * @param added     events about to be stored (none of them stored before)
     * @param history   the events already stored, read only when a revocation forces a re-fold
     */
    public static ShipmentRecord apply(ShipmentRecord current, List<CanonicalEvent> added,
            Supplier<List<CanonicalEvent>> history, Instant now) {
        ShipmentState state = current.state();
        boolean revocation = state.hasRevocations();
        for (CanonicalEvent e : added) {
            state = state.merge(e);
            revocation |= state.hasRevocations();
        }
        if (revocation) {
            List<CanonicalEvent> all = new ArrayList<>(history.get());
            all.addAll(added);
            state = ShipmentState.fold(all);
        }
        String carrierId = current.carrierId();
        String orderId = current.orderId();
        for (CanonicalEvent e : added) {
            if ((carrierId == null || CarrierIds.OTHER.equals(carrierId)) && e.carrierId() != null) {
                carrierId = e.carrierId();
            }
            if (orderId == null && e.orderId() != null) {
                orderId = e.orderId();
            }
        }
        String forward = current.handoverForward();
        if (current.state().firstScanAt() == null && state.firstScanAt() != null && forward == null) {
            forward = ShipmentRecord.FORWARD_PENDING;
        }
        return new ShipmentRecord(current.accountId(), current.waybill(), carrierId, orderId, state,
                current.eventCount() + added.size(), forward, current.version() + 1,
                current.createdAt() == null ? now : current.createdAt(), now);
    }
}
