package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/** The KPI store in memory, with the same conditions as DynamoDB (version, mark nonce), for unit tests. */
final class InMemoryKpiStore implements KpiStore, KpiSources {
    final TreeMap<String, Mark> marks = new TreeMap<>();
    final Map<String, Set<String>> links = new HashMap<>();
    final Map<String, Applied> states = new HashMap<>();
    final Map<String, Cells> cells = new HashMap<>();
    final Map<String, OrderFacts> facts = new HashMap<>();
    /** Accounts whose facts cannot be read (a test's stand-in for an item DynamoDB refuses). */
    final Set<String> failingAccounts = new HashSet<>();
    /** Runs just before {@link #apply}: a test's stand-in for a concurrent writer. */
    Runnable beforeApply = () -> { };

    void markOrder(String account, String orderId, String waybill) {
        String key = account + "#O#" + orderId;
        Set<String> waybills = new TreeSet<>(marks.containsKey(key) ? marks.get(key).waybills() : Set.of());
        if (waybill != null) {
            waybills.add(waybill);
            links.computeIfAbsent(account + "|" + waybill, k -> new TreeSet<>()).add(orderId);
        }
        marks.put(key, new Mark(account, Mark.ORDER, orderId, waybills, UUID.randomUUID().toString(), key));
    }

    void markWaybill(String account, String waybill) {
        String key = account + "#W#" + waybill;
        marks.put(key, new Mark(account, Mark.WAYBILL, waybill, Set.of(), UUID.randomUUID().toString(), key));
    }

    @Override
    public int shards() {
        return 1;
    }

    @Override
    public List<Mark> marks(int shard, int limit) {
        return new ArrayList<>(marks.values()).subList(0, Math.min(limit, marks.size()));
    }

    @Override
    public Map<String, Applied> applied(String accountId, Collection<String> orderIds) {
        Map<String, Applied> out = new HashMap<>();
        orderIds.forEach(o -> {
            Applied a = states.get(accountId + "|" + o);
            if (a != null) {
                out.put(o, a);
            }
        });
        return out;
    }

    @Override
    public Applied.Result apply(String accountId, List<Update> updates) {
        beforeApply.run();
        Set<String> done = new HashSet<>();
        List<Mark> clears = new ArrayList<>();
        for (Update u : updates) {
            Applied current = states.getOrDefault(accountId + "|" + u.orderId(), Applied.NONE);
            if (current.version() != u.expectedVersion()) {
                continue; // the transaction would be cancelled
            }
            states.put(accountId + "|" + u.orderId(), new Applied(current.version() + 1, u.waybills(), u.kpis()));
            u.delta().asMap().forEach((k, t) -> cells.computeIfAbsent(accountId, a -> new Cells()).add(k, t));
            clears.addAll(u.clears());
            done.add(u.orderId());
        }
        // as in DynamoDB: the marks go after the states, each only on the nonce read
        return new Applied.Result(done, clear(clears));
    }

    @Override
    public Set<String> clear(List<Mark> toClear) {
        Set<String> cleared = new HashSet<>();
        toClear.forEach(m -> {
            Mark current = marks.get(m.key());
            if (current != null && current.nonce().equals(m.nonce())) {
                marks.remove(m.key());
                cleared.add(m.key());
            }
        });
        return cleared;
    }

    @Override
    public Map<String, Set<String>> ordersOfWaybills(String accountId, Collection<String> waybills) {
        Map<String, Set<String>> out = new HashMap<>();
        waybills.forEach(w -> {
            Set<String> os = links.get(accountId + "|" + w);
            if (os != null) {
                out.put(w, os);
            }
        });
        return out;
    }

    @Override
    public Cells cells(String accountId, LocalDate from, LocalDate to) {
        Cells out = new Cells();
        cells.getOrDefault(accountId, new Cells()).asMap().forEach((k, t) -> {
            if (!k.day().isBefore(from) && !k.day().isAfter(to)) {
                out.add(k, t);
            }
        });
        return out;
    }

    @Override
    public Map<String, Cells> cells(Map<String, Set<LocalDate>> daysByAccount) {
        Map<String, Cells> out = new HashMap<>();
        daysByAccount.forEach((a, days) -> {
            Cells c = new Cells();
            cells.getOrDefault(a, new Cells()).asMap().forEach((k, t) -> {
                if (days.contains(k.day())) {
                    c.add(k, t);
                }
            });
            out.put(a, c);
        });
        return out;
    }

    @Override
    public Map<String, OrderFacts> facts(String accountId, Map<String, Set<String>> waybillsByOrder) {
        if (failingAccounts.contains(accountId)) {
            throw new IllegalStateException("facts of " + accountId + " cannot be read");
        }
        Map<String, OrderFacts> out = new HashMap<>();
        waybillsByOrder.keySet().forEach(o -> {
            OrderFacts f = facts.get(accountId + "|" + o);
            if (f != null) {
                out.put(o, f);
            }
        });
        return out;
    }
}
