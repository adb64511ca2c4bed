package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

/**
 * The KPI store in memory, with the same conditions as DynamoDB (version, change nonce), for unit tests. A test
 * plays the writers: it puts an order's facts in {@link #facts} and marks the order changed ({@link #markOrder}),
 * or marks every order a waybill is registered for ({@link #markWaybill}), as the tracking append does.
 */
final class InMemoryKpiStore implements KpiStore {
    /** Dirty orders, {@code account#orderId} → the change's nonce (sorted like the DynamoDB index). */
    final TreeMap<String, String> dirty = new TreeMap<>();
    final Map<String, Set<String>> links = new HashMap<>();
    final Map<String, Applied> states = new HashMap<>();
    final Map<String, Cells> cells = new HashMap<>();
    /** The facts the writers copied to each order's item, {@code account|orderId}. */
    final Map<String, OrderFacts> facts = new HashMap<>();
    /** Accounts whose items cannot be written (a test's stand-in for an item DynamoDB refuses). */
    final Set<String> failingAccounts = new HashSet<>();
    /** Runs just before {@link #apply}: a test's stand-in for a concurrent writer. */
    Runnable beforeApply = () -> { };

    void markOrder(String account, String orderId, String waybill) {
        if (waybill != null) {
            links.computeIfAbsent(account + "|" + waybill, k -> new TreeSet<>()).add(orderId);
        }
        dirty.put(account + "#" + orderId, UUID.randomUUID().toString());
    }

    void markWaybill(String account, String waybill) {
        links.getOrDefault(account + "|" + waybill, Set.of()).forEach(o -> markOrder(account, o, null));
    }

    @Override
    public int shards() {
        return 1;
    }

    @Override
    public Page dirty(int shard, String cursor, int limit) {
        List<Dirty> out = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, String> e : (cursor == null ? dirty : dirty.tailMap(cursor, false)).entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            String[] p = e.getKey().split("#", 2);
            out.add(new Dirty(p[0], p[1], e.getValue(), states.getOrDefault(p[0] + "|" + p[1], Applied.NONE),
                    facts.get(p[0] + "|" + p[1]), null));
            last = e.getKey();
        }
        boolean more = last != null && dirty.higherKey(last) != null;
        // one change set per pass, completed by its last page (what is still dirty then is read again anyway)
        return new Page(out, more ? last : null, more ? null : "pass");
    }

    /** Change sets the roll-up said it completed, in order. */
    final List<String> completed = new ArrayList<>();
    /** Orders the roll-up handed to the next run ({@code account#orderId}); they stay dirty here. */
    final Set<String> deferred = new TreeSet<>();

    @Override
    public void completed(int shard, String changeSet) {
        completed.add(changeSet);
    }

    @Override
    public boolean defer(int shard, String accountId, List<String> orderIds) {
        orderIds.forEach(o -> deferred.add(accountId + "#" + o));
        return true;
    }

    @Override
    public Set<String> apply(String accountId, List<Update> updates) {
        beforeApply.run();
        if (failingAccounts.contains(accountId)) {
            throw new IllegalStateException("items of " + accountId + " cannot be written");
        }
        Set<String> done = new HashSet<>();
        for (Update u : updates) {
            String key = accountId + "|" + u.orderId();
            Applied current = states.getOrDefault(key, Applied.NONE);
            if (current.version() != u.expectedVersion() || !u.nonce().equals(dirty.get(accountId + "#" + u.orderId()))) {
                continue; // the transaction would be cancelled
            }
            states.put(key, new Applied(current.version() + 1, u.kpis()));
            u.delta().asMap().forEach((k, t) -> cells.computeIfAbsent(accountId, a -> new Cells()).add(k, t));
            dirty.remove(accountId + "#" + u.orderId());
            done.add(u.orderId());
        }
        return done;
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
}
