package pl.trackbridge.store.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pl.trackbridge.order.Order;
import pl.trackbridge.tracking.ShipmentState;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * The KPI roll-up's one item per order (docs/storage.md "KPIs"): {@code order#{account}#{orderId}} / {@code state}
 * in the KPI table. Every write that changes a KPI input of the order (order-sync, a registration, the forwarder's
 * acceptance or SENT, a shipment's first scans) copies that input here <em>in the same transaction</em> as its own
 * write, moves the item's change count {@code q} on, and puts a change mark ({@link KpiMarks}). The roll-up never
 * writes this item: it reads it by key for each mark and keeps what the order contributed in the account's applied
 * items ({@link AppliedCodec}), with the count it applied.
 *
 * <p>Attributes: {@code synced} and the order's fields (once order-sync has stored the order), {@code an} (the
 * order's anchor day, set once); {@code waybills} (every waybill registered for it) and per waybill
 * {@code w:{waybill}:{field}}; {@code q}. The waybill → orders link ({@code link#{account}#{waybill}} /
 * {@code link}) lets a tracking append find the orders to copy its first scans to.
 */
public final class OrderKpiItem {
    /** The table's name in the template (and locally); in AWS it comes from {@code TRACKBRIDGE_TABLES_KPI}. */
    public static final String DEFAULT_TABLE = "KpiTable";
    /** Moved by one by every write of the item: the roll-up records the count it applied ({@link AppliedCodec}). */
    static final String CHANGE_COUNT = "q";
    /**
     * The order's {@code boughtAt} UTC day (without one, the day order-sync first stored it), set once: where the
     * roll-up keeps what the order applied, so it must never move.
     */
    static final String ANCHOR_DAY = "an";
    /** Set once the append has copied the shipment's first scans (absent: the roll-up reads the shipment itself). */
    static final String SHIPMENT_COPIED = "s";

    private OrderKpiItem() {
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
        // where the roll-up keeps what the order applied: its purchase day, else the day order-sync first stored it
        Instant anchor = o.boughtAt() != null ? o.boughtAt() : o.fetchedAt() != null ? o.fetchedAt() : Instant.now();
        w.setOnce(ANCHOR_DAY, Attr.s(anchor.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString()));
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

    /** One update of the order's item: the copied inputs, and its change count moved on. */
    private static final class Writer {
        private final String accountId;
        private final String orderId;
        private final List<String> sets = new ArrayList<>();
        private final List<String> removes = new ArrayList<>();
        private final Map<String, String> names = new HashMap<>();
        private final Map<String, AttributeValue> values = new HashMap<>();
        private final List<String> adds = new ArrayList<>();

        Writer(String accountId, String orderId) {
            this.accountId = accountId;
            this.orderId = orderId;
            set("accountId", Attr.s(accountId));
            set("orderId", Attr.s(orderId));
            // moved on by every write, without exception: the roll-up applies an order's state only if its count is
            // higher than the one it applied, so an older read can never overwrite a newer one (docs/storage.md "KPIs")
            values.put(":one", Attr.n(1));
            adds.add(CHANGE_COUNT + " :one");
        }

        /** Written by the first write only: later ones keep the value (the order's anchor day never moves). */
        void setOnce(String name, AttributeValue value) {
            String n = "#n" + names.size();
            names.put(n, name);
            values.put(":v" + values.size(), value);
            sets.add(n + " = if_not_exists(" + n + ", :v" + (values.size() - 1) + ")");
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
            adds.add("#wb :wb");
        }

        TransactWriteItem build(String table) {
            StringBuilder expr = new StringBuilder("SET ").append(String.join(", ", sets));
            if (!removes.isEmpty()) {
                expr.append(" REMOVE ").append(String.join(", ", removes));
            }
            expr.append(" ADD ").append(String.join(", ", adds));
            return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(accountId, orderId))
                    .updateExpression(expr.toString()).expressionAttributeNames(names).expressionAttributeValues(values)
                    .build()).build();
        }
    }
}
