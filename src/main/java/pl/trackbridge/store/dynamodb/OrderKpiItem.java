package pl.trackbridge.store.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import pl.trackbridge.order.Order;
import pl.trackbridge.tracking.ShipmentState;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The KPI roll-up's one item per order (docs/storage.md "KPIs"): {@code order#{account}#{orderId}} / {@code state}
 * in the KPI table. Every write that changes a KPI input of the order (order-sync, a registration, the forwarder's
 * acceptance or SENT, a shipment's first scans) copies that input here <em>in the same transaction</em> as its own
 * write, gives the item a new {@code nonce} and puts it in the sparse {@code Dirty} index. The roll-up reads the
 * dirty items by index page, so it needs no other read per order, and writes each one back once: its contributions,
 * a new {@code version}, and out of the index, conditional on the nonce it read (a change written meanwhile keeps
 * the item dirty).
 *
 * <p>Attributes: {@code synced} and the order's fields (once order-sync has stored the order); {@code waybills}
 * (every waybill registered for it) and per waybill {@code w:{waybill}:{field}}; {@code version}, {@code carrier},
 * {@code e} (what the roll-up applied, {@link EntryCodec}). The waybill → orders link ({@code link#{account}#{waybill}} / {@code link})
 * lets a tracking append find the orders to copy its first scans to.
 */
public final class OrderKpiItem {
    /** The table's name in the template (and locally); in AWS it comes from {@code TRACKBRIDGE_TABLES_KPI}. */
    public static final String DEFAULT_TABLE = "KpiTable";
    /** The sparse index of orders to recompute: hash {@code dirty} ({@code dirty#{shard}}), range {@code dirtySk}. */
    public static final String DIRTY_INDEX = "Dirty";
    /** Dirty orders are spread over this many index partitions ({@code dirty#0} … {@code dirty#15}), by account. */
    public static final int SHARDS = 16;
    /** What the order contributes to the cells now ({@link EntryCodec}); absent: nothing. */
    static final String ENTRIES = "e";
    /** The same as a list of {@code Contribution.encode()} strings, as written until 2026-11-22; read, then dropped. */
    static final String ENTRIES_BEFORE_2026_11_22 = "entries";
    /** Set once the append has copied the shipment's first scans (absent: the roll-up reads the shipment itself). */
    static final String SHIPMENT_COPIED = "s";

    private OrderKpiItem() {
    }

    public static int shard(String accountId) {
        return Math.floorMod(accountId.hashCode(), SHARDS);
    }

    static String partition(int shard) {
        return "dirty#" + shard;
    }

    static String pk(String accountId, String orderId) {
        return "order#" + accountId + "#" + orderId;
    }

    static Map<String, AttributeValue> key(String accountId, String orderId) {
        return DynamoBatch.key("pk", pk(accountId, orderId), "sk", "state");
    }

    static String linkPk(String accountId, String waybill) {
        return "link#" + accountId + "#" + waybill;
    }

    static Map<String, AttributeValue> linkKey(String accountId, String waybill) {
        return DynamoBatch.key("pk", linkPk(accountId, waybill), "sk", "link");
    }

    /**
     * The stored (short) name of a KPI input: every writer's update is billed on the whole item's size, and the item
     * is rewritten by each of them, so its attribute names are kept to a few letters (docs/storage.md "KPIs").
     */
    private static final Map<String, String> SHORT = Map.ofEntries(Map.entry("synced", "y"), Map.entry("boughtAt", "b"),
            Map.entry("dispatchDeadline", "dd"), Map.entry("deliveryTo", "dt"), Map.entry("cancelledBy", "cb"),
            Map.entry("cancelledAt", "ca"), Map.entry("carrierId", "c"), Map.entry("registeredAt", "r"),
            Map.entry("handedOverAt", "h"), Map.entry("acceptedAt", "a"), Map.entry("sentAt", "t"),
            Map.entry("firstCollectedAt", "fc"), Map.entry("firstScanAt", "fs"), Map.entry("firstDeliveredAt", "fd"),
            Map.entry("firstReturnAt", "fr"), Map.entry(SHIPMENT_COPIED, SHIPMENT_COPIED));

    /** The attribute holding an order-level input ({@code synced}, {@code boughtAt}, …). */
    static String attr(String input) {
        String name = SHORT.get(input);
        if (name == null) {
            throw new IllegalArgumentException("not a KPI input: " + input);
        }
        return name;
    }

    /** The attribute holding a waybill's input ({@code carrierId}, {@code acceptedAt}, {@code firstScanAt}, …). */
    static String field(String waybill, String input) {
        return "w:" + waybill + ":" + attr(input);
    }

    /** The order as order-sync stored it: its KPI fields. */
    static TransactWriteItem order(String table, Order o) {
        Writer w = new Writer(o.accountId(), o.orderId());
        w.set(attr("synced"), AttributeValue.fromBool(true));
        w.instant(attr("boughtAt"), o.boughtAt());
        w.instant(attr("dispatchDeadline"), o.dispatchDeadline());
        w.instant(attr("deliveryTo"), o.deliveryTo());
        w.string(attr("cancelledBy"), o.cancellation() == null ? null : o.cancellation().by());
        w.instant(attr("cancelledAt"), o.cancellation() == null ? null : o.cancellation().at());
        return w.build(table);
    }

    /** The waybill is registered (or adopted) for the order: its carrier, registration and handover times. */
    static TransactWriteItem registration(String table, String accountId, String orderId, String waybill, String carrierId,
            Instant registeredAt, Instant handedOverAt, Instant acceptedAt) {
        Writer w = new Writer(accountId, orderId);
        w.string(field(waybill, "carrierId"), carrierId);
        w.instant(field(waybill, "registeredAt"), registeredAt);
        w.instant(field(waybill, "handedOverAt"), handedOverAt);
        if (acceptedAt != null) {
            w.instant(field(waybill, "acceptedAt"), acceptedAt);
        }
        w.addWaybill(waybill);
        return w.build(table);
    }

    /** The forwarder's outcome: Allegro's acceptance time and/or the time SENT was done (null: unchanged). */
    static TransactWriteItem forward(String table, String accountId, String orderId, String waybill, Instant acceptedAt,
            Instant sentDoneAt) {
        Writer w = new Writer(accountId, orderId);
        if (acceptedAt != null) {
            w.instant(field(waybill, "acceptedAt"), acceptedAt);
        }
        if (sentDoneAt != null) {
            w.instant(field(waybill, "sentAt"), sentDoneAt);
        }
        return w.build(table);
    }

    /** The shipment's first scans as they stand after an append. */
    static TransactWriteItem shipment(String table, String accountId, String orderId, String waybill, ShipmentState s) {
        Writer w = new Writer(accountId, orderId);
        w.instant(field(waybill, "firstCollectedAt"), s.firstCollectedAt());
        w.instant(field(waybill, "firstScanAt"), s.firstScanAt());
        w.instant(field(waybill, "firstDeliveredAt"), s.firstDeliveredAt());
        w.instant(field(waybill, "firstReturnAt"), s.firstReturnAt());
        w.set(field(waybill, SHIPMENT_COPIED), AttributeValue.fromBool(true));
        return w.build(table);
    }

    /**
     * The waybill is registered for the order: kept for good, so that a change of the shipment finds its orders by
     * key. Its {@code version} moves with every order added: an append that read the link checks it did not move.
     */
    static TransactWriteItem link(String table, String accountId, String waybill, String orderId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(linkKey(accountId, waybill))
                .updateExpression("ADD orders :o, version :one")
                .expressionAttributeValues(Map.of(":o", AttributeValue.fromSs(List.of(orderId)), ":one", Attr.n(1)))
                .build()).build();
    }

    /**
     * One transaction, repeated when DynamoDB cancels it only for a conflict with another transaction on the same
     * item (two writes to the same order's item at once); any other cancellation goes to the caller.
     */
    static void transact(DynamoDbClient dynamo, TransactWriteItem... items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (TransactionCanceledException e) {
                boolean conflictOnly = e.cancellationReasons().stream()
                        .allMatch(r -> r.code() == null || "None".equals(r.code()) || "TransactionConflict".equals(r.code()));
                if (!conflictOnly || attempt >= 5) {
                    throw e;
                }
                try {
                    Thread.sleep((long) (Math.random() * 20 * attempt));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }

    /** One update of the order's item: the copied inputs, a new nonce, and into the dirty index. */
    private static final class Writer {
        private final String accountId;
        private final String orderId;
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private String add;

        Writer(String accountId, String orderId) {
            this.accountId = accountId;
            this.orderId = orderId;
            set("accountId", Attr.s(accountId));
            set("orderId", Attr.s(orderId));
            // a new nonce on every write, without exception: the roll-up puts the item back whole on the nonce it
            // read, so a write that kept the nonce would be overwritten by it (docs/storage.md "KPIs")
            set("nonce", Attr.s(UUID.randomUUID().toString()));
            set("dirty", Attr.s(partition(shard(accountId))));
            // account first: one account's dirty orders are contiguous in the index partition
            set("dirtySk", Attr.s(accountId + "#" + orderId));
        }

        void set(String name, AttributeValue value) {
            String n = "#n" + names.size();
            names.put(n, name);
            values.put(":v" + values.size(), value);
            sets.add(n + " = :v" + (values.size() - 1));
        }

        void string(String name, String value) {
            if (value == null) {
                String n = "#n" + names.size();
                names.put(n, name);
                removes.add(n);
            } else {
                set(name, Attr.s(value));
            }
        }

        void instant(String name, Instant value) {
            string(name, value == null ? null : value.toString());
        }

        void addWaybill(String waybill) {
            values.put(":wb", AttributeValue.fromSs(List.of(waybill)));
            names.put("#wb", "waybills");
            add = "#wb :wb";
        }

        TransactWriteItem build(String table) {
            StringBuilder expr = new StringBuilder("SET ").append(String.join(", ", sets));
            if (!removes.isEmpty()) {
                expr.append(" REMOVE ").append(String.join(", ", removes));
            }
            if (add != null) {
                expr.append(" ADD ").append(add);
            }
            return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(accountId, orderId))
                    .updateExpression(expr.toString()).expressionAttributeNames(names).expressionAttributeValues(values)
                    .build()).build();
        }
    }
}
