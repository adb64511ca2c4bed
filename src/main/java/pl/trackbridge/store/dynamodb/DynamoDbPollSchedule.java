package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.poller.AllegroTrackingCodes;
import pl.trackbridge.poller.PollItem;
import pl.trackbridge.poller.PollPolicy;
import pl.trackbridge.poller.PollScheduleStore;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.tracking.CanonicalEvent;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * {@code PollScheduleTable}: one item per shipment ({@code accountId} + {@code waybill}); the sparse index
 * {@code ByNextPoll} ({@code pollShard} + {@code nextPollAt}, epoch milliseconds) holds only items still polled, so
 * finding what is due is a Query per shard, never a scan. Refusals of carriers live in the job-state table
 * ({@code pk = tracking-poller#refused}, {@code sk = carrierId}).
 */
public final class DynamoDbPollSchedule implements PollScheduleStore, DynamoDbTrackingStore.AppendHook {
    static final String BY_NEXT_POLL = "ByNextPoll";
    static final String REFUSED_PK = "tracking-poller#refused";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String jobsTable;
    private final PollPolicy policy;

    public DynamoDbPollSchedule(DynamoDbClient dynamo, String table, String jobsTable, PollPolicy policy) {
        this.dynamo = dynamo;
        this.table = table;
        this.jobsTable = jobsTable;
        this.policy = policy;
    }

    private static Map<String, AttributeValue> key(String accountId, String waybill) {
        return Map.of("accountId", Attr.s(accountId), "waybill", Attr.s(waybill));
    }

    @Override
    public List<PollItem> due(String shard, Instant now, int limit) {
        // ByNextPoll projects keys only (appends and polls rewrite the items): the due keys first, then their items
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        while (keys.size() < limit) {
            Map<String, AttributeValue> from = start;
            int want = limit - keys.size();
            QueryResponse page = dynamo.query(b -> {
                b.tableName(table).indexName(BY_NEXT_POLL).limit(Math.min(want, 500))
                        .keyConditionExpression("pollShard = :s AND nextPollAt <= :now")
                        .expressionAttributeValues(Map.of(":s", Attr.s(shard), ":now", Attr.n(now.toEpochMilli())));
                if (from != null) {
                    b.exclusiveStartKey(from);
                }
            });
            page.items().forEach(i -> keys.add(DynamoBatch.keyOf(i, "accountId", "waybill")));
            if (!page.hasLastEvaluatedKey() || page.lastEvaluatedKey().isEmpty()) {
                break;
            }
            start = page.lastEvaluatedKey();
        }
        List<PollItem> out = new ArrayList<>();
        for (Map<String, AttributeValue> i : DynamoBatch.getInOrder(dynamo, table, keys)) {
            PollItem item = read(i);
            // still due as read by key (the index lags): the claim is conditional on exactly this nextPollAt
            if (item.nextPollAt() != null && !item.nextPollAt().isAfter(now)) {
                out.add(item);
            }
        }
        return out;
    }

    @Override
    public Optional<PollItem> find(String accountId, String waybill) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(accountId, waybill))
                .consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public void startIfAbsent(String accountId, String waybill, String carrierId, String orderId, Instant startedAt,
            Instant firstPoll) {
        if (!policy.pollable(carrierId)) {
            return;
        }
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":c", Attr.s(carrierId));
        values.put(":started", Attr.s(startedAt.toString()));
        values.put(":shard", Attr.s(policy.shard(accountId, waybill)));
        values.put(":next", Attr.n(firstPoll.toEpochMilli()));
        String set = "SET carrierId = :c, startedAt = :started, pollShard = :shard, nextPollAt = :next";
        if (orderId != null) {
            set += ", orderId = :o";
            values.put(":o", Attr.s(orderId));
        }
        String update = set;
        try {
            // only a waybill nothing has scheduled yet: events or an earlier registration already decided its schedule
            dynamo.updateItem(b -> b.tableName(table).key(key(accountId, waybill)).updateExpression(update)
                    .conditionExpression("attribute_not_exists(waybill)").expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException exists) {
            // scheduled (or finished) before
        }
    }

    @Override
    public boolean claim(PollItem seen, Instant next, Instant now) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(seen.accountId(), seen.waybill()))
                    .updateExpression("SET nextPollAt = :next, lastPolledAt = :now")
                    .conditionExpression("nextPollAt = :seen")
                    .expressionAttributeValues(Map.of(":next", Attr.n(next.toEpochMilli()),
                            ":now", Attr.s(now.toString()), ":seen", Attr.n(seen.nextPollAt().toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException movedOn) {
            return false;
        }
    }

    @Override
    public void stop(PollItem seen, String reason) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(seen.accountId(), seen.waybill()))
                    .updateExpression("SET stopped = :r REMOVE nextPollAt, pollShard")
                    .conditionExpression("nextPollAt = :seen")
                    .expressionAttributeValues(Map.of(":r", Attr.s(reason), ":seen", Attr.n(seen.nextPollAt().toEpochMilli()))));
        } catch (ConditionalCheckFailedException movedOn) {
            // a pushed event or another run changed it: its decision stands
        }
    }

    @Override
    public void polled(PollItem item, Instant polledUpTo, boolean newEvents, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":up", Attr.s(polledUpTo.toString()));
        String set = "SET polledUpTo = :up";
        if (newEvents) {
            set += ", lastEventArrivedAt = :now";
            values.put(":now", Attr.s(now.toString()));
        }
        String update = set;
        try {
            dynamo.updateItem(b -> b.tableName(table).key(key(item.accountId(), item.waybill())).updateExpression(update)
                    // ISO instants of Allegro's statuses are whole seconds here; never move the mark back
                    .conditionExpression("attribute_exists(waybill) AND (attribute_not_exists(polledUpTo) OR polledUpTo < :up)")
                    .expressionAttributeValues(values));
        } catch (ConditionalCheckFailedException already) {
            // a concurrent run took the same statuses in
        }
    }

    @Override
    public void confirmTerminal(PollItem item, Instant now) {
        dynamo.updateItem(b -> b.tableName(table).key(key(item.accountId(), item.waybill()))
                .updateExpression("SET terminalConfirmedAt = :now, stopped = :t REMOVE nextPollAt, pollShard")
                .conditionExpression("attribute_exists(waybill)")
                .expressionAttributeValues(Map.of(":now", Attr.s(now.toString()), ":t", Attr.s(PollItem.TERMINAL))));
    }

    @Override
    public boolean recordRefusal(String carrierId, String message, Instant now, Instant until) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(REFUSED_PK));
        item.put("sk", Attr.s(carrierId));
        item.put("refusedAt", Attr.s(now.toString()));
        item.put("until", Attr.n(until.toEpochMilli()));
        Attr.put(item, "message", message);
        item.put("expiresAt", Attr.n(until.getEpochSecond()));
        try {
            dynamo.putItem(b -> b.tableName(jobsTable).item(item)
                    .conditionExpression("attribute_not_exists(sk) OR #until < :now")
                    .expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":now", Attr.n(now.toEpochMilli()))));
            return true;
        } catch (ConditionalCheckFailedException known) {
            return false;
        }
    }

    @Override
    public boolean refused(String carrierId, Instant now) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(jobsTable)
                .key(Map.of("pk", Attr.s(REFUSED_PK), "sk", Attr.s(carrierId)))).item();
        return item != null && !item.isEmpty() && Attr.num(item, "until") > now.toEpochMilli();
    }

    /**
     * The schedule change an append makes, in the append's own transaction: a pushed event postpones polling by the
     * quiet period; a terminal status ends polling, except one from an unsigned source, which makes the shipment due
     * at once so that Allegro's tracking confirms it. Polled events change nothing here (the poller has set the next
     * due time already).
     */
    @Override
    public TransactWriteItem onAppend(ShipmentRecord next, List<CanonicalEvent> added, Instant receivedAt) {
        if (!policy.pollable(next.carrierId())) {
            return null; // OTHER or unknown: Allegro has no tracking to ask
        }
        boolean terminal = next.state().isTerminal();
        boolean signedTerminal = false;
        String unsignedTerminal = null;
        boolean pushed = false;
        for (CanonicalEvent e : added) {
            boolean unsigned = policy.unsignedSources().contains(e.source());
            if (e.isTerminal()) {
                if (unsigned) {
                    unsignedTerminal = e.status().name();
                } else {
                    signedTerminal = true;
                }
            }
            pushed |= !AllegroTrackingCodes.SOURCE.equals(e.source());
        }
        Map<String, AttributeValue> values = new HashMap<>();
        List<String> set = new ArrayList<>();
        String remove;
        if (terminal && signedTerminal) {
            set.add("stopped = :stopped");
            values.put(":stopped", Attr.s(PollItem.TERMINAL));
            set.add("terminalConfirmedAt = :r");
            remove = " REMOVE nextPollAt, pollShard";
        } else if (terminal && unsignedTerminal != null) {
            set.add("confirmTerminal = :ct");
            values.put(":ct", Attr.s(unsignedTerminal));
            set.add("nextPollAt = :due");
            values.put(":due", Attr.n(receivedAt.toEpochMilli()));
            set.add("pollShard = :shard");
            remove = " REMOVE stopped";
        } else if (!terminal && pushed) {
            if (alreadyPostponed(next, receivedAt)) {
                return null;
            }
            set.add("nextPollAt = :due");
            values.put(":due", Attr.n(policy.afterPush(receivedAt).toEpochMilli()));
            set.add("pollShard = :shard");
            remove = " REMOVE stopped";
        } else {
            return null;
        }
        values.put(":r", Attr.s(receivedAt.toString()));
        if (pushed) {
            set.add("lastPushAt = :r");
            set.add("lastEventArrivedAt = :r");
        }
        set.add("startedAt = if_not_exists(startedAt, :r)");
        if (values.containsKey(":due")) {
            values.put(":shard", Attr.s(policy.shard(next.accountId(), next.waybill())));
        }
        if (next.carrierId() != null) {
            set.add("carrierId = :c");
            values.put(":c", Attr.s(next.carrierId()));
        }
        if (next.orderId() != null) {
            set.add("orderId = if_not_exists(orderId, :o)");
            values.put(":o", Attr.s(next.orderId()));
        }
        return TransactWriteItem.builder().update(Update.builder().tableName(table)
                .key(key(next.accountId(), next.waybill()))
                .updateExpression("SET " + String.join(", ", set) + remove)
                .expressionAttributeValues(values).build()).build();
    }

    /**
     * A push while pushes are flowing: the schedule (read by key, one read unit) already has a push and is due no
     * sooner than {@link PollPolicy#postponeSlack()} before this push's due time, so rewriting it (a transactional
     * write and two index writes) would only move the poll a little later. The stored push times are then at most that
     * slack old, and the parcel is polled at most that much earlier than after its latest push.
     */
    private boolean alreadyPostponed(ShipmentRecord next, Instant receivedAt) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table)
                .key(key(next.accountId(), next.waybill())).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return false;
        }
        PollItem stored = read(item);
        return stored.stopped() == null && stored.confirmTerminal() == null && stored.lastPushAt() != null
                && stored.nextPollAt() != null && java.util.Objects.equals(stored.carrierId(), next.carrierId())
                && (next.orderId() == null || stored.orderId() != null)
                && !stored.nextPollAt().isBefore(policy.afterPush(receivedAt).minus(policy.postponeSlack()));
    }

    static PollItem read(Map<String, AttributeValue> i) {
        AttributeValue next = i.get("nextPollAt");
        return new PollItem(str(i, "accountId"), str(i, "waybill"), str(i, "carrierId"), str(i, "orderId"),
                instant(i, "startedAt"), instant(i, "lastPushAt"), instant(i, "lastEventArrivedAt"),
                instant(i, "lastPolledAt"), instant(i, "polledUpTo"),
                next == null || next.n() == null ? null : Instant.ofEpochMilli(Long.parseLong(next.n())),
                str(i, "stopped"), str(i, "confirmTerminal"), instant(i, "terminalConfirmedAt"));
    }
}
