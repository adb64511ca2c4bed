package pl.trackbridge.kpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import pl.trackbridge.account.Account;
import org.jboss.logging.Logger;
import pl.trackbridge.account.AccountStore;

/**
 * The {@code kpi-rollup} job. Reads the dirty marks, recomputes exactly the marked orders from their stored
 * facts ({@link KpiRules}), and ADDs the difference to what each order contributed before to the daily
 * cells; then deletes the marks it applied. Its work grows with the changes since the last run, not with
 * history. Safe twice or concurrently (each order's write is conditional on the version it read; a loser
 * leaves its marks for the next run) and resumable (stops at its budget; the marks left are the remaining work).
 */
public final class KpiRollup {
    private static final Logger LOG = Logger.getLogger(KpiRollup.class);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Warsaw");

    private final KpiStore store;
    private final KpiSources sources;
    private final AccountStore accounts;
    private final KpiRules rules;
    private final Clock clock;
    private final Duration budget;
    private final int pageSize;
    private final KpiMetrics metrics;
    private final int parallelism;

    public KpiRollup(KpiStore store, KpiSources sources, AccountStore accounts, KpiRules rules, Clock clock,
            Duration budget, int pageSize, KpiMetrics metrics) {
        this(store, sources, accounts, rules, clock, budget, pageSize, metrics, 1);
    }

    /** @param parallelism shards rolled up at once (each shard's accounts by one thread) */
    public KpiRollup(KpiStore store, KpiSources sources, AccountStore accounts, KpiRules rules, Clock clock,
            Duration budget, int pageSize, KpiMetrics metrics, int parallelism) {
        this.parallelism = parallelism;
        this.store = store;
        this.sources = sources;
        this.accounts = accounts;
        this.rules = rules;
        this.clock = clock;
        this.budget = budget;
        this.pageSize = pageSize;
        this.metrics = metrics;
    }

    /**
     * @param complete       whether every mark seen was applied (false: budget reached, a concurrent run won some
     *                       orders, or an account failed; the next run continues)
     * @param failedAccounts accounts whose roll-up threw: their marks stay, the other accounts went on
     */
    public record Report(int marks, int orders, int written, int conflicts, int accounts, int cellsTouched,
            boolean complete, long millis, List<String> failedAccounts) {
        public Report {
            failedAccounts = List.copyOf(failedAccounts);
        }
    }

    public Report run() {
        Instant start = clock.instant();
        Instant stopAt = start.plus(budget);
        List<ShardResult> results = new ArrayList<>();
        if (parallelism <= 1) {
            for (int shard = 0; shard < store.shards(); shard++) {
                results.add(runShard(shard, stopAt));
            }
        } else {
            // shards hold disjoint accounts: threads never contend for an order or a cell
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
            try {
                List<java.util.concurrent.Future<ShardResult>> futures = new ArrayList<>();
                for (int shard = 0; shard < store.shards(); shard++) {
                    int s = shard;
                    futures.add(pool.submit(() -> runShard(s, stopAt)));
                }
                for (java.util.concurrent.Future<ShardResult> f : futures) {
                    results.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("kpi-rollup interrupted", e);
            } catch (java.util.concurrent.ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            } finally {
                pool.shutdownNow();
            }
        }
        int marks = 0, orders = 0, written = 0, cellsTouched = 0;
        Set<String> accountsSeen = new HashSet<>();
        boolean complete = true;
        Map<String, Set<LocalDate>> touched = new HashMap<>();
        List<String> failed = new ArrayList<>();
        for (ShardResult r : results) {
            failed.addAll(r.failed);
            marks += r.marks;
            orders += r.orders;
            written += r.written;
            cellsTouched += r.cellsTouched;
            accountsSeen.addAll(r.touched.keySet());
            complete &= r.complete;
            touched.putAll(r.touched);
        }
        touched.values().removeIf(Set::isEmpty);
        if (metrics != null && !touched.isEmpty()) {
            metrics.emit(store.cells(touched), clock.instant());
        }
        return new Report(marks, orders, written, orders - written, accountsSeen.size(), cellsTouched, complete,
                Duration.between(start, clock.instant()).toMillis(), failed);
    }

    private record ShardResult(int marks, int orders, int written, int cellsTouched, boolean complete,
            Map<String, Set<LocalDate>> touched, List<String> failed) {
    }

    private ShardResult runShard(int shard, Instant stopAt) {
        int marks = 0, orders = 0, written = 0, cellsTouched = 0;
        boolean complete = true;
        Map<String, Set<LocalDate>> touched = new HashMap<>();
        Set<String> skipped = new HashSet<>(); // mark keys left for the next run (lost a race, or the account failed)
        List<String> failed = new ArrayList<>();
        while (true) {
            if (clock.instant().isAfter(stopAt)) {
                complete = false; // resumable: the marks left are the remaining work
                break;
            }
            int limit = pageSize + skipped.size();
            List<KpiStore.Mark> page = new ArrayList<>(store.marks(shard, limit));
            boolean full = page.size() >= limit;
            page.removeIf(m -> skipped.contains(m.key()));
            if (page.isEmpty()) {
                break;
            }
            Map<String, List<KpiStore.Mark>> byAccount = new LinkedHashMap<>();
            page.forEach(m -> byAccount.computeIfAbsent(m.accountId(), a -> new ArrayList<>()).add(m));
            if (full && byAccount.size() > 1) {
                // the last account's marks may go on past the page (an order's and its waybill's marks apart, computed
                // twice): it is left whole for the next page, which starts with it
                byAccount.remove(page.get(page.size() - 1).accountId());
            }
            for (Map.Entry<String, List<KpiStore.Mark>> e : byAccount.entrySet()) {
                AccountResult r;
                try {
                    r = rollUp(e.getKey(), e.getValue());
                } catch (RuntimeException failure) {
                    // one account's trouble (say, an item DynamoDB refuses) must not hold up the rest of its shard
                    LOG.errorf(failure, "kpi-rollup failed for account %s; its %d marks stay for the next run",
                            e.getKey(), e.getValue().size());
                    e.getValue().forEach(m -> skipped.add(m.key()));
                    failed.add(e.getKey());
                    complete = false;
                    continue;
                }
                marks += e.getValue().size();
                orders += r.orders;
                written += r.written;
                skipped.addAll(r.leftMarks);
                if (!r.leftMarks.isEmpty()) {
                    complete = false;
                }
                Set<LocalDate> days = touched.computeIfAbsent(e.getKey(), a -> new TreeSet<>());
                for (Cells.Key k : r.cellKeys) {
                    days.add(k.day());
                }
                cellsTouched += r.cellKeys.size();
            }
        }
        return new ShardResult(marks, orders, written, cellsTouched, complete, touched, failed);
    }

    private record AccountResult(int orders, int written, List<String> leftMarks, Set<Cells.Key> cellKeys) {
    }

    private AccountResult rollUp(String accountId, List<KpiStore.Mark> marks) {
        ZoneId zone = accounts.find(accountId).map(Account::timeZone).orElse(DEFAULT_ZONE);
        Map<String, Set<String>> waybillsByOrder = new HashMap<>();
        Map<String, List<KpiStore.Mark>> clearsByOrder = new HashMap<>();
        List<KpiStore.Mark> waybillMarks = new ArrayList<>();
        for (KpiStore.Mark m : marks) {
            if (KpiStore.Mark.ORDER.equals(m.kind())) {
                waybillsByOrder.computeIfAbsent(m.ref(), o -> new TreeSet<>()).addAll(m.waybills());
                clearsByOrder.computeIfAbsent(m.ref(), o -> new ArrayList<>()).add(m);
            } else {
                waybillMarks.add(m);
            }
        }
        Map<String, Set<String>> ordersOfWaybill = waybillMarks.isEmpty() ? Map.of()
                : store.ordersOfWaybills(accountId, waybillMarks.stream().map(KpiStore.Mark::ref).toList());
        List<KpiStore.Mark> clearAlone = new ArrayList<>();
        List<KpiStore.Mark> clearAfter = new ArrayList<>();
        for (KpiStore.Mark m : waybillMarks) {
            Set<String> os = ordersOfWaybill.getOrDefault(m.ref(), Set.of());
            os.forEach(o -> waybillsByOrder.computeIfAbsent(o, x -> new TreeSet<>()).add(m.ref()));
            if (os.isEmpty()) {
                clearAlone.add(m); // a parcel registered for no order: in no KPI (docs/storage.md)
            } else if (os.size() == 1) {
                clearsByOrder.computeIfAbsent(os.iterator().next(), o -> new ArrayList<>()).add(m);
            } else {
                clearAfter.add(m); // only once every one of its orders is written
            }
        }

        Map<String, KpiStore.Applied> applied = store.applied(accountId, waybillsByOrder.keySet());
        applied.forEach((o, a) -> waybillsByOrder.get(o).addAll(a.waybills()));
        Map<String, OrderFacts> facts = sources.facts(accountId, waybillsByOrder);

        List<KpiStore.Update> updates = new ArrayList<>();
        for (Map.Entry<String, Set<String>> e : waybillsByOrder.entrySet()) {
            KpiStore.Applied before = applied.getOrDefault(e.getKey(), KpiStore.Applied.NONE);
            OrderFacts f = facts.get(e.getKey());
            // an order not synced yet counts nowhere; its registrations are remembered for when it arrives
            OrderKpis after = f == null ? OrderKpis.NONE : rules.contributions(f, zone);
            // always written (version + 1), even without a delta: that is what serialises concurrent runs
            updates.add(new KpiStore.Update(e.getKey(), before.version(), e.getValue(), after,
                    Cells.delta(before.kpis(), after), clearsByOrder.getOrDefault(e.getKey(), List.of())));
        }
        KpiStore.Applied.Result result = store.apply(accountId, updates);
        Set<String> done = result.written();
        for (KpiStore.Mark m : clearAfter) {
            if (done.containsAll(ordersOfWaybill.get(m.ref()))) {
                clearAlone.add(m);
            }
        }
        // a mark not deleted (changed since it was read) is left for the next run: this run does not loop on it
        Set<String> cleared = new HashSet<>(result.clearedMarks());
        cleared.addAll(store.clear(clearAlone));

        Set<Cells.Key> cellKeys = new HashSet<>();
        for (KpiStore.Update u : updates) {
            if (done.contains(u.orderId())) {
                cellKeys.addAll(u.delta().asMap().keySet());
            }
        }
        List<String> left = new ArrayList<>();
        marks.forEach(m -> {
            if (!cleared.contains(m.key())) {
                left.add(m.key());
            }
        });
        return new AccountResult(updates.size(), done.size(), left, cellKeys);
    }
}
