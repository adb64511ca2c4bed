package pl.trackbridge.store.dynamodb;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Dirty marks for the KPI roll-up (docs/storage.md "KPIs"). Every write that can change a KPI input (an order,
 * a registration or its forwarding outcome, a shipment's summary) updates its mark in the same transaction, so
 * a change is never stored without it. One mark per order and one per waybill, whatever the number of changes;
 * each write gives it a new {@code nonce}, and the roll-up deletes a mark only on the nonce it read, so a change
 * arriving meanwhile keeps its mark.
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

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> key(String accountId, String kind,
            String ref) {
        // account first: one account's marks are contiguous in the partition
        return DynamoBatch.key("pk", partition(shard(accountId)), "sk", accountId + "#" + kind + "#" + ref);
    }

    static String linkPk(String accountId, String waybill) {
        return "link#" + accountId + "#" + waybill;
    }

    /** The order's KPIs may have changed: the order itself, or a registration of {@code waybill} (may be null) for it. */
    static TransactWriteItem order(String table, String accountId, String orderId, String waybill) {
        return mark(table, accountId, ORDER, orderId, waybill);
    }

    /** A shipment's summary changed: every order the waybill is registered for may have changed. */
    static TransactWriteItem waybill(String table, String accountId, String waybill) {
        return mark(table, accountId, WAYBILL, waybill, null);
    }

    /**
     * The waybill is registered for the order: kept for good (not a mark), so that a later change of the
     * shipment finds its orders by key.
     */
    static TransactWriteItem link(String table, String accountId, String waybill, String orderId) {
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(DynamoBatch.key("pk", linkPk(accountId, waybill), "sk", "link"))
                .updateExpression("ADD orders :o")
                .expressionAttributeValues(Map.of(":o",
                        software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(java.util.List.of(orderId))))
                .build()).build();
    }

    /**
     * One transaction, repeated when DynamoDB cancels it only for a conflict with another transaction on the same
     * item (two writes marking the same order at once); any other cancellation goes to the caller.
     */
    static void transact(software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo, TransactWriteItem... items) {
        for (int attempt = 1; ; attempt++) {
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                return;
            } catch (software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException e) {
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

    private static TransactWriteItem mark(String table, String accountId, String kind, String ref, String waybill) {
        Map<String, String> names = Map.of("#a", "accountId", "#k", "kind", "#r", "ref", "#n", "nonce");
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values = new HashMap<>();
        values.put(":a", Attr.s(accountId));
        values.put(":k", Attr.s(kind));
        values.put(":r", Attr.s(ref));
        values.put(":n", Attr.s(UUID.randomUUID().toString()));
        String expr = "SET #a = :a, #k = :k, #r = :r, #n = :n";
        Map<String, String> allNames = new HashMap<>(names);
        if (waybill != null) {
            // the registered waybills accumulate until the roll-up has taken them into the order's state
            expr += " ADD #w :w";
            allNames.put("#w", "waybills");
            values.put(":w", software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(java.util.List.of(waybill)));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(accountId, kind, ref))
                .updateExpression(expr).expressionAttributeNames(allNames).expressionAttributeValues(values).build()).build();
    }
}
