package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.store.dynamodb.KpiMarks;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * DESIGN §6 roll-up target: accounts × 30 days of history, then one day of new activity (orders with their
 * registrations, Allegro outcomes, shipments and events), all written through the real stores (so with their
 * dirty marks) into one DynamoDB Local; then the roll-up of that day is timed, and every item it reads is
 * checked against the items that changed since the previous roll-up.
 *
 * <pre>
 * ./mvnw test -Dtest=KpiRollupBenchmark -Dsurefire.failIfNoSpecifiedTests=false \
 *     -Dkpibench.accounts=1000 -Dkpibench.orders=100000 -Dkpibench.historyOrdersPerDay=1000
 * </pre>
 */
class KpiRollupBenchmark {
    static final int ACCOUNTS = Integer.getInteger("kpibench.accounts", 20);
    static final int NEW_ORDERS = Integer.getInteger("kpibench.orders", 1000);
    static final int HISTORY_DAYS = Integer.getInteger("kpibench.historyDays", 30);
    static final int HISTORY_PER_DAY = Integer.getInteger("kpibench.historyOrdersPerDay", 30);
    static final int WRITERS = Integer.getInteger("kpibench.writers", 6);
    static final int PARALLELISM = Integer.getInteger("kpibench.parallelism", 4);
    static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    static final String[] CARRIERS = {"DPD", "INPOST", "UPS"};

    @Test
    void rollUpOfOneNewDayReadsOnlyWhatChanged() throws Exception {
        OperationTimer timer = new OperationTimer();
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
                DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(aws.dynamoEndpoint())
                        .region(software.amazon.awssdk.regions.Region.EU_CENTRAL_1)
                        .credentialsProvider(software.amazon.awssdk.auth.credentials.StaticCredentialsProvider.create(
                                software.amazon.awssdk.auth.credentials.AwsBasicCredentials.create("local", "local")))
                        .httpClientBuilder(software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient.builder())
                        .overrideConfiguration(c -> c.addExecutionInterceptor(timer)).build()) {
            KpiWorld world = new KpiWorld(dynamo);
            List<String> accounts = new ArrayList<>();
            for (int a = 0; a < ACCOUNTS; a++) {
                String id = "acc" + a;
                accounts.add(id);
                world.account(id, a % 10 == 9 ? "America/New_York" : "Europe/Warsaw");
            }
            CountingAccounts accountReads = new CountingAccounts(world.accounts);

            long t0 = System.nanoTime();
            seed(world, accounts, "h", HISTORY_DAYS, HISTORY_PER_DAY * HISTORY_DAYS, null);
            long historySeed = System.nanoTime() - t0;
            t0 = System.nanoTime();
            KpiRollup.Report history = drain(world, accountReads);
            long historyRollup = System.nanoTime() - t0;

            Set<String> changed = ConcurrentHashMap.newKeySet();
            t0 = System.nanoTime();
            AtomicLong changedItems = seed(world, accounts, "n", 0, NEW_ORDERS, changed);
            long daySeed = System.nanoTime() - t0;

            world.io.reset();
            accountReads.reads.set(0);
            Set<String> read = ConcurrentHashMap.newKeySet();
            AtomicLong readCount = new AtomicLong();
            Set<String> written = ConcurrentHashMap.newKeySet();
            world.io.logReads(k -> {
                read.add(k);
                readCount.incrementAndGet();
            });
            world.io.logWrites(written::add);
            synchronized (world.emf) {
                world.emf.clear();
            }
            timer.reset();
            t0 = System.nanoTime();
            KpiRollup.Report day = drain(world, accountReads);
            long dayRollup = System.nanoTime() - t0;
            world.io.logReads(null);
            world.io.logWrites(null);

            Set<String> unchanged = new HashSet<>(read);
            unchanged.removeAll(changed);
            unchanged.removeAll(written); // the cells this run changed, read back for the EMF lines
            Set<LocalDate> cellDays = new HashSet<>();
            written.stream().filter(k -> k.contains("|cells#")).forEach(k -> cellDays.add(LocalDate.parse(k.substring(k.lastIndexOf('|') + 1))));
            long cellItems = written.stream().filter(k -> k.contains("|cells#")).count();

            System.out.printf("%nKPI ROLL-UP BENCHMARK (DynamoDB Local in-process, %s, %d cores, roll-up parallelism %d)%n",
                    System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(), PARALLELISM);
            System.out.printf("  accounts                      : %,d%n", ACCOUNTS);
            System.out.printf("  history                       : %,d days, %,d orders (seeded in %.1f s, rolled up in %.1f s)%n",
                    HISTORY_DAYS, (long) HISTORY_PER_DAY * HISTORY_DAYS, historySeed / 1e9, historyRollup / 1e9);
            System.out.printf("  new day                       : %,d orders with registration, Allegro outcome, shipment, 2 events (seeded in %.1f s)%n",
                    NEW_ORDERS, daySeed / 1e9);
            System.out.printf("  ROLL-UP WALL TIME             : %.2f s  (target <= 60 s)%n", dayRollup / 1e9);
            System.out.printf("  marks / orders recomputed     : %,d / %,d (written %,d, conflicts %d)%n", day.marks(),
                    day.orders(), day.written(), day.conflicts());
            System.out.printf("  items changed since last run  : %,d (orders, forwards, shipments, events, marks, links)%n",
                    changedItems.get());
            System.out.printf("  items read                    : %,d (%,d distinct)%n", readCount.get(), read.size());
            System.out.printf("  UNCHANGED ITEMS READ          : %,d  (target 0)%n", unchanged.size());
            System.out.printf("  account settings read         : %,d (time zone, one GetItem per account with changes)%n",
                    accountReads.reads.get());
            System.out.printf("  items written                 : %,d (order states, cell ADDs, mark deletes)%n", world.io.itemsWritten.get());
            System.out.printf("  cells touched                 : %,d cell items (account x day), %,d (day, KPI, carrier) cells, days %s%n",
                    cellItems, day.cellsTouched(), new java.util.TreeSet<>(cellDays));
            System.out.printf("  DynamoDB requests             : %,d%n", world.io.requests.get());
            System.out.printf("  EMF lines                     : %,d%n", world.emf.size());
            System.out.printf("  time in DynamoDB calls (sum over threads, by operation): %s%n%n", timer.summary());
            unchanged.stream().limit(5).forEach(k -> System.out.println("  unchanged read: " + k));

            assertEquals(NEW_ORDERS, day.orders(), "each new order recomputed once");
            assertTrue(history.orders() > 0 || HISTORY_PER_DAY == 0);
            assertEquals(0, unchanged.size(), "no unchanged item read");
            // the day's cells equal a recomputation of one account from what was written
            KpiQuery.Rolling r = world.query().rolling("acc0", TODAY).get(Kpi.DISPATCH_ON_TIME);
            assertTrue(r.den30() > 0);
        }
    }

    static KpiRollup.Report drain(KpiWorld world, AccountStore accounts) {
        KpiRollup.Report total = null;
        int marks = 0, orders = 0, written = 0, conflicts = 0, cells = 0;
        while (true) {
            KpiRollup.Report r = world.rollup(PARALLELISM, accounts).run();
            marks += r.marks();
            orders += r.orders();
            written += r.written();
            conflicts += r.conflicts();
            cells += r.cellsTouched();
            if (r.marks() == 0) {
                return new KpiRollup.Report(marks, orders, written, conflicts, r.accounts(), cells, true, 0);
            }
        }
    }

    /**
     * Writes {@code count} orders spread over the accounts and over the {@code days} days before TODAY (0: TODAY
     * only), each through the real stores: order, registration, Allegro outcome (claim + record), one carrier
     * delivery with COLLECTED and DELIVERED. Records the keys of every item written in {@code changed}.
     */
    static AtomicLong seed(KpiWorld world, List<String> accounts, String prefix, int days, int count, Set<String> changed)
            throws Exception {
        AtomicLong items = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> futures = new ArrayList<>();
        int perTask = 200;
        for (int start = 0; start < count; start += perTask) {
            int from = start, to = Math.min(count, start + perTask);
            futures.add(pool.submit(() -> {
                for (int i = from; i < to; i++) {
                    String account = accounts.get(i % accounts.size());
                    // history spread over all its days whatever the count
                    LocalDate day = days == 0 ? TODAY : TODAY.minusDays(1 + Math.floorMod(i * 31 + i / accounts.size(), days));
                    one(world, account, prefix + i, day, i, changed);
                    items.addAndGet(8);
                }
                return null;
            }));
        }
        for (Future<?> f : futures) {
            f.get();
        }
        pool.shutdown();
        return items;
    }

    static void one(KpiWorld world, String account, String id, LocalDate day, int i, Set<String> changed) {
        ZoneId zone = world.accounts.find(account).map(Account::timeZone).orElseThrow();
        String orderId = "o-" + id, waybill = "W" + id.toUpperCase();
        Instant deadline = day.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant();
        Instant bought = day.minusDays(1).atTime(10, 0).atZone(zone).toInstant().plusSeconds(i % 3600);
        Instant registered = day.atTime(9, 0).atZone(zone).toInstant().plusSeconds(i % 1800);
        Instant collected = i % 20 == 0 ? deadline.plusSeconds(3600) : registered.plusSeconds(3 * 3600);
        Order.Cancellation c = i % 100 == 1 ? new Order.Cancellation(Order.Cancellation.BUYER, bought.plusSeconds(60))
                : i % 100 == 2 ? new Order.Cancellation(Order.Cancellation.SELLER, bought.plusSeconds(60)) : null;
        world.order(account, orderId, bought, deadline, day.plusDays(2).atTime(23, 59, 59).atZone(zone).toInstant(), c);
        world.register(account, orderId, waybill, CARRIERS[i % 3], registered, null);
        Instant accepted = registered.plusSeconds(i % 50 == 0 ? 7200 : 20 + i % 40);
        world.outcome(account, orderId, waybill, accepted, collected.plusSeconds(5 + i % 30));
        List<CanonicalEvent> events = List.of(
                EventBuilder.from("generic").dedupeKey("c" + id).carrierId(CARRIERS[i % 3]).waybill(waybill)
                        .status(TrackingStatus.COLLECTED).occurredAt(collected).build(),
                EventBuilder.from("generic").dedupeKey("d" + id).carrierId(CARRIERS[i % 3]).waybill(waybill)
                        .status(TrackingStatus.DELIVERED).occurredAt(collected.plusSeconds(26 * 3600 + i % 7200)).build());
        world.tracking.append(account, waybill, events, null, collected);
        if (changed != null) {
            String shard = "dirty#" + KpiMarks.shard(account);
            changed.add("OrdersTable|" + account + "|" + orderId);
            changed.add("ForwardsTable|" + account + "#" + waybill + "|" + orderId);
            changed.add("ShipmentsTable|" + account + "|" + waybill);
            changed.add("KpiTable|" + shard + "|" + account + "#O#" + orderId);
            changed.add("KpiTable|" + shard + "|" + account + "#W#" + waybill);
            changed.add("KpiTable|link#" + account + "#" + waybill + "|link");
        }
    }

    /** Sums the client-side time of each DynamoDB operation (request to response), to say where a run's time goes. */
    static final class OperationTimer implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        private static final software.amazon.awssdk.core.interceptor.ExecutionAttribute<Long> START =
                new software.amazon.awssdk.core.interceptor.ExecutionAttribute<>("benchStart");
        final java.util.Map<String, java.util.concurrent.atomic.LongAdder> nanos = new ConcurrentHashMap<>();
        final java.util.Map<String, java.util.concurrent.atomic.LongAdder> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            attributes.putAttribute(START, System.nanoTime());
        }

        @Override
        public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            done(attributes);
        }

        @Override
        public void onExecutionFailure(software.amazon.awssdk.core.interceptor.Context.FailedExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            done(attributes);
        }

        private void done(software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            Long start = attributes.getAttribute(START);
            String op = attributes.getAttribute(software.amazon.awssdk.core.interceptor.SdkExecutionAttribute.OPERATION_NAME);
            if (start != null && op != null) {
                nanos.computeIfAbsent(op, o -> new java.util.concurrent.atomic.LongAdder()).add(System.nanoTime() - start);
                calls.computeIfAbsent(op, o -> new java.util.concurrent.atomic.LongAdder()).increment();
            }
        }

        void reset() {
            nanos.clear();
            calls.clear();
        }

        String summary() {
            StringBuilder b = new StringBuilder();
            new java.util.TreeMap<>(nanos).forEach((op, n) -> b.append(String.format("%n      %-18s %,7d calls %8.1f s %7.1f ms/call",
                    op, calls.get(op).sum(), n.sum() / 1e9, n.sum() / 1e6 / calls.get(op).sum())));
            return b.toString();
        }
    }

    /** The roll-up reads each account with changes for its time zone: counted, reported beside the items. */
    static final class CountingAccounts implements AccountStore {
        final AccountStore inner;
        final AtomicLong reads = new AtomicLong();

        CountingAccounts(AccountStore inner) {
            this.inner = inner;
        }

        @Override
        public Optional<Account> find(String accountId) {
            reads.incrementAndGet();
            return inner.find(accountId);
        }

        @Override
        public void save(Account account) {
            inner.save(account);
        }

        @Override
        public List<String> accountIds() {
            return inner.accountIds();
        }
    }
}
