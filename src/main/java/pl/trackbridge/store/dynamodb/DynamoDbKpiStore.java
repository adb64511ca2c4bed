package pl.trackbridge.store.dynamodb;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import pl.trackbridge.kpi.Cells;
import pl.trackbridge.kpi.Contribution;
import pl.trackbridge.kpi.Kpi;
import pl.trackbridge.kpi.KpiStore;
import pl.trackbridge.kpi.OrderKpis;
import pl.trackbridge.kpi.Tally;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException;

/**
 * The KPI table ({@code pk}, {@code sk}; docs/storage.md "KPIs"):
 * <ul>
 * <li>{@code dirty#{shard}} / {@code {account}#{O|W}#{ref}#{uuid}}: a dirty mark (see {@link KpiMarks});</li>
 * <li>{@code order#{account}#{orderId}} / {@code state}: what the order contributes to the cells now, its
 * registered waybills and a {@code version} every roll-up write is conditional on;</li>
 * <li>{@code cells#{account}} / {@code {yyyy-MM-dd}}: one item per local day with numeric attributes
 * {@code {KPI}#{carrier}#n|d} and, for TRACKING_TIMELINESS, {@code {KPI}#{carrier}#h#{ms}} (latency counts),
 * carrier {@code *} being the account's total. Changed only by ADD in the transaction that moves an order's
 * version, so each delta is applied exactly once.</li>
 * </ul>
 */
public final class DynamoDbKpiStore implements KpiStore {
    private static final List<String> KEYS = List.of("pk", "sk");
    /** TransactWriteItems takes at most 100 items. */
    private static final int MAX_TRANSACTION_ITEMS = 100;

    private final DynamoDbClient dynamo;
    private final String table;
    private final KpiIo io;

    public DynamoDbKpiStore(DynamoDbClient dynamo, String table, KpiIo io) {
        this.dynamo = dynamo;
        this.table = table;
        this.io = io;
    }

    static String statePk(String accountId, String orderId) {
        return "order#" + accountId + "#" + orderId;
    }

    static String cellsPk(String accountId) {
        return "cells#" + accountId;
    }

    @Override
    public int shards() {
        return KpiMarks.SHARDS;
    }

    @Override
    public List<Mark> marks(int shard, int limit) {
        List<Mark> out = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).consistentRead(true)
                    .keyConditionExpression("pk = :p").limit(limit - out.size())
                    .expressionAttributeValues(Map.of(":p", Attr.s(KpiMarks.partition(shard))));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            io.requests.incrementAndGet();
            io.read(table, page.items(), KEYS);
            for (Map<String, AttributeValue> i : page.items()) {
                Set<String> waybills = new TreeSet<>();
                AttributeValue w = i.get("waybills");
                if (w != null && w.hasSs()) {
                    waybills.addAll(w.ss());
                }
                out.add(new Mark(Attr.str(i, "accountId"), Attr.str(i, "kind"), Attr.str(i, "ref"), waybills,
                        Attr.str(i, "nonce"), KpiMarks.partition(shard) + "\n" + Attr.str(i, "sk")));
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null && out.size() < limit);
        return out;
    }

    @Override
    public Map<String, Applied> applied(String accountId, Collection<String> orderIds) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        orderIds.forEach(o -> keys.add(DynamoBatch.key("pk", statePk(accountId, o), "sk", "state")));
        Map<String, Applied> out = new HashMap<>();
        List<Map<String, AttributeValue>> items = DynamoBatch.get(dynamo, io, table, keys);
        io.read(table, items, KEYS);
        for (Map<String, AttributeValue> i : items) {
            Set<String> waybills = new TreeSet<>();
            AttributeValue w = i.get("waybills");
            if (w != null && w.hasSs()) {
                waybills.addAll(w.ss());
            }
            List<Contribution> entries = new ArrayList<>();
            AttributeValue e = i.get("entries");
            if (e != null && e.hasL()) {
                e.l().forEach(v -> entries.add(Contribution.decode(v.s())));
            }
            out.put(Attr.str(i, "orderId"), new Applied(Attr.num(i, "version"), waybills,
                    new OrderKpis(Attr.str(i, "carrier"), entries)));
        }
        return out;
    }

    @Override
    public Applied.Result apply(String accountId, List<Update> updates) {
        // Each transaction holds order states and the cell ADDs of their summed delta: one item per order plus
        // one per local day touched, so about 95 orders share each day's ADD (the cell items are the large ones).
        // Marks are deleted afterwards, each on its nonce: a crash in between leaves marks whose recomputation
        // finds no difference, and a change written meanwhile keeps its mark.
        Set<String> done = new HashSet<>();
        List<Update> chunk = new ArrayList<>();
        Set<LocalDate> chunkDays = new HashSet<>();
        for (Update u : updates) {
            Set<LocalDate> union = new HashSet<>(chunkDays);
            u.delta().asMap().keySet().forEach(k -> union.add(k.day()));
            if (!chunk.isEmpty() && chunk.size() + 1 + union.size() > MAX_TRANSACTION_ITEMS) {
                done.addAll(commit(accountId, chunk));
                chunk = new ArrayList<>();
                union.clear();
                u.delta().asMap().keySet().forEach(k -> union.add(k.day()));
            }
            chunk.add(u);
            chunkDays = union;
        }
        if (!chunk.isEmpty()) {
            done.addAll(commit(accountId, chunk));
        }
        List<Mark> clears = new ArrayList<>();
        for (Update u : updates) {
            if (done.contains(u.orderId())) {
                clears.addAll(u.clears());
            }
        }
        return new Applied.Result(done, clear(clears));
    }

    /** One transaction for the group; if it is cancelled (a concurrent roll-up), each order alone. */
    private Set<String> commit(String accountId, List<Update> group) {
        if (write(accountId, group)) {
            Set<String> ids = new HashSet<>();
            group.forEach(u -> ids.add(u.orderId()));
            return ids;
        }
        Set<String> ids = new HashSet<>();
        if (group.size() > 1) {
            for (Update u : group) {
                if (write(accountId, List.of(u))) {
                    ids.add(u.orderId());
                }
            }
        }
        return ids;
    }

    private boolean write(String accountId, List<Update> group) {
        List<TransactWriteItem> items = new ArrayList<>();
        Cells delta = new Cells();
        for (Update u : group) {
            items.add(TransactWriteItem.builder().put(statePut(accountId, u)).build());
            u.delta().asMap().forEach(delta::add);
        }
        Map<LocalDate, Map<String, Long>> byDay = new TreeMap<>();
        delta.asMap().forEach((k, t) -> {
            Map<String, Long> adds = byDay.computeIfAbsent(k.day(), d -> new LinkedHashMap<>());
            String prefix = k.kpi().name() + "#" + k.carrier() + "#";
            if (t.num() != 0) {
                adds.put(prefix + "n", t.num());
            }
            if (t.den() != 0) {
                adds.put(prefix + "d", t.den());
            }
            t.latencies().forEach((ms, count) -> adds.put(prefix + "h#" + ms, count));
        });
        byDay.forEach((day, adds) -> {
            if (!adds.isEmpty()) {
                items.add(TransactWriteItem.builder().update(cellAdd(accountId, day, adds)).build());
            }
        });
        try {
            dynamo.transactWriteItems(b -> b.transactItems(items));
            io.requests.incrementAndGet();
            io.itemsWritten.addAndGet(items.size());
            group.forEach(u -> io.wrote(table, statePk(accountId, u.orderId()), "state"));
            byDay.keySet().forEach(day -> io.wrote(table, cellsPk(accountId), day.toString()));
            return true;
        } catch (TransactionCanceledException lost) {
            io.requests.incrementAndGet();
            return false;
        }
    }

    private Put statePut(String accountId, Update u) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(statePk(accountId, u.orderId())));
        item.put("sk", Attr.s("state"));
        item.put("accountId", Attr.s(accountId));
        item.put("orderId", Attr.s(u.orderId()));
        item.put("version", Attr.n(u.expectedVersion() + 1));
        if (!u.waybills().isEmpty()) {
            item.put("waybills", AttributeValue.fromSs(new ArrayList<>(u.waybills())));
        }
        Attr.put(item, "carrier", u.kpis().carrier());
        item.put("entries", AttributeValue.fromL(u.kpis().contributions().stream().map(c -> Attr.s(c.encode())).toList()));
        Put.Builder put = Put.builder().tableName(table).item(item);
        if (u.expectedVersion() == 0) {
            put.conditionExpression("attribute_not_exists(pk)");
        } else {
            put.conditionExpression("version = :v").expressionAttributeValues(Map.of(":v", Attr.n(u.expectedVersion())));
        }
        return put.build();
    }

    private software.amazon.awssdk.services.dynamodb.model.Update cellAdd(String accountId, LocalDate day, Map<String, Long> adds) {
        Map<String, String> names = new HashMap<>();
        Map<String, AttributeValue> values = new HashMap<>();
        StringBuilder expr = new StringBuilder("ADD ");
        int i = 0;
        for (Map.Entry<String, Long> e : adds.entrySet()) {
            if (i > 0) {
                expr.append(", ");
            }
            names.put("#a" + i, e.getKey());
            values.put(":v" + i, Attr.n(e.getValue()));
            expr.append("#a").append(i).append(" :v").append(i);
            i++;
        }
        return software.amazon.awssdk.services.dynamodb.model.Update.builder().tableName(table)
                .key(DynamoBatch.key("pk", cellsPk(accountId), "sk", day.toString()))
                .updateExpression(expr.toString()).expressionAttributeNames(names).expressionAttributeValues(values)
                .build();
    }

    /** Deletes the mark only on the nonce read: a change written since has a new nonce and keeps its mark. */
    private Delete markDelete(Mark m) {
        String[] pkSk = m.key().split("\n", 2);
        return Delete.builder().tableName(table).key(DynamoBatch.key("pk", pkSk[0], "sk", pkSk[1]))
                .conditionExpression("nonce = :n").expressionAttributeValues(Map.of(":n", Attr.s(m.nonce()))).build();
    }

    @Override
    public Set<String> clear(List<Mark> marks) {
        Set<String> cleared = new HashSet<>();
        for (int i = 0; i < marks.size(); i += MAX_TRANSACTION_ITEMS) {
            List<Mark> group = marks.subList(i, Math.min(marks.size(), i + MAX_TRANSACTION_ITEMS));
            List<TransactWriteItem> items = new ArrayList<>();
            group.forEach(m -> items.add(TransactWriteItem.builder().delete(markDelete(m)).build()));
            try {
                dynamo.transactWriteItems(b -> b.transactItems(items));
                io.requests.incrementAndGet();
                io.itemsWritten.addAndGet(items.size());
                group.forEach(m -> cleared.add(m.key()));
            } catch (TransactionCanceledException changedMeanwhile) {
                io.requests.incrementAndGet();
                for (Mark m : group) { // one by one: those changed meanwhile stay for the next run
                    try {
                        dynamo.deleteItem(b -> b.tableName(table).key(markDelete(m).key())
                                .conditionExpression("nonce = :n").expressionAttributeValues(Map.of(":n", Attr.s(m.nonce()))));
                        io.itemsWritten.incrementAndGet();
                        cleared.add(m.key());
                    } catch (ConditionalCheckFailedException newer) {
                        // a newer change: its mark stays
                    }
                    io.requests.incrementAndGet();
                }
            }
        }
        return cleared;
    }

    @Override
    public Map<String, Set<String>> ordersOfWaybills(String accountId, Collection<String> waybills) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        new TreeSet<>(waybills).forEach(w -> keys.add(DynamoBatch.key("pk", KpiMarks.linkPk(accountId, w), "sk", "link")));
        List<Map<String, AttributeValue>> items = DynamoBatch.get(dynamo, io, table, keys);
        io.read(table, items, KEYS);
        Map<String, Set<String>> out = new HashMap<>();
        String prefix = KpiMarks.linkPk(accountId, "");
        for (Map<String, AttributeValue> i : items) {
            AttributeValue o = i.get("orders");
            if (o != null && o.hasSs()) {
                out.put(Attr.str(i, "pk").substring(prefix.length()), new TreeSet<>(o.ss()));
            }
        }
        return out;
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
        LocalDate day = LocalDate.parse(Attr.str(item, "sk"));
        Map<Cells.Key, Tally> tallies = new HashMap<>();
        item.forEach((name, v) -> {
            if (v.n() == null) {
                return;
            }
            String[] p = name.split("#");
            if (p.length < 3) {
                return;
            }
            Kpi kpi;
            try {
                kpi = Kpi.valueOf(p[0]);
            } catch (IllegalArgumentException notAKpi) {
                return;
            }
            long value = Long.parseLong(v.n());
            boolean hist = p.length >= 4 && "h".equals(p[p.length - 2]);
            int carrierEnd = hist ? p.length - 2 : p.length - 1;
            String carrier = String.join("#", java.util.Arrays.copyOfRange(p, 1, carrierEnd));
            Tally t = tallies.computeIfAbsent(new Cells.Key(day, kpi, carrier), k -> new Tally());
            if (hist) {
                t.addLatency(Long.parseLong(p[p.length - 1]), value);
            } else if ("n".equals(p[p.length - 1])) {
                t.add(value, 0);
            } else if ("d".equals(p[p.length - 1])) {
                t.add(0, value);
            }
        });
        tallies.forEach(into::add);
    }
}
