package pl.trackbridge.alert;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import pl.trackbridge.order.Order;

/**
 * What the order alerts read, each by a key or an index designed for it (docs/storage.md): orders by dispatch
 * deadline, an order's handover evidence, forwards that need attention, parcels gone silent, delivery exceptions,
 * and the Allegro connection.
 */
public interface AlertFacts {

    /** Orders with a dispatch deadline in {@code [from, to)}. */
    List<Order> ordersWithDeadline(String accountId, Instant from, Instant to);

    Optional<Order> order(String accountId, String orderId);

    /**
     * The order's handover evidence (DESIGN §4): the earliest carrier scan of its shipments, else the earliest
     * handover time the seller registered; null when there is none.
     */
    Instant handover(String accountId, String orderId);

    /** Forwards whose waybill is not accepted yet, or whose waybill or SENT was refused or got stuck, since then. */
    List<ForwardFact> forwardsNeedingAttention(String accountId, Instant since);

    /** Every forward of the order (one per registered waybill). */
    List<ForwardFact> forwardsOfOrder(String accountId, String orderId);

    /** Handed-over parcels not in a terminal state whose last event is in {@code [from, to)}. */
    List<ShipmentFact> silentShipments(String accountId, Instant from, Instant to);

    /** Parcels whose current state carries a lost, damaged or refused reason, since then. */
    List<ShipmentFact> deliveryExceptions(String accountId, Instant since);

    Optional<ShipmentFact> shipment(String accountId, String waybill);

    /** CONNECTED, DISCONNECTED (with Allegro's reason and since when) or NOT_CONNECTED. */
    Connection connection(String accountId);

    /**
     * What the latest daily reconciliation left missing: the report of {@code today} in the account's calendar, or
     * of the day before when today's has not run yet; empty without a report.
     */
    default List<GapFact> reconciliationGaps(String accountId, LocalDate today) {
        return List.of();
    }

    /**
     * @param reason {@code NO_WAYBILL}, {@code REJECTED}, {@code NOT_ACCEPTED_YET}, {@code ABSENT_ON_ALLEGRO} or
     *               {@code SENT_MISSING} (the reconciliation report's reasons)
     */
    record GapFact(String orderId, String waybill, String reason, Instant dispatchDeadline, LocalDate reportDate) {
    }

    record ForwardFact(String accountId, String orderId, String waybill, String carrierId, String waybillState,
            String sentState, Instant registeredAt, Instant handedOverAt, Instant attentionSince, String errorCode,
            String errorMessage, int httpStatus, String traceId) {
    }

    record ShipmentFact(String accountId, String waybill, String orderId, String carrierId, String status,
            String reason, String flag, boolean terminal, Instant firstScanAt, Instant lastEventAt, Instant statusAt) {
    }

    record Connection(String status, String reason, Instant since) {
        public static final Connection NOT_CONNECTED = new Connection("NOT_CONNECTED", null, null);
    }
}
