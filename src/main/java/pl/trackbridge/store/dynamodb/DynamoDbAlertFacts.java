package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pl.trackbridge.alert.AlertFacts;
import pl.trackbridge.allegro.auth.StoredToken;
import pl.trackbridge.allegro.auth.TokenStore;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.OrderStore;
import pl.trackbridge.store.ShipmentRecord;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The order alerts' reads (docs/storage.md), each by key or by an index made for it: OrdersTable
 * ByDispatchDeadline; ForwardsTable ByOrder and NeedsAttention; ShipmentsTable ByOrder, SilentSince and
 * DeliveryExceptions; the token item for the connection. Never a scan.
 */
public final class DynamoDbAlertFacts implements AlertFacts {
    private final DynamoDbClient dynamo;
    private final OrderStore orders;
    private final TokenStore tokens;
    private final String shipments;
    private final String forwards;
    private pl.trackbridge.reconciliation.ReconciliationStore reconciliations;

    public DynamoDbAlertFacts(DynamoDbClient dynamo, OrderStore orders, TokenStore tokens, String shipmentsTable,
            String forwardsTable) {
        this.dynamo = dynamo;
        this.orders = orders;
        this.tokens = tokens;
        this.shipments = shipmentsTable;
        this.forwards = forwardsTable;
    }

    /** Reads the daily reconciliation reports for {@code RECONCILIATION_GAP}; without them there are no gaps. */
    public DynamoDbAlertFacts withReconciliations(pl.trackbridge.reconciliation.ReconciliationStore reconciliations) {
        this.reconciliations = reconciliations;
        return this;
    }

    @Override
    public List<GapFact> reconciliationGaps(String accountId, java.time.LocalDate today) {
        if (reconciliations == null) {
            return List.of();
        }
        var report = reconciliations.find(accountId, today).or(() -> reconciliations.find(accountId, today.minusDays(1)));
        return report.map(r -> r.missing().stream().map(m -> new GapFact(m.orderId(), m.waybill(), m.reason(),
                m.dispatchDeadline(), r.date())).toList()).orElse(List.of());
    }

    @Override
    public List<Order> ordersWithDeadline(String accountId, Instant from, Instant to) {
        return orders.withDeadlineBetween(accountId, from, to);
    }

    @Override
    public Optional<Order> order(String accountId, String orderId) {
        return orders.find(accountId, orderId);
    }

    @Override
    public Instant handover(String accountId, String orderId) {
        Instant scan = null;
        Instant registered = null;
        Set<String> waybills = new LinkedHashSet<>();
        for (ForwardFact f : forwardsOfOrder(accountId, orderId)) {
            waybills.add(f.waybill());
            registered = min(registered, f.handedOverAt());
        }
        // parcels that name the order in their carrier events, registered or not
        dynamo.queryPaginator(b -> b.tableName(shipments).indexName("ByOrder")
                        .keyConditionExpression("orderId = :o AND accountId = :a")
                        .expressionAttributeValues(Map.of(":o", Attr.s(orderId), ":a", Attr.s(accountId))))
                .items().forEach(i -> waybills.add(str(i, "waybill")));
        for (String waybill : waybills) {
            Optional<ShipmentFact> s = shipment(accountId, waybill);
            if (s.isPresent()) {
                scan = min(scan, s.get().firstScanAt());
            }
        }
        return scan != null ? scan : registered;
    }

    // The forwards' indexes project keys only (claims and records rewrite the items often): each reader queries the
    // few candidates' keys, then reads those items by key and keeps the ones that still match (the index lags a little).

    @Override
    public List<ForwardFact> forwardsNeedingAttention(String accountId, Instant since) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(forwards).indexName("NeedsAttention")
                        .keyConditionExpression("attentionAccount = :a AND attentionSince >= :since")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":since", Attr.s(since.toString()))))
                .items().forEach(i -> keys.add(DynamoBatch.keyOf(i, "shipmentKey", "orderId")));
        List<ForwardFact> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : DynamoBatch.getInOrder(dynamo, forwards, keys)) {
            String marker = str(i, "attentionAccount");
            String at = str(i, "attentionSince");
            if (accountId.equals(marker) && at != null && at.compareTo(since.toString()) >= 0) {
                out.add(forward(i));
            }
        }
        return out;
    }

    @Override
    public List<ForwardFact> forwardsOfOrder(String accountId, String orderId) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(forwards).indexName("ByOrder")
                        .keyConditionExpression("accountId = :a AND orderId = :o")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":o", Attr.s(orderId))))
                .items().forEach(i -> keys.add(DynamoBatch.keyOf(i, "shipmentKey", "orderId")));
        return DynamoBatch.getInOrder(dynamo, forwards, keys).stream().map(DynamoDbAlertFacts::forward).toList();
    }

    @Override
    public List<ShipmentFact> silentShipments(String accountId, Instant from, Instant to) {
        List<ShipmentFact> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(shipments).indexName("SilentSince")
                        .keyConditionExpression("activeAccount = :a AND lastEventAt BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":from", Attr.s(from.toString()),
                                ":to", Attr.s(to.toString()))))
                .items().forEach(i -> out.add(indexedFact(i)));
        return out;
    }

    @Override
    public List<ShipmentFact> deliveryExceptions(String accountId, Instant since) {
        List<ShipmentFact> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(shipments).indexName("DeliveryExceptions")
                        .keyConditionExpression("exceptionAccount = :a AND statusAt >= :since")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":since", Attr.s(since.toString()))))
                .items().forEach(i -> out.add(indexedFact(i)));
        return out;
    }

    @Override
    public Optional<ShipmentFact> shipment(String accountId, String waybill) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(shipments)
                .key(TrackingItems.shipmentKeyOf(accountId, waybill))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(fact(TrackingItems.shipment(item)));
    }

    @Override
    public Connection connection(String accountId) {
        Optional<StoredToken> t = tokens.read(accountId);
        if (t.isEmpty()) {
            return Connection.NOT_CONNECTED;
        }
        StoredToken token = t.get();
        return token.disconnected() ? new Connection("DISCONNECTED", token.disconnectReason(), token.disconnectedAt())
                : new Connection("CONNECTED", null, null);
    }

    private static ShipmentFact fact(ShipmentRecord r) {
        var s = r.state();
        return new ShipmentFact(r.accountId(), r.waybill(), r.orderId(), r.carrierId(), s.status().name(),
                s.reason() == null ? null : s.reason().name(), s.flag() == null ? null : s.flag().name(), s.isTerminal(),
                s.firstScanAt(), s.lastEventAt(), s.current() == null ? null : s.current().occurredAt());
    }

    /**
     * A parcel's fact from an entry of SilentSince or DeliveryExceptions, which project only these attributes (the
     * state as {@link TrackingItems#shipmentItem} stored it alongside the summary).
     */
    private static ShipmentFact indexedFact(Map<String, AttributeValue> i) {
        return new ShipmentFact(str(i, "accountId"), str(i, "waybill"), str(i, "orderId"), str(i, "carrierId"),
                str(i, "status"), str(i, "reason"), str(i, "flag"), Attr.flag(i, "terminal"), instant(i, "firstScanAt"),
                instant(i, "lastEventAt"), instant(i, "statusAt"));
    }

    /** A forward item with the last refusal or failure Allegro gave (code, message, status, trace id). */
    private static ForwardFact forward(Map<String, AttributeValue> i) {
        String code = null, message = null, trace = null;
        int status = 0;
        AttributeValue attempts = i.get("attempts");
        if (attempts != null && attempts.l() != null) {
            for (AttributeValue v : attempts.l()) {
                Map<String, AttributeValue> m = v.m();
                if (str(m, "errorCode") != null || str(m, "message") != null) {
                    code = str(m, "errorCode");
                    message = str(m, "message");
                    trace = str(m, "traceId");
                    status = (int) Attr.num(m, "httpStatus");
                }
            }
        }
        return new ForwardFact(str(i, "accountId"), str(i, "orderId"), str(i, "waybill"), str(i, "carrierId"),
                str(i, "waybillState") == null ? "PENDING" : str(i, "waybillState"),
                str(i, "sentState") == null ? "PENDING" : str(i, "sentState"), instant(i, "registeredAt"),
                instant(i, "handedOverAt"), instant(i, "attentionSince"), code, message, status, trace);
    }

    private static Instant min(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
