package pl.trackbridge.kpi;

import java.time.Instant;
import java.util.List;
import pl.trackbridge.order.Order;

/**
 * Everything the KPIs of one order depend on, gathered from the orders, forwards and shipments tables.
 *
 * @param boughtAt         the purchase (SELLER_CANCELLATION's day), may be null
 * @param dispatchDeadline {@code delivery.time.dispatch.to}, may be null (then in no deadline cell)
 * @param deliveryTo       the promised window's end, may be null (then in no DELIVERED_ON_TIME cell)
 * @param shipments        one entry per waybill registered for this order
 */
public record OrderFacts(String accountId, String orderId, Instant boughtAt, Instant dispatchDeadline, Instant deliveryTo,
        Order.Cancellation cancellation, List<ShipmentFacts> shipments) {

    public OrderFacts {
        shipments = shipments == null ? List.of() : List.copyOf(shipments);
    }

    /**
     * One registered waybill of the order: its registration, the forwarder's outcome and the carrier summary.
     *
     * @param registeredAt     when we received the registration
     * @param handedOverAt     the handover time the seller registered, or null
     * @param acceptedAt       Allegro's {@code createdAt} of the waybill on this order, or null (not accepted)
     * @param sentAt           when SENT was done on Allegro for this order (sent state DONE), or null
     * @param firstCollectedAt earliest COLLECTED scan (carrier time), or null
     * @param firstScanAt      earliest carrier scan (COLLECTED or later), or null
     * @param firstDeliveredAt earliest DELIVERED, or null
     * @param firstReturnAt    earliest RETURNING_TO_SENDER / RETURNED_TO_SENDER, or null
     */
    public record ShipmentFacts(String waybill, String carrierId, Instant registeredAt, Instant handedOverAt,
            Instant acceptedAt, Instant sentAt, Instant firstCollectedAt, Instant firstScanAt, Instant firstDeliveredAt,
            Instant firstReturnAt) {
    }
}
