package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.OrderStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/** Orders table: one item per account and checkout form; the later read of a form wins. */
public final class DynamoDbOrderStore implements OrderStore {
    static final String BY_DEADLINE = "ByDispatchDeadline";
    static final String NEWER_READ_WINS = "attribute_not_exists(orderId) OR fetchedAt <= :fetchedAt";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String kpiTable;
    private final KpiMarks marks;

    public DynamoDbOrderStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, OrderKpiItem.DEFAULT_TABLE);
    }

    /** @param kpiTable where the order's KPI item is (OrderKpiItem), written in the same transaction as the order */
    public DynamoDbOrderStore(DynamoDbClient dynamo, String table, String kpiTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.kpiTable = kpiTable;
        this.marks = new KpiMarks(dynamo, kpiTable);
    }

    @Override
    public Optional<Order> find(String accountId, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("accountId", Attr.s(accountId), "orderId", Attr.s(orderId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(toOrder(item));
    }

    /**
     * Orders whose dispatch deadline is in [from, to), oldest deadline first (index ByDispatchDeadline). The
     * deadline is an ISO instant string, whose text order can differ from time order within one second
     * ("10:00:00.5Z" sorts before "10:00:00Z"): the query widens the range by a second and filters exactly.
     */
    @Override
    public List<Order> withDeadlineBetween(String accountId, Instant from, Instant to) {
        List<Order> found = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_DEADLINE)
                        .keyConditionExpression("accountId = :a AND dispatchDeadline BETWEEN :from AND :to")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":from", Attr.s(from.minusSeconds(1).toString()),
                                ":to", Attr.s(to.plusSeconds(1).toString()))))
                .items().forEach(item -> {
                    Order o = toOrder(item);
                    if (!o.dispatchDeadline().isBefore(from) && o.dispatchDeadline().isBefore(to)) {
                        found.add(o);
                    }
                });
        found.sort(java.util.Comparator.comparing(Order::dispatchDeadline));
        return found;
    }

    private static Order toOrder(Map<String, AttributeValue> item) {
        List<Order.LineItem> items = new ArrayList<>();
        AttributeValue li = item.get("lineItems");
        if (li != null && li.l() != null) {
            for (AttributeValue v : li.l()) {
                items.add(new Order.LineItem(str(v.m(), "id"), str(v.m(), "offerId"), (int) Attr.num(v.m(), "quantity")));
            }
        }
        Order.Cancellation c = str(item, "cancelledBy") == null ? null
                : new Order.Cancellation(str(item, "cancelledBy"), instant(item, "cancelledAt"));
        return new Order(str(item, "accountId"), str(item, "orderId"), instant(item, "boughtAt"), instant(item, "dispatchDeadline"),
                instant(item, "deliveryFrom"), instant(item, "deliveryTo"), Attr.flag(item, "smart"), str(item, "status"),
                str(item, "fulfillmentStatus"), str(item, "revision"), items, c, str(item, "deliveryMethodId"),
                instant(item, "updatedAt"), instant(item, "fetchedAt"));
    }

    @Override
    public boolean upsert(Order o) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", Attr.s(o.accountId()));
        item.put("orderId", Attr.s(o.orderId()));
        Attr.put(item, "boughtAt", o.boughtAt());
        Attr.put(item, "dispatchDeadline", o.dispatchDeadline());
        Attr.put(item, "deliveryFrom", o.deliveryFrom());
        Attr.put(item, "deliveryTo", o.deliveryTo());
        item.put("smart", Attr.bool(o.smart()));
        Attr.put(item, "status", o.status());
        Attr.put(item, "fulfillmentStatus", o.fulfillmentStatus());
        Attr.put(item, "revision", o.revision());
        Attr.put(item, "deliveryMethodId", o.deliveryMethodId());
        Attr.put(item, "updatedAt", o.updatedAt());
        Attr.put(item, "fetchedAt", o.fetchedAt());
        if (o.cancellation() != null) {
            Attr.put(item, "cancelledBy", o.cancellation().by());
            Attr.put(item, "cancelledAt", o.cancellation().at());
        }
        List<AttributeValue> items = new ArrayList<>();
        for (Order.LineItem li : o.lineItems()) {
            Map<String, AttributeValue> m = new HashMap<>();
            Attr.put(m, "id", li.id());
            Attr.put(m, "offerId", li.offerId());
            m.put("quantity", Attr.n(li.quantity()));
            items.add(AttributeValue.fromM(m));
        }
        item.put("lineItems", AttributeValue.fromL(items));
        Put put = Put.builder().tableName(table).item(item).conditionExpression(NEWER_READ_WINS)
                .expressionAttributeValues(Map.of(":fetchedAt", Attr.s(o.fetchedAt().toString()))).build();
        try {
            // the order's KPI fields are copied to its KPI item in the same write: the roll-up never misses a change
            marks.transact(o.accountId(), List.of(o.orderId()), TransactWriteItem.builder().put(put).build(),
                    OrderKpiItem.order(kpiTable, o));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if (!cancelled.cancellationReasons().isEmpty()
                    && "ConditionalCheckFailed".equals(cancelled.cancellationReasons().get(0).code())) {
                return false; // a later read of the order is stored
            }
            throw cancelled;
        }
    }
}
