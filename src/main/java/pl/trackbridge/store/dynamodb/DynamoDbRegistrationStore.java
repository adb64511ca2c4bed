package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.time.Instant;
import pl.trackbridge.forwarding.Forward;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.forwarding.RegistrationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.Update;

/**
 * Forwards table: {@code shipmentKey = accountId#waybill} (as in the events table) + {@code orderId}, so a
 * shipment's read gets its forwards with one Query. Created once per (order, waybill).
 */
public final class DynamoDbRegistrationStore implements RegistrationStore {
    static final String FIRST_REGISTRATION = "attribute_not_exists(orderId)";
    /** Nobody holds the claim, or the holder's lease ran out (a crashed worker). */
    static final String CLAIMABLE = "attribute_exists(orderId) AND (attribute_not_exists(claimUntil) OR claimUntil < :now)";
    static final String HOLDS_CLAIM = "claimHolder = :h";
    /** GSI: registrations by account and order (reconciliation reads an order's forwards). */
    static final String BY_ORDER = "ByOrder";

    private final DynamoDbClient dynamo;
    private final String table;
    private final String kpiTable;
    private final KpiMarks marks;

    public DynamoDbRegistrationStore(DynamoDbClient dynamo, String table) {
        this(dynamo, table, OrderKpiItem.DEFAULT_TABLE);
    }

    /** @param kpiTable where the orders' KPI items are (OrderKpiItem), written in the same transaction as each KPI-relevant write */
    public DynamoDbRegistrationStore(DynamoDbClient dynamo, String table, String kpiTable) {
        this.dynamo = dynamo;
        this.table = table;
        this.kpiTable = kpiTable;
        this.marks = new KpiMarks(dynamo, kpiTable);
    }

    private static boolean firstConditionFailed(TransactionCanceledException e) {
        return !e.cancellationReasons().isEmpty() && "ConditionalCheckFailed".equals(e.cancellationReasons().get(0).code());
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
        // in the alerts' NeedsAttention index until the waybill is accepted (FORWARD_STUCK after the upload window)
        item.put("attentionAccount", Attr.s(r.accountId()));
        Attr.put(item, "attentionSince", r.registeredAt());
        try {
            marks.transact(r.accountId(), List.of(r.orderId()),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression(FIRST_REGISTRATION).build()).build(),
                    OrderKpiItem.registration(kpiTable, r.accountId(), r.orderId(), r.waybill(), r.carrierId(),
                            r.registeredAt(), r.handedOverAt(), null),
                    OrderKpiItem.link(kpiTable, r.accountId(), r.waybill(), r.orderId()));
            return new Stored(r, true);
        } catch (TransactionCanceledException cancelled) {
            if (!firstConditionFailed(cancelled)) {
                throw cancelled;
            }
            return new Stored(find(r.accountId(), r.waybill(), r.orderId()).orElseThrow(), false);
        }
    }

    @Override
    public List<Forward> forOrder(String accountId, String orderId) {
        // ByOrder projects keys only (forwards are rewritten by every claim and record): the order's few forwards are
        // then read by key
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(BY_ORDER)
                .keyConditionExpression("accountId = :a AND orderId = :o")
                .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":o", Attr.s(orderId))))
                .items().forEach(i -> keys.add(DynamoBatch.keyOf(i, "shipmentKey", "orderId")));
        List<Forward> out = new ArrayList<>();
        DynamoBatch.getInOrder(dynamo, table, keys).forEach(i -> out.add(new Forward(read(i), state(i))));
        return out;
    }

    @Override
    public boolean adopt(Registration r, String allegroShipmentId, Instant createdAt, Instant now) {
        Map<String, AttributeValue> item = new HashMap<>(key(r.accountId(), r.waybill(), r.orderId()));
        item.put("accountId", Attr.s(r.accountId()));
        item.put("waybill", Attr.s(r.waybill()));
        item.put("carrierId", Attr.s(r.carrierId()));
        Attr.put(item, "carrierName", r.carrierName());
        item.put("lineItemIds", AttributeValue.fromL(List.of()));
        Attr.put(item, "registeredAt", r.registeredAt());
        Attr.put(item, "warning", r.warning());
        item.put("queued", Attr.bool(true)); // nothing to forward: Allegro has it
        item.put("origin", Attr.s("ADOPTED"));
        item.put("waybillState", Attr.s("ACCEPTED"));
        item.put("sentState", Attr.s("PENDING"));
        Attr.put(item, "allegroShipmentId", allegroShipmentId);
        Attr.put(item, "acceptedAt", createdAt);
        item.put("attempts", AttributeValue.fromL(List.of(AttributeValue.fromM(attemptItem(new ForwardState.Attempt(now,
                "ADOPT", "FOUND", 200, null, "on the Allegro order, added by another channel", null))))));
        try {
            // an adopted waybill is the order's shipment for the KPIs too: copied and linked like a registration
            marks.transact(r.accountId(), List.of(r.orderId()),
                    TransactWriteItem.builder().put(Put.builder().tableName(table).item(item)
                            .conditionExpression(FIRST_REGISTRATION).build()).build(),
                    OrderKpiItem.registration(kpiTable, r.accountId(), r.orderId(), r.waybill(), r.carrierId(),
                            r.registeredAt(), null, createdAt),
                    OrderKpiItem.link(kpiTable, r.accountId(), r.waybill(), r.orderId()));
            return true;
        } catch (TransactionCanceledException cancelled) {
            if (!firstConditionFailed(cancelled)) {
                throw cancelled;
            }
            return false;
        }
    }

    @Override
    public Optional<Registration> find(String accountId, String waybill, String orderId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(key(accountId, waybill, orderId))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(read(item));
    }

    @Override
    public List<Forward> forWaybill(String accountId, String waybill) {
        List<Forward> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true).keyConditionExpression("shipmentKey = :k")
                .expressionAttributeValues(Map.of(":k", Attr.s(TrackingItems.shipmentKey(accountId, waybill)))))
                .items().forEach(i -> out.add(new Forward(read(i), state(i))));
        return out;
    }

    @Override
    public Optional<Forward> claim(String accountId, String waybill, String orderId, String holder, Instant now,
            Instant until) {
        try {
            Map<String, AttributeValue> item = dynamo.updateItem(b -> b.tableName(table).key(key(accountId, waybill, orderId))
                    .updateExpression("SET claimHolder = :h, claimUntil = :until")
                    .conditionExpression(CLAIMABLE)
                    .expressionAttributeValues(Map.of(":h", Attr.s(holder), ":until", Attr.n(until.toEpochMilli()),
                            ":now", Attr.n(now.toEpochMilli())))
                    .returnValues(ReturnValue.ALL_NEW)).attributes();
            return Optional.of(new Forward(read(item), state(item)));
        } catch (ConditionalCheckFailedException heldOrMissing) {
            return Optional.empty();
        }
    }

    @Override
    public void record(String accountId, String waybill, String orderId, String holder, ForwardState state,
            List<ForwardState.Attempt> attempts) {
        record(accountId, waybill, orderId, holder, null, state, attempts); // previous state unknown: always copy
    }

    /**
     * The forward's KPI inputs ({@link OrderKpiItem}: carrier, registration and handover times, acceptance, SENT
     * done and its time) that {@code record} can change: the acceptance time and the SENT time once DONE, as stored
     * after writing {@code next} over {@code claimed} (a null time in {@code next} keeps the stored one).
     */
    static boolean kpiInputsChange(ForwardState claimed, ForwardState next) {
        if (claimed == null) {
            return true;
        }
        Instant acceptedAfter = next.acceptedAt() != null ? next.acceptedAt() : claimed.acceptedAt();
        Instant sentAtAfter = next.sentAt() != null ? next.sentAt() : claimed.sentAt();
        Instant doneBefore = "DONE".equals(claimed.sent()) ? claimed.sentAt() : null;
        Instant doneAfter = "DONE".equals(next.sent()) ? sentAtAfter : null;
        return !java.util.Objects.equals(claimed.acceptedAt(), acceptedAfter)
                || !java.util.Objects.equals(doneBefore, doneAfter);
    }

    @Override
    public void record(String accountId, String waybill, String orderId, String holder, ForwardState claimed,
            ForwardState state, List<ForwardState.Attempt> attempts) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":h", Attr.s(holder));
        values.put(":ws", Attr.s(state.waybill()));
        values.put(":ss", Attr.s(state.sent()));
        values.put(":attempt", AttributeValue.fromL(attempts.stream().map(a -> AttributeValue.fromM(attemptItem(a))).toList()));
        values.put(":none", AttributeValue.fromL(List.of()));
        StringBuilder set = new StringBuilder("SET waybillState = :ws, sentState = :ss, "
                + "attempts = list_append(if_not_exists(attempts, :none), :attempt)");
        if (state.allegroShipmentId() != null) {
            set.append(", allegroShipmentId = :sid");
            values.put(":sid", Attr.s(state.allegroShipmentId()));
        }
        if (state.acceptedAt() != null) {
            set.append(", acceptedAt = :acc");
            values.put(":acc", Attr.s(state.acceptedAt().toString()));
        }
        if (state.sentAt() != null) {
            set.append(", sentAt = :sentAt");
            values.put(":sentAt", Attr.s(state.sentAt().toString()));
        }
        // the alerts' NeedsAttention index: in it while the waybill is not accepted or anything was refused or stuck
        // (since the refusal or stall); out of it once the waybill is accepted and SENT is not in trouble
        String remove = " REMOVE claimHolder, claimUntil";
        if (needsAttention(state)) {
            set.append(", attentionAccount = :acct, attentionSince = ")
                    .append(troubled(state) ? ":since" : "if_not_exists(attentionSince, :since)");
            values.put(":acct", Attr.s(accountId));
            Instant since = attempts.isEmpty() || attempts.get(attempts.size() - 1).at() == null ? Instant.now()
                    : attempts.get(attempts.size() - 1).at();
            values.put(":since", Attr.s(since.toString()));
        } else {
            remove += ", attentionAccount";
        }
        Update update = Update.builder().tableName(table).key(key(accountId, waybill, orderId))
                .updateExpression(set + remove)
                .conditionExpression(HOLDS_CLAIM).expressionAttributeValues(values).build();
        if (!kpiInputsChange(claimed, state)) {
            // a claim released, a retry or a refusal: no KPI input moved, so no KPI item write and no transaction (half the units)
            try {
                dynamo.updateItem(b -> b.tableName(table).key(update.key()).updateExpression(update.updateExpression())
                        .conditionExpression(HOLDS_CLAIM).expressionAttributeValues(values));
            } catch (ConditionalCheckFailedException claimLost) {
                // our claim expired and another worker took over: its record wins; ours is dropped, not merged
            }
            return;
        }
        try {
            // acceptance and SENT times are KPI inputs: copied to the order's KPI item in the same write
            Instant sentDoneAt = !"DONE".equals(state.sent()) ? null
                    : state.sentAt() != null ? state.sentAt() : claimed == null ? null : claimed.sentAt();
            marks.transact(accountId, List.of(orderId), TransactWriteItem.builder().update(update).build(),
                    OrderKpiItem.forward(kpiTable, accountId, orderId, waybill, state.acceptedAt(), sentDoneAt));
        } catch (TransactionCanceledException cancelled) {
            if (!firstConditionFailed(cancelled)) {
                throw cancelled;
            }
            // our claim expired and another worker took over: its record wins; ours is dropped, not merged
        }
    }

    private static boolean troubled(ForwardState s) {
        return List.of("REJECTED", "STUCK").contains(s.waybill()) || List.of("REJECTED", "STUCK").contains(s.sent());
    }

    static boolean needsAttention(ForwardState s) {
        return !"ACCEPTED".equals(s.waybill()) || troubled(s);
    }

    private static Map<String, AttributeValue> attemptItem(ForwardState.Attempt a) {
        Map<String, AttributeValue> m = new HashMap<>();
        Attr.put(m, "at", a.at());
        Attr.put(m, "action", a.action());
        Attr.put(m, "outcome", a.outcome());
        m.put("httpStatus", Attr.n(a.httpStatus()));
        Attr.put(m, "errorCode", a.errorCode());
        Attr.put(m, "message", a.message());
        Attr.put(m, "traceId", a.traceId());
        return m;
    }

    private static ForwardState state(Map<String, AttributeValue> i) {
        List<ForwardState.Attempt> attempts = new ArrayList<>();
        AttributeValue list = i.get("attempts");
        if (list != null && list.l() != null) {
            for (AttributeValue v : list.l()) {
                Map<String, AttributeValue> m = v.m();
                attempts.add(new ForwardState.Attempt(instant(m, "at"), str(m, "action"), str(m, "outcome"),
                        (int) Attr.num(m, "httpStatus"), str(m, "errorCode"), str(m, "message"), str(m, "traceId")));
            }
        }
        return new ForwardState(str(i, "waybillState"), str(i, "allegroShipmentId"), instant(i, "acceptedAt"),
                str(i, "sentState"), instant(i, "sentAt"), attempts);
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
