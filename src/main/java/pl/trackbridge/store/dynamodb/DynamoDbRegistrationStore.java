package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.forwarding.RegistrationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Forwards table: {@code shipmentKey = accountId#waybill} (as in the events table) + {@code orderId}, so a
 * shipment's read gets its forwards with one Query. Created once per (order, waybill).
 */
public final class DynamoDbRegistrationStore implements RegistrationStore {
    static final String FIRST_REGISTRATION = "attribute_not_exists(orderId)";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbRegistrationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String accountId, String waybill, String orderId) {
        return Map.of("shipmentKey", Attr.s(TrackingItems.shipmentKey(accountId, waybill)), "orderId", Attr.s(orderId));
    }

    @Override
    public Stored createIfAbsent(Registration r) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.accountId(), r.waybill(), r.orderId()));
        item.put("accountId", Attr.s(r.accountId()));
        item.put("waybill", Attr.s(r.waybill()));
        item.put("carrierId", Attr.s(r.carrierId()));
        Attr.put(item, "carrierName", r.carrierName());
        item.put("lineItemIds", AttributeValue.fromL(r.lineItemIds().stream().map(Attr::s).toList()));
        Attr.put(item, "labelCreatedAt", r.labelCreatedAt());
        Attr.put(item, "handedOverAt", r.handedOverAt());
        Attr.put(item, "registeredAt", r.registeredAt());
        Attr.put(item, "warning", r.warning());
        item.put("queued", Attr.bool(r.queued()));
        try {
            dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(FIRST_REGISTRATION));
            return new Stored(r, true);
        } catch (ConditionalCheckFailedException exists) {
            return new Stored(find(r.accountId(), r.waybill(), r.orderId()).orElseThrow(), false);
        }
    }

    @Override
    public Optional<Registration> find(String accountId, String waybill, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(accountId, waybill, orderId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public List<Registration> forWaybill(String accountId, String waybill) {
        List<Registration> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("shipmentKey = :k")
                .expressionAttributeValues(Map.of(":k", Attr.s(TrackingItems.shipmentKey(accountId, waybill)))))
                .items().forEach(i -> out.add(read(i)));
        return out;
    }

    @Override
    public void markQueued(String accountId, String waybill, String orderId) {
        dynamo.updateItem(b -> b.tableName(table).key(key(accountId, waybill, orderId))
                .updateExpression("SET queued = :t").conditionExpression("attribute_exists(orderId)")
                .expressionAttributeValues(Map.of(":t", Attr.bool(true))));
    }

    private static Registration read(Map<String, AttributeValue> i) {
        List<String> lineItems = new ArrayList<>();
        AttributeValue li = i.get("lineItemIds");
        if (li != null && li.l() != null) {
            li.l().forEach(v -> lineItems.add(v.s()));
        }
        return new Registration(str(i, "accountId"), str(i, "orderId"), str(i, "waybill"), str(i, "carrierId"),
                str(i, "carrierName"), lineItems, instant(i, "labelCreatedAt"), instant(i, "handedOverAt"),
                instant(i, "registeredAt"), str(i, "warning"), Attr.flag(i, "queued"));
    }
}
