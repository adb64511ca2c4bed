package pl.trackbridge.store.dynamodb;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.store.RawPayload;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.ShipmentUpdate;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.tracking.CanonicalEvent;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * DynamoDB implementation. One append is: read the shipment (consistent), then one transaction that puts
 * every new event on {@code attribute_not_exists(eventKey)} and the shipment on its read version. A
 * cancelled transaction says which condition failed: failed events are duplicates and are dropped, a
 * failed shipment condition means a concurrent writer won, and the append starts again from a fresh read.
 */
public final class DynamoDbTrackingStore implements TrackingStore {
    static final String EVENT_IS_NEW = "attribute_not_exists(eventKey)";
    static final String SHIPMENT_IS_NEW = "attribute_not_exists(waybill)";
    static final String SHIPMENT_UNCHANGED = "version = :v";
    static final int MAX_TRANSACTION_ITEMS = 100;
    /**
     * A transaction holds at most 100 items: 94 events, the shipment, the KPI item of the (usually one) order the
     * waybill is registered for and its change mark, the check that the waybill's link did not move, the check that
     * the change set is open ({@link KpiMarks}), and the append hook's item.
     */
    static final int EVENTS_PER_TRANSACTION = 94;
    private static final int MAX_ATTEMPTS = 20;
    /** Raw deliveries are evidence for support and re-processing, not an archive. */
    static final long RAW_RETENTION_SECONDS = 180L * 24 * 3600;

    private final DynamoDbClient dynamo;
    private final TableNames tables;
    private final AppendHook hook;
    private final KpiMarks marks;

    /**
     * A write that must happen in the same transaction as a shipment's new state (the tracking poller's schedule):
     * it then never disagrees with the state. Its conditions must not fail (a failure would read as a conflict).
     */
    public interface AppendHook {
        /** @return the extra write, or null for none */
        TransactWriteItem onAppend(ShipmentRecord next, List<CanonicalEvent> added, Instant receivedAt);
    }

    public DynamoDbTrackingStore(DynamoDbClient dynamo, TableNames tables) {
        this(dynamo, tables, null);
    }

    public DynamoDbTrackingStore(DynamoDbClient dynamo, TableNames tables, AppendHook hook) {
        this.dynamo = dynamo;
        this.tables = tables;
        this.hook = hook;
        this.marks = new KpiMarks(dynamo, tables.kpi());
    }

    @Override
    public void saveRaw(RawPayload raw) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("rawRef", Attr.s(raw.rawRef()));
        item.put("accountId", Attr.s(raw.accountId()));
        item.put("source", Attr.s(raw.source()));
        item.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(raw.body())));
        Map<String, AttributeValue> headers = new HashMap<>();
        raw.headers().forEach((k, v) -> headers.put(k, Attr.s(v)));
        item.put("headers", AttributeValue.fromM(headers));
        item.put("receivedAt", Attr.s(raw.receivedAt().toString()));
        item.put("expiresAt", Attr.n(raw.receivedAt().getEpochSecond() + RAW_RETENTION_SECONDS));
        try {
            dynamo.putItem(b -> b.tableName(tables.inbox()).item(item).conditionExpression("attribute_not_exists(rawRef)"));
        } catch (ConditionalCheckFailedException duplicateDelivery) {
            // the same bytes were kept before: nothing to do
        }
    }

    @Override
    public boolean deliveryProcessed(String rawRef) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.inbox())
                .key(Map.of("rawRef", Attr.s(rawRef))).projectionExpression("rawRef").consistentRead(true)).item();
        return item != null && !item.isEmpty();
    }

    @Override
    public AppendResult append(String accountId, String waybill, List<CanonicalEvent> events, String rawRef,
            Instant receivedAt) {
        // Duplicates inside one delivery count as duplicates, exactly like redeliveries.
        Map<String, CanonicalEvent> unique = new LinkedHashMap<>();
        for (CanonicalEvent e : events) {
            unique.putIfAbsent(e.eventKey(), e);
        }
        List<CanonicalEvent> pending = new ArrayList<>(unique.values());
        int duplicates = events.size() - pending.size();
        int accepted = 0;
        ShipmentRecord first = null;
        ShipmentRecord last = null;
        int size = EVENTS_PER_TRANSACTION;
        while (true) {
            List<CanonicalEvent> chunk = pending.subList(0, Math.min(size, pending.size()));
            ChunkResult r;
            try {
                r = appendChunk(accountId, waybill, new ArrayList<>(chunk), rawRef, receivedAt);
            } catch (TooManyOrders crowded) {
                size = crowded.eventsThatFit; // a waybill registered for many orders: fewer events per transaction
                continue;
            }
            if (first == null) {
                first = r.before;
            }
            last = r.after;
            accepted += r.accepted;
            duplicates += r.duplicates;
            chunk.clear();
            if (pending.isEmpty()) {
                return new AppendResult(accepted, duplicates, first, last);
            }
        }
    }

    private record ChunkResult(int accepted, int duplicates, ShipmentRecord before, ShipmentRecord after) {
    }

    private ChunkResult appendChunk(String accountId, String waybill, List<CanonicalEvent> pending, String rawRef,
            Instant receivedAt) {
        int duplicates = 0;
        for (int attempt = 1; ; attempt++) {
            Optional<ShipmentRecord> stored = shipment(accountId, waybill);
            ShipmentRecord current = stored.orElseGet(() -> ShipmentRecord.empty(accountId, waybill, receivedAt));
            if (pending.isEmpty()) {
                return new ChunkResult(0, duplicates, current, current);
            }
            ShipmentRecord next = ShipmentUpdate.apply(current, pending,
                    () -> events(accountId, waybill).stream().map(StoredEvent::event).toList(), receivedAt);
            List<TransactWriteItem> writes = new ArrayList<>(pending.size() + 1);
            int marksAt = -1;
            for (CanonicalEvent e : pending) {
                writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.events())
                        .item(TrackingItems.eventItem(accountId, e, receivedAt, rawRef))
                        .conditionExpression(EVENT_IS_NEW).build()).build());
            }
            Put.Builder shipmentPut = Put.builder().tableName(tables.shipments()).item(TrackingItems.shipmentItem(next));
            if (stored.isPresent()) {
                shipmentPut.conditionExpression(SHIPMENT_UNCHANGED)
                        .expressionAttributeValues(Map.of(":v", Attr.n(current.version())));
            } else {
                shipmentPut.conditionExpression(SHIPMENT_IS_NEW);
            }
            writes.add(TransactWriteItem.builder().put(shipmentPut.build()).build());
            if (kpiInputsChange(current, next)) {
                // the first scans are KPI inputs: copied, in the same write, to the KPI item of every order the waybill
                // is registered for; the link must not move meanwhile (a registration in between makes us re-read it)
                Link link = link(accountId, waybill);
                int fit = MAX_TRANSACTION_ITEMS - 2 - link.orders.size() - KpiMarks.itemCount(link.orders.size())
                        - (hook == null ? 0 : 1);
                if (pending.size() > fit) {
                    if (fit < 1) {
                        throw new IllegalStateException("waybill " + waybill + " is registered for " + link.orders.size()
                                + " orders: more than one transaction can update");
                    }
                    throw new TooManyOrders(fit);
                }
                for (String orderId : link.orders) {
                    writes.add(OrderKpiItem.shipment(tables.kpi(), accountId, orderId, waybill, next.state()));
                }
                writes.add(link.unchanged(tables.kpi(), accountId, waybill));
                if (!link.orders.isEmpty()) {
                    marksAt = writes.size();
                    writes.addAll(marks.items(accountId, link.orders));
                }
            }
            TransactWriteItem extra = hook == null ? null : hook.onAppend(next, pending, receivedAt);
            if (extra != null) {
                writes.add(extra); // last, so cancellation reasons still index the events from 0
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(writes));
                return new ChunkResult(pending.size(), duplicates, current, next);
            } catch (TransactionCanceledException cancelled) {
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                boolean removed = false;
                for (int i = pending.size() - 1; i >= 0; i--) {
                    if (i < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(i).code())) {
                        pending.remove(i);
                        duplicates++;
                        removed = true;
                    }
                }
                if (attempt >= MAX_ATTEMPTS) {
                    throw cancelled;
                }
                if (marksAt >= 0 && marks.closedMeanwhile(accountId, cancelled, marksAt)) {
                    continue; // the roll-up closed the change set: the retry marks the orders in the new one
                }
                if (!removed) {
                    backOff(attempt); // a concurrent writer moved the shipment or held a conflicting transaction
                }
            }
        }
    }

    /** More events than fit in one transaction beside the KPI items of the waybill's orders. */
    private static final class TooManyOrders extends RuntimeException {
        final int eventsThatFit;

        TooManyOrders(int eventsThatFit) {
            super(null, null, false, false);
            this.eventsThatFit = eventsThatFit;
        }
    }

    /** The orders a waybill is registered for, and the link's version as read (null: no link, or one from before versions). */
    private record Link(List<String> orders, Long version, boolean exists) {
        TransactWriteItem unchanged(String table, String accountId, String waybill) {
            ConditionCheck.Builder check = ConditionCheck.builder().tableName(table)
                    .key(OrderKpiItem.linkKey(accountId, waybill));
            if (!exists) {
                check.conditionExpression("attribute_not_exists(pk)");
            } else if (version == null) {
                check.conditionExpression("attribute_exists(pk) AND attribute_not_exists(#v)")
                        .expressionAttributeNames(Map.of("#v", "version"));
            } else {
                check.conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", Attr.n(version)));
            }
            return TransactWriteItem.builder().conditionCheck(check.build()).build();
        }
    }

    private Link link(String accountId, String waybill) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.kpi())
                .key(OrderKpiItem.linkKey(accountId, waybill)).consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return new Link(List.of(), null, false);
        }
        AttributeValue orders = item.get("orders");
        AttributeValue version = item.get("version");
        return new Link(orders == null || !orders.hasSs() ? List.of() : new ArrayList<>(new java.util.TreeSet<>(orders.ss())),
                version == null || version.n() == null ? null : Long.valueOf(version.n()), true);
    }

    /**
     * Whether the shipment's KPI inputs (first collected, first scan, first delivered, first return; copied to the
     * orders' {@link OrderKpiItem}) differ: most later scans change none of them, and then nothing is copied.
     */
    static boolean kpiInputsChange(ShipmentRecord before, ShipmentRecord after) {
        var b = before.state();
        var a = after.state();
        return !java.util.Objects.equals(b.firstCollectedAt(), a.firstCollectedAt())
                || !java.util.Objects.equals(b.firstScanAt(), a.firstScanAt())
                || !java.util.Objects.equals(b.firstDeliveredAt(), a.firstDeliveredAt())
                || !java.util.Objects.equals(b.firstReturnAt(), a.firstReturnAt());
    }

    private static void backOff(int attempt) {
        try {
            Thread.sleep(Math.min(200, (long) (Math.random() * 5 * attempt)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while retrying a contended shipment write", e);
        }
    }

    @Override
    public Optional<ShipmentRecord> shipment(String accountId, String waybill) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.shipments())
                .key(TrackingItems.shipmentKeyOf(accountId, waybill)).consistentRead(true)).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(TrackingItems.shipment(item));
    }

    @Override
    public List<StoredEvent> events(String accountId, String waybill) {
        List<StoredEvent> out = new ArrayList<>();
        Map<String, AttributeValue> startKey = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(tables.events())
                    .keyConditionExpression("shipmentKey = :k")
                    .expressionAttributeValues(Map.of(":k", Attr.s(TrackingItems.shipmentKey(accountId, waybill))))
                    .consistentRead(true);
            if (startKey != null) {
                q.exclusiveStartKey(startKey);
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(i -> out.add(TrackingItems.event(i)));
            startKey = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (startKey != null);
        out.sort(Comparator.comparing((StoredEvent s) -> s.event().occurredAt())
                .thenComparing(s -> s.event().eventKey()));
        return out;
    }

    @Override
    public void markHandoverEnqueued(String accountId, String waybill) {
        try {
            dynamo.updateItem(b -> b.tableName(tables.shipments()).key(TrackingItems.shipmentKeyOf(accountId, waybill))
                    // bumping the version makes a concurrent append re-read instead of writing PENDING back
                    .updateExpression("SET handoverForward = :enq, version = version + :one")
                    .conditionExpression("handoverForward = :pending")
                    .expressionAttributeValues(Map.of(":enq", Attr.s(ShipmentRecord.FORWARD_ENQUEUED),
                            ":pending", Attr.s(ShipmentRecord.FORWARD_PENDING), ":one", Attr.n(1))));
        } catch (ConditionalCheckFailedException alreadyMarked) {
            // another delivery marked it first
        }
    }
}
