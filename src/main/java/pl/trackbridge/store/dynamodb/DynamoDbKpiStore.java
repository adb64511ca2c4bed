package pl.trackbridge.store.dynamodb;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pl.trackbridge.kpi.Cells;
import pl.trackbridge.kpi.Contribution;
import pl.trackbridge.kpi.KpiStore;
import pl.trackbridge.kpi.OrderFacts;
import pl.trackbridge.kpi.OrderKpis;
import pl.trackbridge.order.Order;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CancellationReason;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The KPI table ({@code pk}, {@code sk}; docs/storage.md "KPIs"):
 * <ul>
 * <li>{@code order#{account}#{orderId}} / {@code state}: the order's KPI item ({@link OrderKpiItem}): its inputs,
 * copied there by their writers, what it contributes to the cells now, a {@code version} every roll-up write is
 * conditional on, and while it has changed since, the sparse {@code Dirty} index's keys;</li>
 * <li>{@code link#{account}#{waybill}} / {@code link}: the orders a waybill is registered for;</li>
 * <li>{@code cells#{account}} / {@code {yyyy-MM-dd}}: one item per local day, its cells in one string attribute
 * {@code cells} ({@link CellCodec}: numerator, denominator and, for TRACKING_TIMELINESS, latency counts per KPI and
 * carrier, carrier {@code *} being the account's total) and a {@code version}. Rewritten only in the transaction
 * that moves its orders' versions, conditional on the version read, so each delta is applied exactly once.</li>
 * </ul>
 */
public final class DynamoDbKpiStore implements KpiStore {
    private static final List<String> KEYS = List.of("pk", "sk");
    /** TransactWriteItems takes at most 100 items. */
    private static final int MAX_TRANSACTION_ITEMS = 100;
    /** Tries of one group when other runs or writers keep cancelling it; what is left stays dirty. */
    private static final int MAX_ATTEMPTS = 5;
    /** What the roll-up reads of a shipment whose first scans were not copied to the order (registered after them). */
    static final List<String> SHIPMENT_FIELDS = List.of("accountId", "waybill", "firstCollectedAt", "firstScanAt",
            "firstDeliveredAt", "firstReturnAt");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String shipments;
    private final KpiIo io;

    public DynamoDbKpiStore(DynamoDbClient dynamo, String table, String shipments, KpiIo io) {
        this.dynamo = dynamo;
        this.table = table;
        this.shipments = shipments;
        this.io = io;
    }

    static String cellsPk(String accountId) {
        return "cells#" + accountId;
    }

    @Override
    public int shards() {
        return OrderKpiItem.SHARDS;
    }

    @Override
    public Page dirty(int shard, String cursor, int limit) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).indexName(OrderKpiItem.DIRTY_INDEX)
                .keyConditionExpression("dirty = :p").limit(limit)
                .expressionAttributeValues(Map.of(":p", Attr.s(OrderKpiItem.partition(shard))));
        if (cursor != null) {
            String[] k = cursor.split("\n", 3);
            q.exclusiveStartKey(Map.of("dirty", Attr.s(OrderKpiItem.partition(shard)), "dirtySk", Attr.s(k[0]),
                    "pk", Attr.s(k[1]), "sk", Attr.s(k[2])));
        }
        QueryResponse page = dynamo.query(q.build());
        io.requests.incrementAndGet();
        io.read(table, page.items(), KEYS);
        List<Map<String, AttributeValue>> items = page.items();
        Map<String, Map<String, AttributeValue>> copied = shipmentsNotCopied(items);
        List<Dirty> out = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> i : items) {
            String accountId = Attr.str(i, "accountId");
            String orderId = Attr.str(i, "orderId");
            out.add(new Dirty(accountId, orderId, Attr.str(i, "nonce"), applied(i), facts(i, copied), i));
        }
        Map<String, AttributeValue> last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey() : null;
        String next = last == null ? null
                : Attr.str(last, "dirtySk") + "\n" + Attr.str(last, "pk") + "\n" + Attr.str(last, "sk");
        return new Page(out, next);
    }

    private static Applied applied(Map<String, AttributeValue> i) {
        List<Contribution> entries = EntryCodec.decode(Attr.str(i, OrderKpiItem.ENTRIES));
        AttributeValue old = i.get(OrderKpiItem.ENTRIES_BEFORE_2026_11_22);
        if (old != null && old.hasL()) { // an item last applied before EntryCodec: what it applied is in the list
            old.l().forEach(v -> entries.add(Contribution.decode(v.s())));
        }
        return new Applied(Attr.num(i, "version"), new OrderKpis(Attr.str(i, "carrier"), entries));
    }

    private static Set<String> waybills(Map<String, AttributeValue> i) {
        AttributeValue w = i.get("waybills");
        return w != null && w.hasSs() ? new TreeSet<>(w.ss()) : Set.of();
    }

    /**
     * The shipments of waybills registered after their first scans (the append had no order to copy them to):
     * read by key, keyed {@code account|waybill}. Usually none.
     */
    private Map<String, Map<String, AttributeValue>> shipmentsNotCopied(List<Map<String, AttributeValue>> items) {
        Set<String> wanted = new TreeSet<>();
        for (Map<String, AttributeValue> i : items) {
            for (String w : waybills(i)) {
                if (!i.containsKey(OrderKpiItem.field(w, OrderKpiItem.SHIPMENT_COPIED))) {
                    wanted.add(Attr.str(i, "accountId") + "|" + w);
                }
            }
        }
        if (wanted.isEmpty()) {
            return Map.of();
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        wanted.forEach(k -> {
            String[] p = k.split("\\|", 2);
            keys.add(DynamoBatch.key("accountId", p[0], "waybill", p[1]));
        });
        List<Map<String, AttributeValue>> found = DynamoBatch.get(dynamo, io, shipments, keys, SHIPMENT_FIELDS);
        io.read(shipments, found, List.of("accountId", "waybill"));
        Map<String, Map<String, AttributeValue>> out = new HashMap<>();
        found.forEach(s -> out.put(Attr.str(s, "accountId") + "|" + Attr.str(s, "waybill"), s));
        return out;
    }

    /** The order's facts from its item (null before order-sync stored it), shipments not copied from {@code read}. */
    private static OrderFacts facts(Map<String, AttributeValue> i, Map<String, Map<String, AttributeValue>> read) {
        if (!Attr.flag(i, OrderKpiItem.attr("synced"))) {
            return null;
        }
        String accountId = Attr.str(i, "accountId");
        List<OrderFacts.ShipmentFacts> ships = new ArrayList<>();
        for (String w : waybills(i)) {
            Map<String, AttributeValue> s = i.containsKey(OrderKpiItem.field(w, OrderKpiItem.SHIPMENT_COPIED)) ? null
                    : read.getOrDefault(accountId + "|" + w, Map.of());
            ships.add(new OrderFacts.ShipmentFacts(w, Attr.str(i, OrderKpiItem.field(w, "carrierId")),
                    instant(i, w, "registeredAt"), instant(i, w, "handedOverAt"), instant(i, w, "acceptedAt"),
                    instant(i, w, "sentAt"),
                    s == null ? instant(i, w, "firstCollectedAt") : Attr.instant(s, "firstCollectedAt"),
                    s == null ? instant(i, w, "firstScanAt") : Attr.instant(s, "firstScanAt"),
                    s == null ? instant(i, w, "firstDeliveredAt") : Attr.instant(s, "firstDeliveredAt"),
                    s == null ? instant(i, w, "firstReturnAt") : Attr.instant(s, "firstReturnAt")));
        }
        String cancelledBy = Attr.str(i, OrderKpiItem.attr("cancelledBy"));
        Order.Cancellation c = cancelledBy == null ? null
                : new Order.Cancellation(cancelledBy, Attr.instant(i, OrderKpiItem.attr("cancelledAt")));
        return new OrderFacts(accountId, Attr.str(i, "orderId"), Attr.instant(i, OrderKpiItem.attr("boughtAt")),
                Attr.instant(i, OrderKpiItem.attr("dispatchDeadline")), Attr.instant(i, OrderKpiItem.attr("deliveryTo")),
                c, ships);
    }

    private static java.time.Instant instant(Map<String, AttributeValue> i, String waybill, String name) {
        return Attr.instant(i, OrderKpiItem.field(waybill, name));
    }

    @Override
    public Set<String> apply(String accountId, List<Update> updates) {
        // Each transaction holds order items and the cell items of their summed delta: one item per order plus one
        // per local day touched, so about 95 orders share each day's rewrite (the cell items are the large ones).
        Set<String> done = new HashSet<>();
        // the cells each group wrote: the account's next group starts from them instead of reading them again
        Map<LocalDate, StoredCells> written = new HashMap<>();
        List<Update> chunk = new ArrayList<>();
        Set<LocalDate> chunkDays = new HashSet<>();
        for (Update u : updates) {
            Set<LocalDate> union = new HashSet<>(chunkDays);
            u.delta().asMap().keySet().forEach(k -> union.add(k.day()));
            if (!chunk.isEmpty() && chunk.size() + 1 + union.size() > MAX_TRANSACTION_ITEMS) { // the orders with u, and the days
                done.addAll(commit(accountId, chunk, written));
                chunk = new ArrayList<>();
                union.clear();
                u.delta().asMap().keySet().forEach(k -> union.add(k.day()));
            }
            chunk.add(u);
            chunkDays = union;
        }
        if (!chunk.isEmpty()) {
            done.addAll(commit(accountId, chunk, written));
        }
        return done;
    }

    /**
     * One transaction for the group: each order's item and, per touched day, the cell item rewritten with the group's
     * summed difference, conditional on the cell's version as read just before. If it is cancelled, orders whose own
     * condition failed (a concurrent run or a writer got there first) stay dirty and the rest is tried again with the
     * cells read afresh. Returns the orders written.
     *
     * @param written the cells this apply has written so far (used instead of a read on the first try; a stale one
     *                fails its version condition and the retry reads), updated with what this group writes
     */
    private Set<String> commit(String accountId, List<Update> group, Map<LocalDate, StoredCells> written) {
        List<Update> pending = new ArrayList<>(group);
        for (int attempt = 1; attempt <= MAX_ATTEMPTS && !pending.isEmpty(); attempt++) {
            Cells delta = new Cells();
            pending.forEach(u -> u.delta().asMap().forEach(delta::add));
            Set<LocalDate> days = new TreeSet<>();
            delta.asMap().keySet().forEach(k -> days.add(k.day()));
            Map<LocalDate, StoredCells> stored = new HashMap<>();
            Set<LocalDate> toRead = new TreeSet<>(days);
            if (attempt == 1) {
                days.stream().filter(written::containsKey).forEach(d -> stored.put(d, written.get(d)));
                toRead.removeAll(stored.keySet());
            }
            stored.putAll(readCells(accountId, toRead));
            Map<LocalDate, StoredCells> after = new HashMap<>();
            List<TransactWriteItem> items = new ArrayList<>();
            pending.forEach(u -> items.add(TransactWriteItem.builder().put(statePut(u)).build()));
            for (LocalDate day : days) {
                StoredCells current = stored.getOrDefault(day, StoredCells.NONE);
                Cells cells = new Cells();
                current.cells().asMap().forEach(cells::add);
                delta.asMap().forEach((k, t) -> {
                    if (k.day().equals(day)) {
                        cells.add(k, t);
                    }
                });
                after.put(day, new StoredCells(current.version() + 1, cells));
                items.add(TransactWriteItem.builder().put(cellPut(accountId, day, current.version(), cells)).build());
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                io.requests.incrementAndGet();
                io.itemsWritten.addAndGet(items.size());
                pending.forEach(u -> io.wrote(table, OrderKpiItem.pk(accountId, u.orderId()), "state"));
                days.forEach(day -> io.wrote(table, cellsPk(accountId), day.toString()));
                written.putAll(after);
                Set<String> ids = new HashSet<>();
                pending.forEach(u -> ids.add(u.orderId()));
                return ids;
            } catch (TransactionCanceledException cancelled) {
                io.requests.incrementAndGet();
                List<CancellationReason> reasons = cancelled.cancellationReasons();
                List<Update> still = new ArrayList<>();
                for (int i = 0; i < pending.size(); i++) {
                    boolean lost = i < reasons.size() && "ConditionalCheckFailed".equals(reasons.get(i).code());
                    if (!lost) {
                        still.add(pending.get(i)); // only a cell moved, or a conflict: try again
                    }
                }
                pending = still;
            }
        }
        return Set.of();
    }

    private record StoredCells(long version, Cells cells) {
        static final StoredCells NONE = new StoredCells(0, new Cells());
    }

    /** The account's cell items of these days, consistently, with their versions. */
    private Map<LocalDate, StoredCells> readCells(String accountId, Set<LocalDate> days) {
        if (days.isEmpty()) {
            return Map.of();
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        days.forEach(d -> keys.add(DynamoBatch.key("pk", cellsPk(accountId), "sk", d.toString())));
        List<Map<String, AttributeValue>> items = DynamoBatch.get(dynamo, io, table, keys);
        io.read(table, items, KEYS);
        Map<LocalDate, StoredCells> out = new HashMap<>();
        for (Map<String, AttributeValue> i : items) {
            Cells c = new Cells();
            parseCells(i, c);
            out.put(LocalDate.parse(Attr.str(i, "sk")), new StoredCells(Attr.num(i, "version"), c));
        }
        return out;
    }

    /** The day's cell item rewritten whole, only on the version read (0: only if there is none yet). */
    private Put cellPut(String accountId, LocalDate day, long version, Cells cells) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(cellsPk(accountId)));
        item.put("sk", Attr.s(day.toString()));
        item.put("version", Attr.n(version + 1));
        item.put("cells", Attr.s(CellCodec.encode(cells, day)));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (version == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", Attr.n(version)));
        }
        return put.build();
    }

    /**
     * The order's item as read, with its new contributions and version, a new nonce, and out of the dirty index: only
     * if its nonce is still the one read. Every write of the item (its writers' copies and this one) sets a new
     * nonce, so that one condition excludes both a change written meanwhile and another run that applied it first.
     * The inputs its writers copied are put back as read. A {@code Put} rather than an {@code Update}: DynamoDB Local
     * parses an update expression twice per transaction item, under its write lock (docs/benchmarks.md "KPI roll-up").
     */
    private Put statePut(Update u) {
        @SuppressWarnings("unchecked")
        Map<String, AttributeValue> read = (Map<String, AttributeValue>) u.item();
        if (read == null) {
            throw new IllegalArgumentException("an update of order " + u.orderId() + " without the item it was read from");
        }
        Map<String, AttributeValue> item = new HashMap<>(read);
        item.remove("dirty");
        item.remove("dirtySk");
        item.remove(OrderKpiItem.ENTRIES_BEFORE_2026_11_22); // replaced by e, below
        item.put("version", Attr.n(u.expectedVersion() + 1));
        item.put("nonce", Attr.s(java.util.UUID.randomUUID().toString()));
        if (u.kpis().contributions().isEmpty()) {
            item.remove(OrderKpiItem.ENTRIES);
        } else {
            item.put(OrderKpiItem.ENTRIES, Attr.s(EntryCodec.encode(u.kpis().contributions())));
        }
        if (u.kpis().carrier() != null) {
            item.put("carrier", Attr.s(u.kpis().carrier()));
        } else {
            item.remove("carrier");
        }
        return Put.builder().tableName(table).item(item).conditionExpression("nonce = :n")
                .expressionAttributeValues(Map.of(":n", Attr.s(u.nonce()))).build();
    }

    @Override
    public Cells cells(String accountId, LocalDate from, LocalDate to) {
        Cells cells = new Cells();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table)
                    .keyConditionExpression("pk = :p AND sk BETWEEN :from AND :to")
                    .expressionAttributeValues(Map.of(":p", Attr.s(cellsPk(accountId)), ":from", Attr.s(from.toString()),
                            ":to", Attr.s(to.toString())));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(i -> parseCells(i, cells));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return cells;
    }

    @Override
    public Map<String, Cells> cells(Map<String, Set<LocalDate>> daysByAccount) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        daysByAccount.forEach((a, days) -> days.forEach(d -> keys.add(DynamoBatch.key("pk", cellsPk(a), "sk", d.toString()))));
        Map<String, Cells> out = new HashMap<>();
        List<Map<String, AttributeValue>> items = DynamoBatch.get(dynamo, io, table, keys);
        io.read(table, items, KEYS);
        for (Map<String, AttributeValue> i : items) {
            String account = Attr.str(i, "pk").substring("cells#".length());
            parseCells(i, out.computeIfAbsent(account, a -> new Cells()));
        }
        return out;
    }

    private static void parseCells(Map<String, AttributeValue> item, Cells into) {
        CellCodec.decode(Attr.str(item, "cells"), LocalDate.parse(Attr.str(item, "sk")), into);
    }
}
