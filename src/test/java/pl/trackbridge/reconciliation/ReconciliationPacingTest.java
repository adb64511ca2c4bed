package pl.trackbridge.reconciliation;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroClient;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimitedException;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.ManualClock;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;
import pl.trackbridge.testsupport.LocalAwsResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * One reconciliation run over 120 orders, every one needing a shipments read on Allegro and half of them a repair
 * POST (180 calls on the 50-a-second shipments budget), while another instance (the forwarders elsewhere) takes 42
 * of every second's 50 permits from the same shared limiter: the run waits for each next window instead of recording
 * RATE_LIMITED, reconciles every order, Allegro (the stand-in, every request and answer checked against its OpenAPI)
 * never sees more than 50 shipments calls in one second, and no window of the shared limiter granted more than 50.
 * The other instance makes the budget bind whatever this machine's speed (alone, this run reaches ~20 calls a
 * second here). Its own application and stores, so its orders stay out of other tests' reconciliation window.
 */
@QuarkusTest
@TestProfile(ReconciliationPacingTest.OwnStores.class)
public class ReconciliationPacingTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final int ORDERS = 120;
    /** What the other instance takes of each second's 50 shipments permits. */
    static final int OTHERS_PER_SECOND = 42;

    public static class OwnStores extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            // Allegro's block is a minute; 2 s here so the test can see the next run resume
            return Map.of("trackbridge.jobs.order-sync.page-size", "100", "trackbridge.allegro.block-after-429", "2s");
        }
    }

    @Test
    void aRunOver120OrdersWaitsForEachWindowAndReconcilesThemAll() {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        ConnectedSeller connected = ConnectedSeller.create(allegro, "pace");
        String account = connected.account();
        Instant now = Instant.now();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < ORDERS; i++) {
            orders.add(allegro.addOrder(connected.seller(), OrderSpec.readyForProcessing()
                    .dispatch(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1)).plusSeconds(i))));
        }
        int stored = 0;
        for (int run = 0, last = -1; run < 5 && last != 0; run++) { // until a run finds nothing new
            last = given().post("/jobs/order-sync").then().statusCode(200).extract().jsonPath()
                    .getInt("accounts.find { it.accountId == '" + account + "' }.ordersStored");
            stored += last;
        }
        assertTrue(stored >= ORDERS, "all orders synced before reconciling: " + stored);

        // even orders: our registration never reached Allegro (a repair POST); odd: a waybill added on Allegro by hand
        int base = 100000 + ThreadLocalRandom.current().nextInt(700000);
        Map<String, String> waybillOf = new TreeMap<>();
        try (DynamoDbClient dynamo = dynamo()) {
            DynamoDbRegistrationStore registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable");
            for (int i = 0; i < ORDERS; i++) {
                String order = orders.get(i);
                String waybill = "1000000" + (base + i) + "U";
                waybillOf.put(order, waybill);
                if (i % 2 == 0) {
                    registrations.createIfAbsent(new Registration(account, order, waybill, "DPD", null, List.of(), null,
                            null, now.minus(Duration.ofDays(1)), null, false));
                } else {
                    allegro.addForeignShipment(order, "DPD", waybill);
                }
            }
        }
        AllegroContract.get().validateJournal(allegro.wireMock());
        allegro.wireMock().resetRequests(); // from here on the journal holds only the reconciliation's calls

        Map<Long, Integer> others = new ConcurrentSkipListMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread otherInstance = new Thread(() -> takeMostOfEachSecond(others, stop), "other-instance");
        long started = System.nanoTime();
        String body;
        otherInstance.start();
        try {
            body = given().post("/jobs/reconciliation").then().statusCode(200).extract().asString();
        } finally {
            stop.set(true);
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(join(otherInstance), "the other instance stopped");
        JsonPath run = new JsonPath(body);
        String mine = "accounts.find { it.accountId == '" + account + "' }";
        assertFalse(body.contains("RATE_LIMITED"), body);
        assertEquals(List.of(), run.getList(mine + ".errors"), body);
        assertEquals(ORDERS, run.getInt(mine + ".ordersChecked"), body);
        assertEquals(ORDERS / 2, run.getInt(mine + ".repairedCount"), body);
        assertEquals(ORDERS / 2, run.getInt(mine + ".adoptedCount"), body);
        assertEquals(0, run.getInt(mine + ".stillMissing"), body);
        for (String order : orders) {
            assertEquals(List.of(waybillOf.get(order)), allegro.waybillsOf(order), "each order has its one waybill");
        }

        // what Allegro saw: the shipments calls of each second (the limiter's windows are whole seconds)
        List<ServeEvent> shipments = allegro.wireMock().getAllServeEvents().stream()
                .filter(e -> RateLimiter.SHIPMENTS.equals(AllegroClient.bucketFor(
                        e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl())))
                .toList();
        Map<Long, Integer> perSecond = new TreeMap<>();
        shipments.forEach(e -> perSecond.merge(e.getRequest().getLoggedDate().getTime() / 1000, 1, Integer::sum));
        long posts = shipments.stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")).count();
        int waits = run.getInt("rateLimitWaits");
        Map<Long, Long> windows = shipmentsWindows(others.keySet(), perSecond.keySet());
        System.out.printf("reconciliation pacing: %d orders, %d shipments calls (%d POST) in %d ms; at Allegro per second %s;"
                + " the other instance's permits per second %s; shared limiter windows (both) %s; waited %d times, %d ms%n",
                ORDERS, shipments.size(), posts, millis, perSecond.values(), others.values(), windows.values(), waits,
                run.getLong("rateLimitWaitedMillis"));
        assertTrue(waits > 0, "with 8 permits a second left, the run had to wait for next windows");
        assertTrue(windows.values().stream().allMatch(used -> used <= 50), "no window granted over 50: " + windows);
        List<ServeEvent> ours = shipments.stream().filter(e -> orders.stream()
                .anyMatch(o -> e.getRequest().getUrl().startsWith("/order/checkout-forms/" + o + "/"))).toList();
        assertEquals(ORDERS + ORDERS / 2, ours.size(), "one read per order, one POST per repaired order");
        assertEquals(ORDERS / 2, posts);
        int busiest = perSecond.values().stream().mapToInt(Integer::intValue).max().orElse(0);
        assertTrue(busiest <= 50, "at most 50 shipments calls in any one second: " + perSecond);
        AllegroContract.get().validateJournal(allegro.wireMock());
    }

    @Test
    void allegros429StopsTheRunAndTheNextRunResumes() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        allegro.setBlockDuration(Duration.ofSeconds(2));
        try {
            ConnectedSeller connected = ConnectedSeller.create(allegro, "block");
            String account = connected.account();
            Instant now = Instant.now();
            for (int i = 0; i < 10; i++) {
                allegro.addOrder(connected.seller(), OrderSpec.readyForProcessing()
                        .dispatch(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
            }
            given().post("/jobs/order-sync").then().statusCode(200);
            allegro.wireMock().resetRequests();
            allegro.failNext(1, Fault.HTTP_429, "/order/checkout-forms/"); // the run's first shipments read

            JsonPath first = given().post("/jobs/reconciliation").then().statusCode(200).extract().jsonPath();
            String body = first.prettify();
            assertEquals(1, shipmentsCalls(allegro), "after Allegro's 429 not a single further call: " + body);
            List<List<String>> errors = first.getList("accounts.errors");
            assertEquals(1, errors.stream().filter(e -> e.size() == 1 && e.get(0).startsWith("stopped at")
                    && e.get(0).contains("429")).count(), "the account it stopped in says so: " + body);
            // accounts before it had no orders to read; every account after it waits for the next run
            assertTrue(errors.stream().allMatch(e -> e.isEmpty() || e.size() == 1 && (e.get(0).startsWith("stopped at")
                    || e.get(0).startsWith("not reached: rate limited"))), body);
            AllegroContract.get().validateJournal(allegro.wireMock());

            Thread.sleep(2_500); // the block (2 s in this profile) passes
            allegro.wireMock().resetRequests();
            JsonPath next = given().post("/jobs/reconciliation").then().statusCode(200).extract().jsonPath();
            String mine = "accounts.find { it.accountId == '" + account + "' }";
            assertEquals(List.of(), next.getList(mine + ".errors"), next.prettify());
            assertEquals(10, next.getInt(mine + ".ordersChecked"), next.prettify());
            assertEquals(10, next.getInt(mine + ".stillMissing"), "no waybill on any of them: reported, not lost");
            AllegroContract.get().validateJournal(allegro.wireMock());
        } finally {
            allegro.setBlockDuration(Duration.ofMinutes(1));
        }
    }

    private static long shipmentsCalls(AllegroStandIn allegro) {
        return allegro.wireMock().getAllServeEvents().stream().filter(e -> RateLimiter.SHIPMENTS.equals(
                AllegroClient.bucketFor(e.getRequest().getMethod().getName() + " " + e.getRequest().getUrl()))).count();
    }

    /**
     * Another instance on the same client id: at the start of each second it takes {@link #OTHERS_PER_SECOND}
     * shipments permits (fewer if the window is already full), recording each under the window it was granted in.
     */
    private static void takeMostOfEachSecond(Map<Long, Integer> taken, AtomicBoolean stop) {
        ManualClock clock = new ManualClock(Instant.now());
        try (DynamoDbClient dynamo = dynamo()) {
            DynamoDbRateLimiter other = new DynamoDbRateLimiter(dynamo, "JobStateTable", AllegroStandInResource.CLIENT_ID,
                    RateLimit.allegro(9000, 50), clock, Duration.ofSeconds(1));
            while (!stop.get()) {
                long second = System.currentTimeMillis() / 1000;
                for (int i = 0; i < OTHERS_PER_SECOND && !stop.get(); i++) {
                    clock.set(Instant.now());
                    long window = clock.millis() / 1000;
                    if (window != second) {
                        break; // this second is over: start on the next one
                    }
                    try {
                        other.acquire(RateLimiter.SHIPMENTS);
                        taken.merge(window, 1, Integer::sum);
                    } catch (RateLimitedException full) {
                        break; // the reconciliation got there first this second
                    }
                }
                long next = (second + 1) * 1000;
                Thread.sleep(Math.max(0, next - System.currentTimeMillis()));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static boolean join(Thread t) {
        try {
            t.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return !t.isAlive();
    }

    /** The shared limiter's own count of every shipments window of the run (both instances' permits). */
    private static Map<Long, Long> shipmentsWindows(Set<Long> a, Set<Long> b) {
        Set<Long> seconds = new TreeSet<>(a);
        seconds.addAll(b);
        Map<Long, Long> used = new TreeMap<>();
        try (DynamoDbClient dynamo = dynamo()) {
            for (long second : seconds) {
                Map<String, AttributeValue> item = dynamo.getItem(g -> g.tableName("JobStateTable").consistentRead(true)
                        .key(Map.of("pk", AttributeValue.fromS("ratelimit#" + AllegroStandInResource.CLIENT_ID + "#"
                                + RateLimiter.SHIPMENTS), "sk", AttributeValue.fromS(Instant.ofEpochSecond(second).toString()))))
                        .item();
                used.put(second, item == null || !item.containsKey("used") ? 0 : Long.parseLong(item.get("used").n()));
            }
        }
        return used;
    }

    private static DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }
}
