package pl.trackbridge.store.dynamodb;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pl.trackbridge.kpi.Cells;
import pl.trackbridge.kpi.KpiStore;
import pl.trackbridge.kpi.OrderFacts;
import pl.trackbridge.kpi.OrderKpis;
import pl.trackbridge.order.Order;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;
import software.amazon.awssdk.services.dynamodb.model.TransactionConflictException;

/**
 * The KPI table ({@code pk}, {@code sk}; docs/storage.md "KPIs"):
 * <ul>
 * <li>{@code order#{account}#{orderId}} / {@code state}: the order's KPI item ({@link OrderKpiItem}): its inputs,
 * copied there by their writers, and its change count {@code q}; never written by the roll-up;</li>
 * <li>{@code mark#{shard}#{set}} / {@code {account}#{orderId}}: an order changed in that change set
 * ({@link KpiMarks}); {@code kpishard#{shard}} / {@code sets}: the shard's {@code open} set and the last one rolled
 * up ({@code done});</li>
 * <li>{@code applied#{account}#{anchorDay}} / {@code {bucket}}: what the orders bought that UTC day contribute to
 * the cells, with the change count each was applied at ({@link AppliedCodec}) and a {@code version};</li>
 * <li>{@code link#{account}#{waybill}} / {@code link}: the orders a waybill is registered for;</li>
 * <li>{@code cells#{account}} / {@code {yyyy-MM-dd}}: one item per local day, its cells in one string attribute
 * {@code cells} ({@link CellCodec}: numerator, denominator and, for TRACKING_TIMELINESS, latency counts per KPI and
 * carrier, carrier {@code *} being the account's total) and a {@code version}. Rewritten only in the transaction
 * that rewrites its orders' applied items, each conditional on the version read, so each delta is applied exactly
 * once.</li>
 * </ul>
 */
public final class DynamoDbKpiStore implements KpiStore {
    private static final List<String> KEYS = List.of("pk", "sk");
    /** TransactWriteItems takes at most 100 items. */
    private static final int MAX_TRANSACTION_ITEMS = 100;
    /** Tries of one group when other runs keep cancelling it; what is left is read again by the next run. */
    private static final int MAX_ATTEMPTS = 8;
    /**
     * Applied items per account and anchor day: an entry is about 170 bytes, so 4 items of at most 400 KB hold about
     * 9,000 orders bought by one account on one day (docs/storage.md "KPIs"). Fixed: changing it moves every entry.
     */
    static final int APPLIED_BUCKETS = 4;
    /** What the roll-up reads of a shipment whose first scans were not copied to the order (registered after them). */
    static final List<String> SHIPMENT_FIELDS = List.of("accountId", "waybill", "firstCollectedAt", "firstScanAt",
            "firstDeliveredAt", "firstReturnAt");

    private final DynamoDbClient dynamo;
    private final String table;
    private final String shipments;
    private final KpiIo io;
    private final Duration settle;
    private final KpiMarks marks;

    public DynamoDbKpiStore(DynamoDbClient dynamo, String table, String shipments, KpiIo io) {
        this(dynamo, table, shipments, io, Duration.ZERO);
    }

    /**
     * @param settle how long a run waits after closing the change sets before it reads them: DynamoDB serializes a
     *               writer's transaction with the close, but a Query is only read-committed, so a transaction's
     *               commit still being applied to its mark's partition could be missed (docs/storage.md "KPIs")
     */
    public DynamoDbKpiStore(DynamoDbClient dynamo, String table, String shipments, KpiIo io, Duration settle) {
        this.settle = settle;
        this.marks = new KpiMarks(dynamo, table);
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
        return KpiMarks.SHARDS;
    }

    /** Where a pass over a shard is: reading change set {@code set} after mark {@code after} (null: from its start), up to set {@code through}. */
    private record Cursor(long set, long through, String after) {
        String encode() {
            return set + "\n" + through + "\n" + (after == null ? "" : after);
        }

        static Cursor parse(String text) {
            String[] p = text.split("\n", 3);
            return new Cursor(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2].isEmpty() ? null : p[2]);
        }
    }

    /** Closes every shard's open set, then waits {@code settle} once, so a run reads only settled sets. */
    @Override
    public List<String> closeChangeSets() {
        List<String> starts = new ArrayList<>(KpiMarks.SHARDS);
        for (int shard = 0; shard < KpiMarks.SHARDS; shard++) {
            Cursor c = begin(shard);
            starts.add(c == null ? "" : c.encode()); // "": nothing to read in that shard
        }
        pause(settle);
        return starts;
    }

    private static void pause(Duration d) {
        if (d.isZero() || d.isNegative()) {
            return;
        }
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public Page dirty(int shard, String cursor, int limit) {
        if (cursor != null && cursor.isEmpty()) {
            return new Page(List.of(), null, null);
        }
        Cursor c = cursor == null ? begin(shard) : Cursor.parse(cursor);
        if (c == null) {
            return new Page(List.of(), null, null);
        }
        QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                .keyConditionExpression("pk = :p").limit(limit)
                .expressionAttributeValues(Map.of(":p", Attr.s(KpiMarks.markPk(shard, c.set()))));
        if (c.after() != null) {
            q.exclusiveStartKey(DynamoBatch.key("pk", KpiMarks.markPk(shard, c.set()), "sk", c.after()));
        }
        QueryResponse page = dynamo.query(q.build());
        io.requests.incrementAndGet();
        io.read(table, page.items(), KEYS);
        Map<String, AttributeValue> last = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
                ? page.lastEvaluatedKey() : null;
        String next;
        String completes = null;
        if (last != null) {
            next = new Cursor(c.set(), c.through(), Attr.str(last, "sk")).encode();
        } else {
            completes = Long.toString(c.set());
            next = c.set() < c.through() ? new Cursor(c.set() + 1, c.through(), null).encode() : null;
        }
        return new Page(changed(page.items()), next, completes);
    }

    /**
     * Closes the shard's open change set (writers move to the next one) and returns where to start reading: the
     * oldest set not yet rolled up, through the one just closed. Null if there is none to read.
     */
    private Cursor begin(int shard) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            Map<String, AttributeValue> state = dynamo.getItem(b -> b.tableName(table).key(KpiMarks.shardKey(shard))
                    .consistentRead(true)).item();
            io.requests.incrementAndGet();
            boolean exists = state != null && state.containsKey("open");
            if (exists) {
                io.read(table, state, KEYS);
            }
            long open = exists ? Attr.num(state, "open") : 0;
            long done = state != null && state.containsKey("done") ? Attr.num(state, "done") : -1;
            try {
                // the writers' own condition: whatever they checked, this update is serialized with it
                dynamo.updateItem(b -> b.tableName(table).key(KpiMarks.shardKey(shard))
                        .updateExpression("SET #o = :next").conditionExpression(KpiMarks.openIs(open))
                        .expressionAttributeNames(KpiMarks.OPEN_NAME)
                        .expressionAttributeValues(KpiMarks.openIsValues(open, Map.of(":next", Attr.n(open + 1)))));
                io.requests.incrementAndGet();
                io.itemsWritten.incrementAndGet();
                return done + 1 > open ? null : new Cursor(done + 1, open, null);
            } catch (ConditionalCheckFailedException another) {
                io.requests.incrementAndGet(); // another run closed it first: read again
            } catch (TransactionConflictException writing) {
                // a writer's transaction holds the item (its open-set check) just now: try again shortly
                io.requests.incrementAndGet();
                pause(Duration.ofMillis((long) (Math.random() * 20 * attempt)));
            }
        }
        throw new IllegalStateException("could not close the open KPI change set of shard " + shard);
    }

    @Override
    public void completed(int shard, String changeSet) {
        long set = Long.parseLong(changeSet);
        for (int attempt = 1; ; attempt++) {
            try {
                io.requests.incrementAndGet();
                dynamo.updateItem(b -> b.tableName(table).key(KpiMarks.shardKey(shard)).updateExpression("SET #d = :s")
                        .conditionExpression("attribute_not_exists(#d) OR #d < :s")
                        .expressionAttributeNames(Map.of("#d", "done")).expressionAttributeValues(Map.of(":s", Attr.n(set))));
                io.itemsWritten.incrementAndGet();
                return;
            } catch (ConditionalCheckFailedException laterAlready) {
                return; // another run recorded this set or a later one
            } catch (TransactionConflictException writing) {
                if (attempt >= MAX_ATTEMPTS) {
                    return; // not recorded: the next run reads the set again and finds its orders applied
                }
                pause(Duration.ofMillis((long) (Math.random() * 20 * attempt)));
            }
        }
    }

    /** Marks the orders again in the shard's open set, with the writers' own check, 99 to a transaction. */
    @Override
    public boolean defer(int shard, String accountId, List<String> orderIds) {
        for (int i = 0; i < orderIds.size(); i += 99) {
            marks.transact(accountId, orderIds.subList(i, Math.min(orderIds.size(), i + 99)));
            io.requests.incrementAndGet();
        }
        return true;
    }

    /** One account's applied item of a day and bucket, as read (version 0: none yet), updated after each write. */
    private static final class Bucket {
        final String accountId;
        final String day;
        final int bucket;
        long version;
        Map<String, AppliedCodec.Entry> entries;

        Bucket(String accountId, String day, int bucket) {
            this.accountId = accountId;
            this.day = day;
            this.bucket = bucket;
            this.entries = new HashMap<>();
        }

        String pk() {
            return appliedPk(accountId, day);
        }

        Map<String, AttributeValue> key() {
            return DynamoBatch.key("pk", pk(), "sk", Integer.toString(bucket));
        }

        void load(Map<String, AttributeValue> item) {
            version = item == null ? 0 : Attr.num(item, "version");
            entries = item == null ? new HashMap<>() : new HashMap<>(AppliedCodec.decode(Attr.str(item, "o")));
        }
    }

    /** What the store hands the roll-up with each changed order and gets back in its update. */
    private record Slot(Bucket bucket, long changeCount) {
    }

    static String appliedPk(String accountId, String day) {
        return "applied#" + accountId + "#" + day;
    }

    static int bucketOf(String orderId) {
        return Math.floorMod(orderId.hashCode(), APPLIED_BUCKETS);
    }

    /**
     * The page's marked orders that changed since the roll-up applied them: their items (one consistent read each),
     * the applied items they are recorded in, and the shipments not copied yet. An order whose applied change count
     * is already its item's (a later mark of one already rolled up, or another run got there) is left out, as is
     * one order-sync has not stored yet (it counts nowhere until then).
     */
    private List<Dirty> changed(List<Map<String, AttributeValue>> marks) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>(marks.size());
        marks.forEach(m -> keys.add(KpiMarks.orderKeyOf(Attr.str(m, "sk"))));
        // in mark order (account by account), as the roll-up groups them
        List<Map<String, AttributeValue>> items = DynamoBatch.getInOrder(dynamo, io, table, keys);
        io.read(table, items, KEYS);
        Map<String, Map<String, AttributeValue>> copied = shipmentsNotCopied(items);
        Map<String, Bucket> buckets = new java.util.LinkedHashMap<>();
        List<Bucket> bucketOfItem = new ArrayList<>(items.size()); // null: not stored by order-sync yet
        for (Map<String, AttributeValue> i : items) {
            String day = anchorDay(i);
            String accountId = Attr.str(i, "accountId");
            int bucket = bucketOf(Attr.str(i, "orderId"));
            bucketOfItem.add(day == null ? null : buckets.computeIfAbsent(appliedPk(accountId, day) + "|" + bucket,
                    k -> new Bucket(accountId, day, bucket)));
        }
        readBuckets(buckets.values());
        List<Dirty> out = new ArrayList<>(items.size());
        for (int n = 0; n < items.size(); n++) {
            Map<String, AttributeValue> i = items.get(n);
            Bucket bucket = bucketOfItem.get(n);
            if (bucket == null) {
                continue;
            }
            String orderId = Attr.str(i, "orderId");
            long count = Attr.num(i, OrderKpiItem.CHANGE_COUNT);
            AppliedCodec.Entry applied = bucket.entries.get(orderId);
            if (applied != null && applied.changeCount() >= count) {
                continue;
            }
            out.add(new Dirty(bucket.accountId, orderId, Long.toString(count),
                    applied == null ? Applied.NONE : new Applied(applied.changeCount(), applied.kpis()),
                    facts(i, copied), new Slot(bucket, count)));
        }
        return out;
    }

    /** The order's anchor day (its {@code boughtAt} UTC day, set once), null before order-sync stored it. */
    private static String anchorDay(Map<String, AttributeValue> i) {
        String day = Attr.str(i, OrderKpiItem.ANCHOR_DAY);
        if (day != null) {
            return day;
        }
        java.time.Instant bought = Attr.instant(i, OrderKpiItem.attr("boughtAt"));
        return bought == null || !Attr.flag(i, OrderKpiItem.attr("synced")) ? null
                : bought.atZone(java.time.ZoneOffset.UTC).toLocalDate().toString();
    }

    /** Reads the buckets' items (consistently) into them. */
    private void readBuckets(Collection<Bucket> buckets) {
        if (buckets.isEmpty()) {
            return;
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>(buckets.size());
        Map<String, Bucket> byKey = new HashMap<>();
        for (Bucket b : buckets) {
            keys.add(b.key());
            byKey.put(b.pk() + "|" + b.bucket, b);
            b.load(null);
        }
        List<Map<String, AttributeValue>> found = DynamoBatch.get(dynamo, io, table, keys);
        io.read(table, found, KEYS);
        for (Map<String, AttributeValue> item : found) {
            byKey.get(Attr.str(item, "pk") + "|" + Attr.str(item, "sk")).load(item);
        }
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
        // One transaction per group of applied items (a few per account and anchor day) with the cell items of their
        // orders' summed delta, at most 100 items: usually one transaction for all of an account's changed orders.
        Map<Bucket, List<Update>> byBucket = new java.util.LinkedHashMap<>();
        for (Update u : updates) {
            byBucket.computeIfAbsent(slot(u).bucket(), b -> new ArrayList<>()).add(u);
        }
        Set<String> done = new HashSet<>();
        // the cells each group wrote: the account's next group starts from them instead of reading them again
        Map<LocalDate, StoredCells> written = new HashMap<>();
        Map<Bucket, List<Update>> group = new java.util.LinkedHashMap<>();
        Set<LocalDate> groupDays = new HashSet<>();
        for (Map.Entry<Bucket, List<Update>> e : byBucket.entrySet()) {
            Set<LocalDate> union = new HashSet<>(groupDays);
            e.getValue().forEach(u -> u.delta().asMap().keySet().forEach(k -> union.add(k.day())));
            if (!group.isEmpty() && group.size() + 1 + union.size() > MAX_TRANSACTION_ITEMS) {
                done.addAll(commit(accountId, group, written));
                group = new java.util.LinkedHashMap<>();
                union.clear();
                e.getValue().forEach(u -> u.delta().asMap().keySet().forEach(k -> union.add(k.day())));
            }
            group.put(e.getKey(), e.getValue());
            groupDays = union;
        }
        if (!group.isEmpty()) {
            done.addAll(commit(accountId, group, written));
        }
        return done;
    }

    private static Slot slot(Update u) {
        if (!(u.item() instanceof Slot s)) {
            throw new IllegalArgumentException("an update of order " + u.orderId() + " without what it was read with");
        }
        return s;
    }

    /**
     * One transaction for the group: each applied item rewritten with its orders' new entries and, per touched day,
     * the cell item rewritten with the group's summed difference, each conditional on the version read. An order
     * whose applied entry already has its change count or a later one is left as it is (another run applied it, or
     * a newer state of it). If the transaction is cancelled (another run wrote one of the items), the items are read
     * again and each order's difference is taken again from what is applied now. Returns the orders whose state
     * read is applied, or a newer one.
     *
     * @param written the cells this apply has written so far (used instead of a read on the first try; a stale one
     *                fails its version condition and the retry reads), updated with what this group writes
     */
    private Set<String> commit(String accountId, Map<Bucket, List<Update>> group, Map<LocalDate, StoredCells> written) {
        for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
            if (attempt > 1) {
                readBuckets(group.keySet());
            }
            Set<String> ids = new HashSet<>();
            Cells delta = new Cells();
            Map<Bucket, Map<String, AppliedCodec.Entry>> after = new java.util.LinkedHashMap<>();
            group.forEach((bucket, us) -> {
                Map<String, AppliedCodec.Entry> entries = new HashMap<>(bucket.entries);
                for (Update u : us) {
                    ids.add(u.orderId());
                    AppliedCodec.Entry applied = entries.get(u.orderId());
                    long count = slot(u).changeCount();
                    if (applied != null && applied.changeCount() >= count) {
                        continue; // applied already, this state or a newer one
                    }
                    Cells.delta(applied == null ? OrderKpis.NONE : applied.kpis(), u.kpis()).asMap().forEach(delta::add);
                    entries.put(u.orderId(), new AppliedCodec.Entry(count, u.kpis()));
                }
                if (!entries.equals(bucket.entries)) {
                    after.put(bucket, entries);
                }
            });
            if (after.isEmpty()) {
                return ids;
            }
            Set<LocalDate> days = new TreeSet<>();
            delta.asMap().keySet().forEach(k -> days.add(k.day()));
            Map<LocalDate, StoredCells> stored = new HashMap<>();
            Set<LocalDate> toRead = new TreeSet<>(days);
            if (attempt == 1) {
                days.stream().filter(written::containsKey).forEach(d -> stored.put(d, written.get(d)));
                toRead.removeAll(stored.keySet());
            }
            stored.putAll(readCells(accountId, toRead));
            Map<LocalDate, StoredCells> cellsAfter = new HashMap<>();
            List<TransactWriteItem> items = new ArrayList<>();
            after.forEach((bucket, entries) -> items.add(TransactWriteItem.builder().put(appliedPut(bucket, entries)).build()));
            for (LocalDate day : days) {
                StoredCells current = stored.getOrDefault(day, StoredCells.NONE);
                Cells cells = new Cells();
                current.cells().asMap().forEach(cells::add);
                delta.asMap().forEach((k, t) -> {
                    if (k.day().equals(day)) {
                        cells.add(k, t);
                    }
                });
                cellsAfter.put(day, new StoredCells(current.version() + 1, cells));
                items.add(TransactWriteItem.builder().put(cellPut(accountId, day, current.version(), cells)).build());
            }
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                io.requests.incrementAndGet();
                io.itemsWritten.addAndGet(items.size());
                after.forEach((bucket, entries) -> {
                    io.wrote(table, bucket.pk(), Integer.toString(bucket.bucket));
                    bucket.version++;
                    bucket.entries = entries;
                });
                days.forEach(day -> io.wrote(table, cellsPk(accountId), day.toString()));
                written.putAll(cellsAfter);
                return ids;
            } catch (TransactionCanceledException cancelled) {
                io.requests.incrementAndGet();
                boolean raced = cancelled.cancellationReasons().stream().allMatch(r -> r.code() == null
                        || List.of("None", "ConditionalCheckFailed", "TransactionConflict").contains(r.code()));
                if (!raced) {
                    throw cancelled; // not another run (an item too large, say): the account fails, its orders wait
                }
                days.forEach(written::remove); // another run wrote one of the items: read them again
            }
        }
        return Set.of();
    }

    /** The applied item rewritten whole, only on the version read (0: only if there is none yet). */
    private Put appliedPut(Bucket bucket, Map<String, AppliedCodec.Entry> entries) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(bucket.pk()));
        item.put("sk", Attr.s(Integer.toString(bucket.bucket)));
        item.put("version", Attr.n(bucket.version + 1));
        item.put("o", Attr.s(AppliedCodec.encode(entries)));
        return versioned(Put.builder().tableName(table).item(item), bucket.version);
    }

    private static Put versioned(Put.Builder put, long version) {
        if (version == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", Attr.n(version)));
        }
        return put.build();
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
        return versioned(Put.builder().tableName(table).item(item), version);
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
