package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pl.trackbridge.kpi.KpiSources;
import pl.trackbridge.kpi.OrderFacts;
import pl.trackbridge.order.Order;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reads the KPI inputs by key: orders ({@code accountId, orderId}), forwards ({@code accountId#waybill, orderId})
 * and shipment summaries ({@code accountId, waybill}), in consistent batches of 100.
 */
public final class DynamoDbKpiSources implements KpiSources {
    // only what OrderFacts holds (plus the keys): these items carry much more that the KPIs never look at
    static final List<String> ORDER_FIELDS = List.of("accountId", "orderId", "boughtAt", "dispatchDeadline",
            "deliveryTo", "cancelledBy", "cancelledAt");
    static final List<String> FORWARD_FIELDS = List.of("shipmentKey", "orderId", "waybill", "carrierId", "registeredAt",
            "handedOverAt", "acceptedAt", "sentState", "sentAt");
    static final List<String> SHIPMENT_FIELDS = List.of("accountId", "waybill", "firstCollectedAt", "firstScanAt",
            "firstDeliveredAt", "firstReturnAt");
    private final DynamoDbClient dynamo;
    private final String orders;
    private final String forwards;
    private final String shipments;
    private final KpiIo io;

    public DynamoDbKpiSources(DynamoDbClient dynamo, String orders, String forwards, String shipments, KpiIo io) {
        this.dynamo = dynamo;
        this.orders = orders;
        this.forwards = forwards;
        this.shipments = shipments;
        this.io = io;
    }

    @Override
    public Map<String, OrderFacts> facts(String accountId, Map<String, Set<String>> waybillsByOrder) {
        List<Map<String, AttributeValue>> orderKeys = new ArrayList<>();
        List<Map<String, AttributeValue>> forwardKeys = new ArrayList<>();
        Set<String> waybills = new TreeSet<>();
        waybillsByOrder.forEach((o, ws) -> {
            orderKeys.add(DynamoBatch.key("accountId", accountId, "orderId", o));
            for (String w : ws) {
                forwardKeys.add(DynamoBatch.key("shipmentKey", TrackingItems.shipmentKey(accountId, w), "orderId", o));
                waybills.add(w);
            }
        });
        List<Map<String, AttributeValue>> shipmentKeys = new ArrayList<>();
        waybills.forEach(w -> shipmentKeys.add(DynamoBatch.key("accountId", accountId, "waybill", w)));

        List<Map<String, AttributeValue>> orderItems = DynamoBatch.get(dynamo, io, orders, orderKeys, ORDER_FIELDS);
        io.read(orders, orderItems, List.of("accountId", "orderId"));
        List<Map<String, AttributeValue>> forwardItems = forwardKeys.isEmpty() ? List.of()
                : DynamoBatch.get(dynamo, io, forwards, forwardKeys, FORWARD_FIELDS);
        io.read(forwards, forwardItems, List.of("shipmentKey", "orderId"));
        List<Map<String, AttributeValue>> shipmentItems = shipmentKeys.isEmpty() ? List.of()
                : DynamoBatch.get(dynamo, io, shipments, shipmentKeys, SHIPMENT_FIELDS);
        io.read(shipments, shipmentItems, List.of("accountId", "waybill"));

        Map<String, Map<String, AttributeValue>> shipmentByWaybill = new HashMap<>();
        shipmentItems.forEach(i -> shipmentByWaybill.put(str(i, "waybill"), i));
        Map<String, List<OrderFacts.ShipmentFacts>> byOrder = new HashMap<>();
        for (Map<String, AttributeValue> f : forwardItems) {
            String waybill = str(f, "waybill");
            Map<String, AttributeValue> s = shipmentByWaybill.getOrDefault(waybill, Map.of());
            Instant sentAt = "DONE".equals(str(f, "sentState")) ? instant(f, "sentAt") : null;
            byOrder.computeIfAbsent(str(f, "orderId"), o -> new ArrayList<>()).add(new OrderFacts.ShipmentFacts(
                    waybill, str(f, "carrierId"), instant(f, "registeredAt"), instant(f, "handedOverAt"),
                    instant(f, "acceptedAt"), sentAt, instant(s, "firstCollectedAt"), instant(s, "firstScanAt"),
                    instant(s, "firstDeliveredAt"), instant(s, "firstReturnAt")));
        }
        Map<String, OrderFacts> out = new HashMap<>();
        for (Map<String, AttributeValue> o : orderItems) {
            String id = str(o, "orderId");
            Order.Cancellation c = str(o, "cancelledBy") == null ? null
                    : new Order.Cancellation(str(o, "cancelledBy"), instant(o, "cancelledAt"));
            out.put(id, new OrderFacts(accountId, id, instant(o, "boughtAt"), instant(o, "dispatchDeadline"),
                    instant(o, "deliveryTo"), c, byOrder.getOrDefault(id, List.of())));
        }
        return out;
    }
}
