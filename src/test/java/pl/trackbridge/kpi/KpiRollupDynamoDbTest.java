package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The roll-up against DynamoDB Local, fed by the real stores' writes (and the inputs they copy to the orders' KPI items). */
class KpiRollupDynamoDbTest {
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static KpiWorld world;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        world = new KpiWorld(dynamo);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    static Instant t(String iso) {
        return Instant.parse(iso);
    }

    static Tally cell(String account, String day, Kpi kpi) {
        Tally t = world.kpiStore.cells(account, LocalDate.parse(day), LocalDate.parse(day))
                .get(new Cells.Key(LocalDate.parse(day), kpi, Cells.TOTAL));
        return t == null ? new Tally() : t;
    }

    static String frac(String account, String day, Kpi kpi) {
        Tally t = cell(account, day, kpi);
        return t.num() + "/" + t.den();
    }

    /** Runs until no changed order is left (other tests' accounts share the table). */
    static void drain() {
        while (world.rollup().run().orders() > 0) {
            // next pass
        }
    }

    /**
     * Every DynamoDB action the roll-up really needs is granted to it by template.yaml (a Put in a transaction needs
     * dynamodb:PutItem, an index Query the index's ARN), and it needs every action granted: least privilege, held
     * against the calls rather than against a list written twice.
     */
    @Test
    void theRollUpNeedsExactlyWhatItsPolicyGrants() {
        drain(); // other tests' leftovers are not this run's
        String a = "policy";
        registeredOrder(a);
        world.event(a, "W1", "c1", TrackingStatus.COLLECTED, t("2026-11-17T15:00:00Z"));
        // scanned before it was registered: the roll-up reads that shipment itself
        world.event(a, "W2", "c2", TrackingStatus.COLLECTED, t("2026-11-17T16:00:00Z"));
        world.order(a, "o2", t("2026-11-16T10:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-19T22:59:59Z"), null);
        world.register(a, "o2", "W2", "DPD", t("2026-11-17T09:00:00Z"), null);
        // an account whose transaction is refused: its orders are handed to the next run (marked again)
        world.account("policy-refused", "Europe/Warsaw");
        world.order("policy-refused", "o1", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), null, null);
        pl.trackbridge.testsupport.IamActionRecorder recorder = new pl.trackbridge.testsupport.IamActionRecorder();
        RefusedTransactions refused = new RefusedTransactions("cells#policy-refused");
        try (DynamoDbClient recorded = aws.dynamoClient(recorder, refused)) {
            KpiRollup rollup = world.rollupThrough(recorded);
            KpiRollup.Report first = rollup.run();
            assertEquals(List.of("policy-refused"), first.failedAccounts());
            assertEquals(2, first.written(), "both orders applied, their cells created");
            world.event(a, "W1", "d1", TrackingStatus.DELIVERED, t("2026-11-19T12:00:00Z"));
            assertEquals(1, rollup.run().written(), "the delivery applied to the cells that exist");
        }
        assertEquals("1/2", frac(a, "2026-11-19", Kpi.DELIVERED_ON_TIME), "o1 delivered on time, o2 not delivered");
        assertTrue(recorder.needed.containsAll(List.of("dynamodb:PutItem on KpiTable.Arn",
                "dynamodb:ConditionCheckItem on KpiTable.Arn")), "the calls were recorded, the hand-over too: " + recorder.needed);
        pl.trackbridge.testsupport.TemplatePolicies policies = new pl.trackbridge.testsupport.TemplatePolicies();
        assertEquals(java.util.Set.of(), policies.notAllowed("KpiRollupFunction", recorder.needed),
                "needed by the roll-up but not granted; it needed " + recorder.needed);
        assertEquals(policies.dynamoDbResourcesOf("KpiRollupFunction"), recorder.resources(),
                "tables and indexes granted to the roll-up against those it used");
        java.util.Set<String> granted = new java.util.TreeSet<>();
        for (String resource : recorder.resources()) {
            policies.actionsOn("KpiRollupFunction", resource).forEach(x -> granted.add(x + " on " + resource));
        }
        assertEquals(granted, recorder.needed, "granted on these resources but never needed");
    }

    /**
     * The KPI reads of the other functions, held against their policies: {@code GET /accounts/{id}/kpis} (the HTTP
     * function: cells and Allegro's sale-quality score) and the KPI alerts' rolling values (threshold-alerts).
     */
    @Test
    void theKpiReadersNeedOnlyWhatTheirFunctionsGrant() {
        String a = "readers";
        world.account(a, "Europe/Warsaw");
        world.order(a, "o1", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-19T22:59:59Z"), null);
        drain();
        pl.trackbridge.testsupport.TemplatePolicies policies = new pl.trackbridge.testsupport.TemplatePolicies();
        for (String function : List.of("ShipmentApiFunction", "ThresholdAlertsFunction")) {
            pl.trackbridge.testsupport.IamActionRecorder recorder = new pl.trackbridge.testsupport.IamActionRecorder();
            try (DynamoDbClient recorded = aws.dynamoClient(recorder)) {
                KpiQuery query = new KpiQuery(new pl.trackbridge.store.dynamodb.DynamoDbKpiStore(recorded, "KpiTable",
                        "ShipmentsTable", new pl.trackbridge.store.dynamodb.KpiIo()),
                        new pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore(recorded, "JobStateTable"));
                if (function.equals("ShipmentApiFunction")) {
                    assertTrue(query.report(a, "Europe/Warsaw", LocalDate.parse("2026-11-10"), LocalDate.parse("2026-11-20"))
                            .toString().contains("DISPATCH_ON_TIME"));
                } else {
                    assertEquals(0, query.rolling(a, LocalDate.parse("2026-11-20")).get(Kpi.DISPATCH_ON_TIME).num30());
                }
            }
            assertTrue(recorder.needed.contains("dynamodb:Query on KpiTable.Arn"), function + ": " + recorder.needed);
            assertEquals(java.util.Set.of(), policies.notAllowed(function, recorder.needed),
                    function + " needs these but template.yaml does not grant them; it needed " + recorder.needed);
        }
    }

    /** A Warsaw account with order o1, due 2026-11-17, and waybill W1 registered for it that morning. */
    static void registeredOrder(String a) {
        world.account(a, "Europe/Warsaw");
        world.order(a, "o1", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-19T22:59:59Z"), null);
        world.register(a, "o1", "W1", "DPD", t("2026-11-17T08:00:00Z"), null);
    }

    /** The order's update exactly as the roll-up builds it from what it read. */
    static KpiStore.Update updateOf(KpiStore.Dirty d) {
        OrderKpis after = KpiRules.defaults().contributions(d.facts(), java.time.ZoneId.of("Europe/Warsaw"));
        return new KpiStore.Update(d.orderId(), d.applied().version(), d.nonce(), after,
                Cells.delta(d.applied().kpis(), after), d.item());
    }

    static KpiStore.Dirty readDirty(String account, String orderId) {
        return world.kpiStore.dirty(pl.trackbridge.store.dynamodb.KpiMarks.shard(account), null, 500).orders().stream()
                .filter(d -> d.accountId().equals(account) && d.orderId().equals(orderId)).findFirst().orElseThrow();
    }

    /**
     * What the roll-up applies, on DynamoDB itself and without relying on two runs overlapping: a state read before a
     * writer's change must never be applied over the newer state another run applied meanwhile, and the same update
     * must never apply twice.
     */
    @Test
    void anOlderStateIsNeverAppliedOverANewerOneAndAnUpdateAppliesOnlyOnce() {
        drain(); // other tests' leftovers are not this test's
        String a = "between";
        registeredOrder(a);
        KpiStore.Update stale = updateOf(readDirty(a, "o1"));
        world.event(a, "W1", "c1", TrackingStatus.COLLECTED, t("2026-11-17T15:00:00Z")); // written in between
        drain();
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME), "the run applied the scan");

        assertEquals(java.util.Set.of("o1"), world.kpiStore.apply(a, List.of(stale)), "a newer state is applied");
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME), "the state read before the scan was not applied");

        world.event(a, "W1", "d1", TrackingStatus.DELIVERED, t("2026-11-19T12:00:00Z"));
        KpiStore.Update once = updateOf(readDirty(a, "o1"));
        assertEquals(java.util.Set.of("o1"), world.kpiStore.apply(a, List.of(once)));
        assertEquals(java.util.Set.of("o1"), world.kpiStore.apply(a, List.of(once)), "the same update a second time");
        assertEquals("1/1", frac(a, "2026-11-19", Kpi.DELIVERED_ON_TIME), "the delivery counted once");
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME), "and the dispatch still once");
        assertEquals(0, world.rollup().run().orders(), "applied: the next run has nothing of it to do");
    }

    /**
     * Writers keep writing while roll-ups close change sets under them (a writer holding a closed set's number has
     * its transaction cancelled and marks the order in the new set): no change is lost. The same orders written with
     * no roll-up running end with the same cells.
     */
    @Test
    void changesWrittenWhileRollupsRunAreNeverLost() throws Exception {
        String racing = "racing", quiet = "quiet";
        world.account(racing, "Europe/Warsaw");
        world.account(quiet, "Europe/Warsaw");
        java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger started = new java.util.concurrent.atomic.AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Future<Integer> rollups = pool.submit(() -> {
            int runs = 0;
            while (writing.get()) {
                started.incrementAndGet();
                world.rollup().run();
                runs++;
            }
            return runs;
        });
        List<Future<?>> writers = new ArrayList<>();
        for (int half = 0; half < 2; half++) {
            int from = half * 20;
            writers.add(pool.submit(() -> {
                for (int i = from; i < from + 20; i++) {
                    writeOrder(racing, i);
                    if (i % 5 == 4) { // let another run start before the next five: writes and runs interleave
                        int seen = started.get();
                        long until = System.currentTimeMillis() + 30_000;
                        while (started.get() == seen && System.currentTimeMillis() < until) {
                            Thread.sleep(5);
                        }
                    }
                }
                return null;
            }));
        }
        for (Future<?> w : writers) {
            w.get();
        }
        writing.set(false);
        int runs = rollups.get();
        pool.shutdown();
        for (int i = 0; i < 40; i++) {
            writeOrder(quiet, i);
        }
        drain();
        assertTrue(runs >= 2, "roll-ups ran while the orders were written: " + runs);
        LocalDate from = LocalDate.parse("2026-11-01"), to = LocalDate.parse("2026-11-30");
        Cells expected = world.kpiStore.cells(quiet, from, to);
        assertEquals("26/40", tally(expected, "2026-11-11", Kpi.DISPATCH_ON_TIME, Cells.TOTAL));
        assertEquals(expected, world.kpiStore.cells(racing, from, to));
    }

    /** An order, its registration, its collection (every third one late) and every fifth one's delivery. */
    private static void writeOrder(String a, int i) {
        String o = "o" + i;
        world.order(a, o, t("2026-11-10T09:00:00Z"), t("2026-11-11T22:59:59Z"), t("2026-11-14T22:59:59Z"), null);
        world.register(a, o, "W" + i, i % 2 == 0 ? "DPD" : "INPOST", t("2026-11-11T08:00:00Z"), null);
        world.event(a, "W" + i, "c", TrackingStatus.COLLECTED, i % 3 == 0 ? t("2026-11-12T08:00:00Z") : t("2026-11-11T12:00:00Z"));
        if (i % 5 == 0) {
            world.event(a, "W" + i, "d", TrackingStatus.DELIVERED, t("2026-11-13T12:00:00Z"));
        }
    }

    /**
     * An account whose transaction DynamoDB refuses (injected at the SDK boundary: DynamoDB Local refuses nothing)
     * is reported and its orders are handed to the next run, in the open change set; the set it was read from is
     * still completed, so the other accounts of its shard are not read again and the shard does not fall behind.
     */
    @Test
    void anAccountThatFailsHoldsUpNeitherItsShardNorItsOwnOrders() {
        drain(); // other tests' leftovers are not this test's
        String flaky = "flaky", steady = null;
        for (int i = 0; steady == null; i++) {
            if (pl.trackbridge.store.dynamodb.KpiMarks.shard("steady-" + i) == pl.trackbridge.store.dynamodb.KpiMarks.shard(flaky)) {
                steady = "steady-" + i;
            }
        }
        for (String a : List.of(flaky, steady)) {
            world.account(a, "Europe/Warsaw");
            // due on the 17th, never handed over: late, not missing
            world.order(a, "o1", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-19T22:59:59Z"), null);
        }
        RefusedTransactions refused = new RefusedTransactions("cells#" + flaky);
        try (DynamoDbClient client = aws.dynamoClient(refused)) {
            KpiRollup.Report r = world.rollupThrough(client).run();
            assertEquals(List.of(flaky), r.failedAccounts());
            assertEquals(2, r.orders());
            assertEquals(1, r.written(), "the other account of the shard was applied");
            assertTrue(refused.refusals > 0);
        }
        assertEquals("0/1", frac(steady, "2026-11-17", Kpi.DISPATCH_ON_TIME));
        assertEquals("0/0", frac(flaky, "2026-11-17", Kpi.DISPATCH_ON_TIME), "nothing of the failed account applied");

        KpiRollup.Report next = world.rollup().run();
        assertEquals(1, next.orders(), "only the failed account's order: the set it was read from was completed");
        assertEquals(List.of(), next.failedAccounts());
        assertEquals("0/1", frac(flaky, "2026-11-17", Kpi.DISPATCH_ON_TIME), "applied by the next run");
        assertEquals("0/1", frac(steady, "2026-11-17", Kpi.DISPATCH_ON_TIME), "and the other account's once");
        assertEquals(0, world.rollup().run().orders());
    }

    /** Refuses every TransactWriteItems that puts an item with this key: a fault DynamoDB Local cannot produce. */
    static final class RefusedTransactions implements software.amazon.awssdk.core.interceptor.ExecutionInterceptor {
        final String pk;
        volatile int refusals;

        RefusedTransactions(String pk) {
            this.pk = pk;
        }

        @Override
        public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution context,
                software.amazon.awssdk.core.interceptor.ExecutionAttributes attributes) {
            if (context.request() instanceof software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest t
                    && t.transactItems().stream().anyMatch(i -> i.put() != null && i.put().item().containsKey("pk")
                            && pk.equals(i.put().item().get("pk").s()))) {
                refusals++;
                throw software.amazon.awssdk.core.exception.SdkClientException.create("injected: transaction refused");
            }
        }
    }

    @Test
    void aDeliveryArrivingFourDaysLateChangesTheOldDayAndOnlyThatOrderIsRecomputed() {
        String a = "late-delivery";
        registeredOrder(a);
        world.outcome(a, "o1", "W1", t("2026-11-17T08:00:05Z"), null);
        world.event(a, "W1", "c1", TrackingStatus.COLLECTED, t("2026-11-17T15:00:00Z"));
        drain();
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME));
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.TRACKING_UPLOAD));
        assertEquals("0/1", frac(a, "2026-11-19", Kpi.DELIVERED_ON_TIME));

        // four days later the carrier reports the delivery of the 19th
        world.event(a, "W1", "d1", TrackingStatus.DELIVERED, t("2026-11-19T12:00:00Z"));
        KpiRollup.Report r = world.rollup().run();
        assertEquals(1, r.orders());
        assertEquals(1, r.written());
        assertEquals(2, r.cellsTouched()); // DELIVERED_ON_TIME of the 19th: the total and DPD
        assertEquals("1/1", frac(a, "2026-11-19", Kpi.DELIVERED_ON_TIME));
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME));
        assertEquals(0, world.rollup().run().orders(), "nothing left to do");
    }

    @Test
    void aBuyerCancellationBeforeTheDeadlineTakesEverythingOutAndOneAfterItChangesNothing() {
        String a = "cancel";
        world.account(a, "Europe/Warsaw");
        for (String o : List.of("before", "after")) {
            world.order(a, o, t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-20T22:59:59Z"), null);
            world.register(a, o, "W-" + o, "INPOST", t("2026-11-16T10:00:00Z"), t("2026-11-16T10:00:00Z"));
            world.outcome(a, o, "W-" + o, t("2026-11-16T10:00:01Z"), t("2026-11-16T10:00:02Z"));
        }
        drain();
        assertEquals("2/2", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME));
        assertEquals("4/4", frac(a, "2026-11-16", Kpi.TRACKING_TIMELINESS));
        assertEquals("0/2", frac(a, "2026-11-16", Kpi.SELLER_CANCELLATION));

        world.order(a, "before", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-20T22:59:59Z"),
                new Order.Cancellation(Order.Cancellation.BUYER, t("2026-11-17T22:59:58Z")));
        world.order(a, "after", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), t("2026-11-20T22:59:59Z"),
                new Order.Cancellation(Order.Cancellation.BUYER, t("2026-11-17T22:59:59Z")));
        drain();
        assertEquals("1/1", frac(a, "2026-11-17", Kpi.DISPATCH_ON_TIME));
        assertEquals("2/2", frac(a, "2026-11-16", Kpi.TRACKING_TIMELINESS));
        assertEquals("1/1", frac(a, "2026-11-16", Kpi.TRACKING_UPLOAD));
        assertEquals("0/1", frac(a, "2026-11-20", Kpi.DELIVERED_ON_TIME));
        Tally t = cell(a, "2026-11-16", Kpi.TRACKING_TIMELINESS);
        assertEquals(Map.of(1000L, 1L, 2000L, 1L), t.latencies(), "the removed order's latencies left the multiset");
    }

    @Test
    void concurrentRollupsApplyEveryDeltaExactlyOnce() throws Exception {
        String together = "concurrent", alone = "sequential";
        for (String a : List.of(together, alone)) {
            world.account(a, "Europe/Warsaw");
            for (int i = 0; i < 60; i++) {
                String o = "o" + i;
                world.order(a, o, t("2026-11-10T09:00:00Z"), t("2026-11-11T22:59:59Z"), null, null);
                world.register(a, o, "W" + i, i % 2 == 0 ? "DPD" : "INPOST", t("2026-11-11T08:00:00Z"), null);
                // every third order handed over late
                world.event(a, "W" + i, "c", TrackingStatus.COLLECTED,
                        i % 3 == 0 ? t("2026-11-12T08:00:00Z") : t("2026-11-11T12:00:00Z"));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(3);
        List<Future<KpiRollup.Report>> runs = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            runs.add(pool.submit(() -> world.rollup().run()));
        }
        for (Future<KpiRollup.Report> f : runs) {
            f.get();
        }
        pool.shutdown();
        drain();
        assertEquals("40/60", frac(together, "2026-11-11", Kpi.DISPATCH_ON_TIME));
        LocalDate from = LocalDate.parse("2026-11-01"), to = LocalDate.parse("2026-11-30");
        Cells a = world.kpiStore.cells(together, from, to), b = world.kpiStore.cells(alone, from, to);
        assertEquals(b, a);
        assertEquals("20/30", tally(a, "2026-11-11", Kpi.DISPATCH_ON_TIME, "DPD"));
    }

    static String tally(Cells c, String day, Kpi kpi, String carrier) {
        Tally t = c.get(new Cells.Key(LocalDate.parse(day), kpi, carrier));
        return t.num() + "/" + t.den();
    }

    @Test
    void emitsEmbeddedMetricFormatPerAccountAndKpi() throws Exception {
        String a = "emf";
        world.account(a, "Europe/Warsaw");
        world.order(a, "o", t("2026-11-16T09:00:00Z"), t("2026-11-17T22:59:59Z"), null, null);
        synchronized (world.emf) {
            world.emf.clear();
        }
        drain();
        JsonNode line = null;
        synchronized (world.emf) {
            for (String l : world.emf) {
                JsonNode n = new ObjectMapper().readTree(l);
                if (a.equals(n.path("account").asText()) && "DISPATCH_ON_TIME".equals(n.path("kpi").asText())) {
                    line = n;
                }
            }
        }
        assertTrue(line != null, "an EMF line for the account's DISPATCH_ON_TIME");
        JsonNode directive = line.path("_aws").path("CloudWatchMetrics").get(0);
        assertEquals("TrackBridge", directive.path("Namespace").asText());
        assertEquals("[[\"account\",\"kpi\"]]", directive.path("Dimensions").toString());
        assertEquals(0, line.path("Numerator").asLong());
        assertEquals(1, line.path("Denominator").asLong());
        assertEquals(0.0, line.path("RatePercent").asDouble());
        assertEquals("2026-11-17", line.path("day").asText());
        assertTrue(line.path("_aws").path("Timestamp").asLong() > 0);
    }

    @Test
    void rollingValuesAreSumsOfNumeratorsOverSumsOfDenominators() {
        String a = "rolling";
        world.account(a, "Europe/Warsaw");
        // day 1: 1 of 1 on time; day 2: 0 of 3; day 40 days earlier: outside both windows
        world.order(a, "x", null, t("2026-11-10T12:00:00Z"), null, null);
        world.register(a, "x", "WX", "DPD", t("2026-11-10T08:00:00Z"), t("2026-11-10T09:00:00Z"));
        for (int i = 0; i < 3; i++) {
            world.order(a, "y" + i, null, t("2026-11-14T12:00:00Z"), null, null);
        }
        world.order(a, "old", null, t("2026-10-01T12:00:00Z"), null, null);
        drain();
        KpiQuery.Rolling r = world.query().rolling(a, LocalDate.parse("2026-11-14")).get(Kpi.DISPATCH_ON_TIME);
        assertEquals(1, r.num7());
        assertEquals(4, r.den7());
        assertEquals(0.25, r.rate7());
        assertEquals(4, r.den30());
        assertEquals(7, r.daily7().size());
        assertEquals(1.0, r.daily7().get(2)); // the 10th
        assertEquals(0.0, r.daily7().get(6)); // the 14th
        assertEquals(null, r.daily7().get(0)); // the 8th: 0/0
    }
}
