package pl.trackbridge.alert;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.order.Order;

/** Order-alert facts held in memory, filtered the way the indexes would. */
final class FakeAlertFacts implements AlertFacts {
    final Map<String, Order> orders = new HashMap<>();
    final Map<String, Instant> handovers = new HashMap<>();
    final List<ForwardFact> forwards = new ArrayList<>();
    final Map<String, ShipmentFact> shipments = new HashMap<>();
    Connection connection = new Connection("CONNECTED", null, null);
    /** The latest reconciliation report's missing orders, by report day. */
    final Map<java.time.LocalDate, List<GapFact>> gaps = new HashMap<>();

    @Override
    public List<GapFact> reconciliationGaps(String accountId, java.time.LocalDate today) {
        return gaps.getOrDefault(today, gaps.getOrDefault(today.minusDays(1), List.of()));
    }

    static Order order(String account, String id, Instant deadline) {
        return new Order(account, id, deadline.minusSeconds(86_400), deadline, null, null, true, "READY_FOR_PROCESSING",
                "NEW", "rev-1", List.of(), null, null, deadline.minusSeconds(86_400), deadline.minusSeconds(86_400));
    }

    @Override
    public List<Order> ordersWithDeadline(String accountId, Instant from, Instant to) {
        return orders.values().stream().filter(o -> o.accountId().equals(accountId) && !o.dispatchDeadline().isBefore(from)
                && o.dispatchDeadline().isBefore(to)).toList();
    }

    @Override
    public Optional<Order> order(String accountId, String orderId) {
        return Optional.ofNullable(orders.get(orderId));
    }

    @Override
    public Instant handover(String accountId, String orderId) {
        return handovers.get(orderId);
    }

    @Override
    public List<ForwardFact> forwardsNeedingAttention(String accountId, Instant since) {
        return forwards.stream().filter(f -> !"ACCEPTED".equals(f.waybillState()) || List.of("REJECTED", "STUCK").contains(f.sentState()))
                .filter(f -> f.attentionSince() == null || !f.attentionSince().isBefore(since)).toList();
    }

    @Override
    public List<ForwardFact> forwardsOfOrder(String accountId, String orderId) {
        return forwards.stream().filter(f -> f.orderId().equals(orderId)).toList();
    }

    @Override
    public List<ShipmentFact> silentShipments(String accountId, Instant from, Instant to) {
        return shipments.values().stream().filter(s -> !s.terminal() && s.firstScanAt() != null
                && !s.lastEventAt().isBefore(from) && !s.lastEventAt().isAfter(to)).toList();
    }

    @Override
    public List<ShipmentFact> deliveryExceptions(String accountId, Instant since) {
        return shipments.values().stream().filter(s -> s.reason() != null && List.of("LOST", "DAMAGED", "REFUSED").contains(s.reason())
                && !s.statusAt().isBefore(since)).toList();
    }

    @Override
    public Optional<ShipmentFact> shipment(String accountId, String waybill) {
        return Optional.ofNullable(shipments.get(waybill));
    }

    @Override
    public Connection connection(String accountId) {
        return connection;
    }
}
