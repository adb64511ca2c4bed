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
 * The {@code kpi-rollup} job. Reads the orders changed since the last run (their KPI inputs are on one item each),
 * recomputes each one ({@link KpiRules}) and ADDs the difference to what it contributed before to the daily cells,
 * in the same write that records what it now contributes. Its work grows with the changes since the last run, not
 * with history. Safe twice or concurrently (every write is conditional on the version read, and a state is never
 * applied over a newer one) and resumable (stops at its budget; a change set not completed is read again).
 */
public final class KpiRollup {
    private static final Logger LOG = Logger.getLogger(KpiRollup.class);
    public static final ZoneId DEFAULT_ZONE = ZoneId.of("Europe/Warsaw");

    private final KpiStore store;
    private final AccountStore accounts;
    private final KpiRules rules;
    private final Clock clock;
    private final Duration budget;
    private final int pageSize;
    private final KpiMetrics metrics;
    private final int parallelism;

    public KpiRollup(KpiStore store, AccountStore accounts, KpiRules rules, Clock clock, Duration budget, int pageSize,
            KpiMetrics metrics) {
        this(store, accounts, rules, clock, budget, pageSize, metrics, 1);
    }

    /** @param parallelism shards rolled up at once (each shard's accounts by one thread) */
    public KpiRollup(KpiStore store, AccountStore accounts, KpiRules rules, Clock clock, Duration budget, int pageSize,
            KpiMetrics metrics, int parallelism) {
        this.parallelism = parallelism;
        this.store = store;
        this.accounts = accounts;
        this.rules = rules;
        this.clock = clock;
        this.budget = budget;
        this.pageSize = pageSize;
        this.metrics = metrics;
    }

    /**
     * @param orders         changed orders read and recomputed
     * @param written        of those, applied (the others lost races with other runs, or their account failed: the
     *                       next run reads them again)
     * @param complete       whether every changed order seen was applied (false: budget reached, a race lost, or an
     *                       account failed; the next run continues)
     * @param failedAccounts accounts whose roll-up threw: the next run reads their orders again, the other accounts went on
     */
    public record Report(int orders, int written, int conflicts, int accounts, int cellsTouched, boolean complete,
            long millis, List<String> failedAccounts) {
        public Report {
            failedAccounts = List.copyOf(failedAccounts);
        }
    }

    public Report run() {
        Instant start = clock.instant();
        Instant stopAt = start.plus(budget);
        Map<String, ZoneId> zones = new java.util.concurrent.ConcurrentHashMap<>();
        List<ShardResult> results = new ArrayList<>();
        List<String> starts = store.closeChangeSets();
        if (parallelism <= 1) {
            for (int shard = 0; shard < store.shards(); shard++) {
                results.add(runShard(shard, starts == null ? null : starts.get(shard), stopAt, zones));
            }
        } else {
            // shards hold disjoint accounts: threads never contend for an order or a cell
            java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(parallelism);
            try {
                List<java.util.concurrent.Future<ShardResult>> futures = new ArrayList<>();
                for (int shard = 0; shard < store.shards(); shard++) {
                    int s = shard;
                    futures.add(pool.submit(() -> runShard(s, starts == null ? null : starts.get(s), stopAt, zones)));
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
        int orders = 0, written = 0, cellsTouched = 0;
        Set<String> accountsSeen = new HashSet<>();
        boolean complete = true;
        Map<String, Set<LocalDate>> touched = new HashMap<>();
        List<String> failed = new ArrayList<>();
        for (ShardResult r : results) {
            cellsTouched += r.cells;
            failed.addAll(r.failed);
            orders += r.orders;
            written += r.written;
            accountsSeen.addAll(r.accounts);
            complete &= r.complete;
            r.touched.forEach((a, days) -> touched.computeIfAbsent(a, x -> new TreeSet<>()).addAll(days));
        }
        touched.values().removeIf(Set::isEmpty);
        if (metrics != null && !touched.isEmpty()) {
            metrics.emit(store.cells(touched), clock.instant());
        }
        return new Report(orders, written, orders - written, accountsSeen.size(), cellsTouched, complete,
                Duration.between(start, clock.instant()).toMillis(), failed);
    }

    private record ShardResult(int orders, int written, int cells, boolean complete, Set<String> accounts,
            Map<String, Set<LocalDate>> touched, List<String> failed) {
    }

    /**
     * One forward pass over the shard's changes: those written after it started wait for the next run. A change set
     * is recorded as completed once every order read from it so far was applied or handed to the next run
     * ({@link KpiStore#defer}: an account that failed must not hold up its whole shard).
     */
    private ShardResult runShard(int shard, String start, Instant stopAt, Map<String, ZoneId> zones) {
        int orders = 0, written = 0, cells = 0;
        boolean complete = true;
        boolean completable = true; // every order read so far in this pass is applied or deferred
        Set<String> accountsSeen = new HashSet<>();
        Map<String, Set<LocalDate>> touched = new HashMap<>();
        Map<String, Set<Cells.Key>> cellKeys = new HashMap<>();
        Set<String> failed = new java.util.LinkedHashSet<>();
        String cursor = start;
        do {
            if (clock.instant().isAfter(stopAt)) {
                complete = false; // resumable: the change sets not completed are the remaining work
                break;
            }
            KpiStore.Page page = store.dirty(shard, cursor, pageSize);
            Map<String, List<KpiStore.Dirty>> byAccount = new LinkedHashMap<>();
            page.orders().forEach(d -> byAccount.computeIfAbsent(d.accountId(), a -> new ArrayList<>()).add(d));
            for (Map.Entry<String, List<KpiStore.Dirty>> e : byAccount.entrySet()) {
                String accountId = e.getKey();
                accountsSeen.add(accountId);
                orders += e.getValue().size();
                List<String> left = new ArrayList<>();
                if (failed.contains(accountId)) {
                    e.getValue().forEach(d -> left.add(d.orderId())); // its earlier page failed: the rest waits with it
                } else {
                    try {
                        ZoneId zone = zones.computeIfAbsent(accountId,
                                a -> accounts.find(a).map(Account::timeZone).orElse(DEFAULT_ZONE));
                        Set<String> done = rollUp(accountId, zone, e.getValue(),
                                cellKeys.computeIfAbsent(accountId, a -> new HashSet<>()));
                        written += done.size();
                        e.getValue().stream().map(KpiStore.Dirty::orderId).filter(o -> !done.contains(o)).forEach(left::add);
                    } catch (RuntimeException failure) {
                        // one account's trouble (say, an item DynamoDB refuses) must not hold up the rest of its shard
                        LOG.errorf(failure, "kpi-rollup failed for account %s; its %d orders are read again by the next run",
                                accountId, e.getValue().size());
                        failed.add(accountId);
                        e.getValue().forEach(d -> left.add(d.orderId()));
                    }
                }
                if (!left.isEmpty()) {
                    complete = false;
                    completable &= defer(shard, accountId, left);
                }
            }
            if (completable && page.completes() != null) {
                store.completed(shard, page.completes());
            }
            cursor = page.next();
        } while (cursor != null);
        cellKeys.forEach((a, keys) -> {
            Set<LocalDate> days = touched.computeIfAbsent(a, x -> new TreeSet<>());
            keys.forEach(k -> days.add(k.day()));
        });
        for (Set<Cells.Key> keys : cellKeys.values()) {
            cells += keys.size();
        }
        return new ShardResult(orders, written, cells, complete, accountsSeen, touched, new ArrayList<>(failed));
    }

    /** Hands orders not applied to the next run; false if that failed too (the set is then read again whole). */
    private boolean defer(int shard, String accountId, List<String> orderIds) {
        try {
            return store.defer(shard, accountId, orderIds);
        } catch (RuntimeException failure) {
            LOG.errorf(failure, "kpi-rollup could not hand %d orders of account %s to the next run; their change set "
                    + "is read again", orderIds.size(), accountId);
            return false;
        }
    }

    /** Recomputes the account's changed orders and applies them; returns the order ids applied. */
    private Set<String> rollUp(String accountId, ZoneId zone, List<KpiStore.Dirty> dirty, Set<Cells.Key> touched) {
        List<KpiStore.Update> updates = new ArrayList<>(dirty.size());
        for (KpiStore.Dirty d : dirty) {
            OrderKpis after = d.facts() == null ? OrderKpis.NONE : rules.contributions(d.facts(), zone);
            // always written, even without a delta: the store records the state applied
            updates.add(new KpiStore.Update(d.orderId(), d.applied().version(), d.nonce(), after,
                    Cells.delta(d.applied().kpis(), after), d.item()));
        }
        Set<String> done = store.apply(accountId, updates);
        for (KpiStore.Update u : updates) {
            if (done.contains(u.orderId())) {
                touched.addAll(u.delta().asMap().keySet());
            }
        }
        return done;
    }
}
