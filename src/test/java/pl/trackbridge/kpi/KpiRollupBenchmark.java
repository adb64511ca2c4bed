package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntConsumer;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttribute;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * DESIGN §6 roll-up target: accounts × 30 days of history, then one day of new activity (orders with their
 * registrations, Allegro outcomes, shipments and events), all written through the real stores (so with the
 * inputs they copy to the orders' KPI items) into one DynamoDB Local; then the roll-up of that day is timed, and every item it reads is
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
    /** The roll-up's wait after closing the change sets, production's default ({@code trackbridge.jobs.kpi-rollup.settle}). */
    static final Duration SETTLE = Duration.ofMillis(Long.getLong("kpibench.settleMs", 1000));
    static final LocalDate TODAY = LocalDate.parse("2026-11-20");
    static final String[] CARRIERS = {"DPD", "INPOST", "UPS"};

    @Test
    void rollUpOfOneNewDayReadsOnlyWhatChanged() throws Exception {
        OperationTimer timer = new OperationTimer();
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
                DynamoDbClient dynamo = aws.dynamoClient(timer)) {
            KpiWorld world = new KpiWorld(dynamo, SETTLE); // as in production: each run waits after closing the sets
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
            AtomicLong markReads = new AtomicLong();
            Set<String> written = ConcurrentHashMap.newKeySet();
            world.io.logReads(k -> {
                read.add(k);
                readCount.incrementAndGet();
                if (k.startsWith("KpiTable|mark#")) {
                    markReads.incrementAndGet();
                }
            });
            world.io.logWrites(written::add);
            synchronized (world.emf) {
                world.emf.clear();
            }
            timer.reset();
            jdk.jfr.Recording profile = startProfile();
            t0 = System.nanoTime();
            KpiRollup.Report day = drain(world, accountReads);
            long dayRollup = System.nanoTime() - t0;
            if (profile != null) {
                profile.stop();
                System.out.println("  JFR recording of the new day's roll-up: " + profile.getDestination());
                profile.close();
            }
            world.io.logReads(null);
            world.io.logWrites(null);
            long itemsRead = world.io.itemsRead.get(), itemsWritten = world.io.itemsWritten.get();
            String timeByOperation = timer.summary();
            Floor floor = Floor.measure(dynamo, accounts, Math.min(NEW_ORDERS, 4000));
            double floorSeconds = (markReads.get() * floor.readMs() + (itemsRead - markReads.get()) * floor.batchGetMs()
                    + itemsWritten * floor.writeMs()) / 1000;
            OwnWork own = OwnWork.measure(world, accounts, NEW_ORDERS);

            Set<String> unchanged = new HashSet<>();
            long changeSetStates = 0;
            for (String k : read) {
                if (k.startsWith("KpiTable|kpishard#")) {
                    changeSetStates++; // the roll-up's own position in a shard, written by the last run: counted apart
                    continue;
                }
                if (k.startsWith("KpiTable|mark#")
                        && changed.contains("KpiTable|order#" + k.substring(k.lastIndexOf('|') + 1) + "|state")) {
                    continue; // the change mark of an order the new day wrote
                }
                if (!changed.contains(k) && !written.contains(k)) { // written: items this run changed and read again
                    unchanged.add(k);
                }
            }
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
            System.out.printf("  ROLL-UP WALL TIME             : %.2f s  (target <= 60 s; %d runs, each waiting %d ms after closing the change sets)%n",
                    dayRollup / 1e9, runs.get(), SETTLE.toMillis());
            System.out.printf("  changed orders recomputed     : %,d (applied %,d, conflicts %d)%n", day.orders(),
                    day.written(), day.conflicts());
            System.out.printf("  items changed since last run  : %,d (orders, forwards, shipments, events, order KPI items, links, change marks)%n",
                    changedItems.get());
            System.out.printf("  items read                    : %,d (%,d distinct)%n", readCount.get(), read.size());
            System.out.printf("  UNCHANGED ITEMS READ          : %,d  (target 0)%n", unchanged.size());
            System.out.printf("  account settings read         : %,d (time zone, one GetItem per account with changes)%n",
                    accountReads.reads.get());
            System.out.printf("  change-set positions read     : %,d (one item per shard and pass, the roll-up's own, in items read)%n",
                    changeSetStates);
            System.out.printf("  change marks read             : %,d (in items read)%n", markReads.get());
            System.out.printf("  items written                 : %,d (applied items, cell items, change-set positions)%n",
                    world.io.itemsWritten.get());
            System.out.printf("  cells touched                 : %,d cell items (account x day), %,d (day, KPI, carrier) cells, days %s%n",
                    cellItems, day.cellsTouched(), new java.util.TreeSet<>(cellDays));
            System.out.printf("  DynamoDB requests             : %,d%n", world.io.requests.get());
            System.out.printf("  EMF lines                     : %,d%n", world.emf.size());
            System.out.printf("  time in DynamoDB calls (sum over threads, by operation): %s%n", timeByOperation);
            System.out.printf("  DynamoDB Local throughput     : %.3f ms per item read (Query pages of 100; BatchGetItem %.3f),"
                    + " %.3f ms per item written (conditional TransactWriteItems), %d client threads, measured after the run%n",
                    floor.readMs(), floor.batchGetMs(), floor.writeMs(), PARALLELISM);
            System.out.printf("  FLOOR (items read and written at that throughput): %.1f s;  roll-up wall / floor = %.2f%n",
                    floorSeconds, dayRollup / 1e9 / floorSeconds);
            System.out.printf("  our own work (same orders, in-memory store, 1 thread): %.1f s CPU, %.3f ms per order%n%n",
                    own.cpuSeconds(), own.cpuSeconds() * 1000 / NEW_ORDERS);
            unchanged.stream().limit(5).forEach(k -> System.out.println("  unchanged read: " + k));

            assertEquals(NEW_ORDERS, day.orders(), "each new order recomputed once");
            assertTrue(history.orders() > 0 || HISTORY_PER_DAY == 0);
            assertEquals(0, unchanged.size(), "no unchanged item read");
            // the day's cells equal a recomputation of one account from what was written
            KpiQuery.Rolling r = world.query().rolling("acc0", TODAY).get(Kpi.DISPATCH_ON_TIME);
            assertTrue(r.den30() > 0);
        }
    }

    /**
     * With {@code -Dkpibench.jfr=file.jfr}, a Java Flight Recorder profile of the timed roll-up only (DynamoDB Local
     * runs in this JVM, so its time is in it too): {@code jfr print --events jdk.ExecutionSample file.jfr}.
     */
    static jdk.jfr.Recording startProfile() throws Exception {
        String file = System.getProperty("kpibench.jfr");
        if (file == null) {
            return null;
        }
        jdk.jfr.Recording r = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
        r.setDestination(Path.of(file).toAbsolutePath());
        r.start();
        return r;
    }

    /** Runs of the roll-up made by the last {@link #drain}. */
    static final java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();

    static KpiRollup.Report drain(KpiWorld world, AccountStore accounts) {
        int orders = 0, written = 0, conflicts = 0, cells = 0;
        runs.set(0);
        while (true) {
            runs.incrementAndGet();
            KpiRollup.Report r = world.rollup(PARALLELISM, accounts).run();
            orders += r.orders();
            written += r.written();
            conflicts += r.conflicts();
            cells += r.cellsTouched();
            if (r.orders() == 0) {
                return new KpiRollup.Report(orders, written, conflicts, r.accounts(), cells, true, 0, List.of());
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
                    items.addAndGet(9);
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

    /** One generated order's facts, the same for the stores and for the in-memory run. */
    record Parcel(String orderId, String waybill, String carrier, Instant bought, Instant deadline, Instant deliveryTo,
            Order.Cancellation cancellation, Instant registered, Instant accepted, Instant collected, Instant sent,
            Instant delivered) {
        static Parcel of(ZoneId zone, String id, LocalDate day, int i) {
            Instant deadline = day.atTime(LocalTime.of(23, 59, 59)).atZone(zone).toInstant();
            Instant bought = day.minusDays(1).atTime(10, 0).atZone(zone).toInstant().plusSeconds(i % 3600);
            Instant registered = day.atTime(9, 0).atZone(zone).toInstant().plusSeconds(i % 1800);
            Instant collected = i % 20 == 0 ? deadline.plusSeconds(3600) : registered.plusSeconds(3 * 3600);
            Order.Cancellation c = i % 100 == 1 ? new Order.Cancellation(Order.Cancellation.BUYER, bought.plusSeconds(60))
                    : i % 100 == 2 ? new Order.Cancellation(Order.Cancellation.SELLER, bought.plusSeconds(60)) : null;
            Instant accepted = registered.plusSeconds(i % 50 == 0 ? 7200 : 20 + i % 40);
            return new Parcel("o-" + id, "W" + id.toUpperCase(), CARRIERS[i % 3], bought, deadline,
                    day.plusDays(2).atTime(23, 59, 59).atZone(zone).toInstant(), c, registered, accepted, collected,
                    collected.plusSeconds(5 + i % 30), collected.plusSeconds(26 * 3600 + i % 7200));
        }

        OrderFacts facts(String account) {
            return new OrderFacts(account, orderId, bought, deadline, deliveryTo, cancellation, List.of(
                    new OrderFacts.ShipmentFacts(waybill, carrier, registered, null, accepted, sent, collected, collected,
                            delivered, null)));
        }
    }

    static void one(KpiWorld world, String account, String id, LocalDate day, int i, Set<String> changed) {
        ZoneId zone = world.accounts.find(account).map(Account::timeZone).orElseThrow();
        Parcel p = Parcel.of(zone, id, day, i);
        String orderId = p.orderId(), waybill = p.waybill();
        world.order(account, orderId, p.bought(), p.deadline(), p.deliveryTo(), p.cancellation());
        world.register(account, orderId, waybill, p.carrier(), p.registered(), null);
        world.outcome(account, orderId, waybill, p.accepted(), p.sent());
        List<CanonicalEvent> events = List.of(
                EventBuilder.from("generic").dedupeKey("c" + id).carrierId(p.carrier()).waybill(waybill)
                        .status(TrackingStatus.COLLECTED).occurredAt(p.collected()).build(),
                EventBuilder.from("generic").dedupeKey("d" + id).carrierId(p.carrier()).waybill(waybill)
                        .status(TrackingStatus.DELIVERED).occurredAt(p.delivered()).build());
        world.tracking.append(account, waybill, events, null, p.collected());
        if (changed != null) {
            changed.add("OrdersTable|" + account + "|" + orderId);
            changed.add("ForwardsTable|" + account + "#" + waybill + "|" + orderId);
            changed.add("ShipmentsTable|" + account + "|" + waybill);
            changed.add("KpiTable|order#" + account + "#" + orderId + "|state");
            changed.add("KpiTable|link#" + account + "#" + waybill + "|link");
        }
    }

    /**
     * What DynamoDB Local can do here, measured in the same JVM right after the run, from as many client threads as
     * the roll-up uses: items written per ms with conditional TransactWriteItems (100 small new items each, in
     * partitions of their own), then items read per ms by consistent Query pages of 100 of those partitions (how the
     * roll-up reads its change marks) and by BatchGetItem (100 keys, the day's orders: how it reads items by key).
     * Every request ends on DynamoDB Local's one SQLite thread, so this is the ceiling any roll-up reading and
     * writing those items meets.
     */
    record Floor(double readMs, double batchGetMs, double writeMs) {
        static Floor measure(DynamoDbClient dynamo, List<String> accounts, int items) throws Exception {
            List<Map<String, AttributeValue>> keys = new ArrayList<>();
            for (int i = 0; i < items; i++) {
                keys.add(Map.of("accountId", av(accounts.get(i % accounts.size())), "orderId", av("o-n" + i)));
            }
            int partitions = PARALLELISM;
            long t0 = System.nanoTime();
            parallel(items, from -> {
                List<TransactWriteItem> puts = new ArrayList<>();
                for (int i = from; i < Math.min(items, from + 100); i++) {
                    Map<String, AttributeValue> item = new HashMap<>();
                    item.put("pk", av("floor#" + (from / 100) % partitions));
                    item.put("sk", av(String.format("%08d", i)));
                    item.put("version", AttributeValue.fromN("1"));
                    puts.add(TransactWriteItem.builder().put(b -> b
                            .tableName("KpiTable").item(item).conditionExpression("attribute_not_exists(pk)")).build());
                }
                dynamo.transactWriteItems(b -> b.transactItems(puts));
            });
            long t1 = System.nanoTime();
            parallel(partitions * 100, from -> {
                Map<String, AttributeValue> start = null;
                do {
                    var page = dynamo.query(software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                            .tableName("KpiTable").keyConditionExpression("pk = :p").consistentRead(true)
                            .expressionAttributeValues(Map.of(":p", av("floor#" + from / 100))).limit(100)
                            .exclusiveStartKey(start).build());
                    start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
                } while (start != null);
            });
            long t2 = System.nanoTime();
            parallel(items, from -> dynamo.batchGetItem(b -> b.requestItems(Map.of("OrdersTable",
                    KeysAndAttributes.builder()
                            .keys(keys.subList(from, Math.min(items, from + 100))).consistentRead(true).build()))));
            long t3 = System.nanoTime();
            return new Floor((t2 - t1) / 1e6 / items, (t3 - t2) / 1e6 / items, (t1 - t0) / 1e6 / items);
        }

        private static AttributeValue av(String s) {
            return AttributeValue.fromS(s);
        }

        private static void parallel(int items, IntConsumer chunk) throws Exception {
            ExecutorService pool = Executors.newFixedThreadPool(PARALLELISM);
            List<Future<?>> fs = new ArrayList<>();
            for (int from = 0; from < items; from += 100) {
                int f = from;
                fs.add(pool.submit(() -> chunk.accept(f)));
            }
            for (Future<?> f : fs) {
                f.get();
            }
            pool.shutdown();
        }
    }

    /** The same roll-up over the same orders with the in-memory store: the CPU our own code spends, storage aside. */
    record OwnWork(double cpuSeconds) {
        static OwnWork measure(KpiWorld world, List<String> accounts, int count) {
            InMemoryKpiStore memory = new InMemoryKpiStore();
            Map<String, ZoneId> zones = new HashMap<>();
            for (int i = 0; i < count; i++) {
                String account = accounts.get(i % accounts.size());
                ZoneId zone = zones.computeIfAbsent(account,
                        a -> world.accounts.find(a).map(Account::timeZone).orElseThrow());
                Parcel p = Parcel.of(zone, "m" + i, TODAY, i);
                memory.facts.put(account + "|" + p.orderId(), p.facts(account));
                memory.markOrder(account, p.orderId(), p.waybill());
            }
            ThreadMXBean mx = ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            KpiRollup.Report r = new KpiRollup(memory, world.accounts, KpiRules.defaults(),
                    Clock.systemUTC(), Duration.ofMinutes(10), 500, null, 1).run();
            long cpu = mx.getCurrentThreadCpuTime() - cpu0;
            assertEquals(count, r.orders(), "the in-memory run recomputed every order");
            return new OwnWork(cpu / 1e9);
        }
    }

    /** Sums the client-side time of each DynamoDB operation (request to response), to say where a run's time goes. */
    static final class OperationTimer implements ExecutionInterceptor {
        private static final ExecutionAttribute<Long> START =
                new ExecutionAttribute<>("benchStart");
        final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
        final Map<String, LongAdder> calls = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context,
                ExecutionAttributes attributes) {
            attributes.putAttribute(START, System.nanoTime());
        }

        @Override
        public void afterExecution(Context.AfterExecution context,
                ExecutionAttributes attributes) {
            done(attributes);
        }

        @Override
        public void onExecutionFailure(Context.FailedExecution context,
                ExecutionAttributes attributes) {
            done(attributes);
        }

        private void done(ExecutionAttributes attributes) {
            Long start = attributes.getAttribute(START);
            String op = attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME);
            if (start != null && op != null) {
                nanos.computeIfAbsent(op, o -> new LongAdder()).add(System.nanoTime() - start);
                calls.computeIfAbsent(op, o -> new LongAdder()).increment();
            }
        }

        void reset() {
            nanos.clear();
            calls.clear();
        }

        String summary() {
            StringBuilder b = new StringBuilder();
            new TreeMap<>(nanos).forEach((op, n) -> b.append(String.format("%n      %-18s %,7d calls %8.1f s %7.1f ms/call",
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
