package pl.trackbridge.store.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The change marks that tell the KPI roll-up which orders to recompute (docs/storage.md "KPIs"). Every write that
 * changes an order's KPI inputs puts, in the same transaction, a keys-only mark {@code mark#{shard}#{set}} /
 * {@code {account}#{orderId}} into the shard's <em>open change set</em>, and checks that the set is still open: the
 * shard's item {@code kpishard#{shard}} / {@code sets} still has {@code open = set}. The roll-up closes a set by
 * moving {@code open} on (a single conditional update), then reads the closed sets' marks. A writer that still
 * holds the old number has its transaction cancelled by the check, reads the number again and writes into the new
 * set; so once a set is closed no mark can be added to it, and a roll-up that read all of its marks has seen every
 * change in it. Marks are never deleted by the roll-up (that would be one more write per order): a closed set is
 * just never read again, and DynamoDB's TTL removes its marks after {@link #MARK_LIFETIME}.
 *
 * <p>One instance per store: the open set numbers are cached per shard, read once and again only after a check
 * failed (the roll-up closes each set once per run, every 15 minutes).
 */
public final class KpiMarks {
    /**
     * The marks and the open-set items are spread over this many shards, by account. Every writer's transaction
     * checks its shard's item, and DynamoDB cancels a transaction that meets another one on the same item
     * (TransactionConflict, retried below): 64 keeps that rare at the write rates of DESIGN §6 (about 10 a second,
     * peaks ×10), and costs the roll-up a GetItem and an UpdateItem per shard and run.
     */
    static final int SHARDS = 64;
    /** Long enough for a roll-up to catch up after days of failing runs; TTL is free. */
    static final Duration MARK_LIFETIME = Duration.ofDays(14);
    static final String TTL_ATTRIBUTE = "expiresAt";
    private static final int MAX_ATTEMPTS = 8;

    private final DynamoDbClient dynamo;
    private final String table;
    private final Map<Integer, Long> open = new ConcurrentHashMap<>();

    KpiMarks(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    public static int shard(String accountId) {
        return Math.floorMod(accountId.hashCode(), SHARDS);
    }

    static Map<String, AttributeValue> shardKey(int shard) {
        return DynamoBatch.key("pk", "kpishard#" + shard, "sk", "sets");
    }

    static String markPk(int shard, long set) {
        return "mark#" + shard + "#" + set;
    }

    /** Account first: one account's marks are contiguous in the set's partition. */
    static String markSk(String accountId, String orderId) {
        return accountId + "#" + orderId;
    }

    /** The KPI item key of the order a mark's sort key names (order ids hold no {@code #}; account ids may). */
    static Map<String, AttributeValue> orderKeyOf(String markSk) {
        int hash = markSk.lastIndexOf('#');
        return OrderKpiItem.key(markSk.substring(0, hash), markSk.substring(hash + 1));
    }

    /** The condition that set {@code set} is still the shard item's {@code open} one (0: no set closed yet). */
    static String openIs(long set) {
        return set == 0 ? "attribute_not_exists(#o)" : "#o = :open";
    }

    /** The values {@link #openIs} needs, with {@code more} beside them. */
    static Map<String, AttributeValue> openIsValues(long set, Map<String, AttributeValue> more) {
        Map<String, AttributeValue> values = new HashMap<>(more);
        if (set != 0) {
            values.put(":open", Attr.n(set));
        }
        return values;
    }

    static final Map<String, String> OPEN_NAME = Map.of("#o", "open");

    /** The shard's open set as stored (0 before the first roll-up), read consistently. */
    long readOpen(int shard) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(shardKey(shard))
                .consistentRead(true).projectionExpression("#o").expressionAttributeNames(Map.of("#o", "open"))).item();
        long set = item == null || !item.containsKey("open") ? 0 : Long.parseLong(item.get("open").n());
        open.put(shard, set);
        return set;
    }

    private long open(int shard) {
        Long set = open.get(shard);
        return set != null ? set : readOpen(shard);
    }

    /** The check that the set is still open: the first item of {@link #items}. */
    private TransactWriteItem check(int shard, long set) {
        Map<String, AttributeValue> values = openIsValues(set, Map.of());
        ConditionCheck.Builder c = ConditionCheck.builder().tableName(table).key(shardKey(shard))
                .conditionExpression(openIs(set)).expressionAttributeNames(OPEN_NAME);
        if (!values.isEmpty()) {
            c.expressionAttributeValues(values);
        }
        return TransactWriteItem.builder().conditionCheck(c.build()).build();
    }

    /** The check and one mark per order, all in the account's shard; the orders of one transaction share an account. */
    List<TransactWriteItem> items(String accountId, Collection<String> orderIds) {
        int shard = shard(accountId);
        long set = open(shard);
        List<TransactWriteItem> out = new ArrayList<>(orderIds.size() + 1);
        out.add(check(shard, set));
        String expires = Long.toString(Instant.now().plus(MARK_LIFETIME).getEpochSecond());
        for (String orderId : new LinkedHashSet<>(orderIds)) {
            Map<String, AttributeValue> mark = new HashMap<>(4);
            mark.put("pk", Attr.s(markPk(shard, set)));
            mark.put("sk", Attr.s(markSk(accountId, orderId)));
            mark.put(TTL_ATTRIBUTE, AttributeValue.fromN(expires));
            out.add(TransactWriteItem.builder().put(Put.builder().tableName(table).item(mark).build()).build());
        }
        return out;
    }

    /** How many items {@link #items} adds for this many orders. */
    static int itemCount(int orders) {
        return orders + 1;
    }

    /**
     * After a cancelled transaction whose mark items start at {@code marksAt}: true if the open-set check failed
     * (the roll-up closed the set meanwhile), and then the number is read again so a retry writes into the new set.
     */
    boolean closedMeanwhile(String accountId, TransactionCanceledException cancelled, int marksAt) {
        List<CancellationReason> reasons = cancelled.cancellationReasons();
        if (marksAt < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(marksAt).code())) {
            readOpen(shard(accountId));
            return true;
        }
        return false;
    }

    /**
     * One transaction: the caller's own items first (their cancellation reasons keep their indexes), then the
     * order's KPI item updates, then the open-set check and the marks. Tried again when DynamoDB cancels it only
     * for a conflict with another transaction, or because the roll-up closed the set meanwhile; any other
     * cancellation goes to the caller.
     */
    void transact(String accountId, Collection<String> orderIds, TransactWriteItem... items) {
        for (int attempt = 1; ; attempt++) {
            List<TransactWriteItem> all = new ArrayList<>(List.of(items));
            int marksAt = all.size();
            all.addAll(items(accountId, orderIds));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(all));
                return;
            } catch (TransactionCanceledException e) {
                if (attempt >= MAX_ATTEMPTS) {
                    throw e;
                }
                if (closedMeanwhile(accountId, e, marksAt)) {
                    continue;
                }
                boolean conflictOnly = e.cancellationReasons().stream()
                        .allMatch(r -> r.code() == null || "None".equals(r.code()) || "TransactionConflict".equals(r.code()));
                if (!conflictOnly) {
                    throw e;
                }
                try {
                    // full jitter, 10 ms doubling: writers of one shard meet on its open-set item
                    Thread.sleep((long) (Math.random() * Math.min(1000, 10L << attempt)));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
