package pl.trackbridge.store.dynamodb;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Dirty marks for the KPI roll-up (docs/storage.md "KPIs"). Every write that can change a KPI input (an order,
 * a registration or its forwarding outcome, a shipment's summary) puts one mark in the same transaction, so a
 * change is never stored without its mark. Each mark is a new item (its sort key ends in a random id): the
 * roll-up deletes exactly the marks it has read and applied, and a change arriving meanwhile leaves its own.
 */
public final class KpiMarks {
    /** The table's name in the template (and locally); in AWS it comes from {@code TRACKBRIDGE_TABLES_KPI}. */
    public static final String DEFAULT_TABLE = "KpiTable";
    /** Marks are spread over this many partitions ({@code dirty#0} … {@code dirty#15}), by account. */
    public static final int SHARDS = 16;
    static final String ORDER = "O";
    static final String WAYBILL = "W";

    private KpiMarks() {
    }

    public static int shard(String accountId) {
        return Math.floorMod(accountId.hashCode(), SHARDS);
    }

    static String partition(int shard) {
        return "dirty#" + shard;
    }

    /** The order's KPIs may have changed (the order itself, or a registration of {@code waybill} for it). */
    static TransactWriteItem order(String table, String accountId, String orderId, String waybill) {
        return put(table, accountId, ORDER, orderId, waybill);
    }

    /** A shipment's summary changed: every order the waybill is registered for may have changed. */
    static TransactWriteItem waybill(String table, String accountId, String waybill) {
        return put(table, accountId, WAYBILL, waybill, null);
    }

    private static TransactWriteItem put(String table, String accountId, String kind, String ref, String waybill) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(partition(shard(accountId))));
        // account first: one account's marks are contiguous in the partition
        item.put("sk", Attr.s(accountId + "#" + kind + "#" + ref + "#" + UUID.randomUUID()));
        item.put("accountId", Attr.s(accountId));
        item.put("kind", Attr.s(kind));
        item.put("ref", Attr.s(ref));
        Attr.put(item, "waybill", waybill);
        return TransactWriteItem.builder().put(Put.builder().tableName(table).item(item).build()).build();
    }
}
