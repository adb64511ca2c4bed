package pl.trackbridge.order;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * order-sync end to end in the running application: an account connected with a refresh token issued by
 * the Allegro stand-in, orders created there, {@code POST /jobs/order-sync}, orders read back from DynamoDB.
 * Every request the client sent and every response the stand-in returned is checked against Allegro's
 * OpenAPI after each test.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class OrderSyncStandInTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    AllegroStandIn allegro;
    String account;
    String seller;
    DynamoDbClient dynamo;
    DynamoDbOrderStore orders;

    @BeforeEach
    void connectAnAccount() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        allegro.wireMock().resetRequests();
        account = "sync-" + UUID.randomUUID().toString().substring(0, 8);
        seller = "seller-" + account;
        String refreshToken = allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, seller);
        given().contentType("application/json").body("{\"allegroRefreshToken\":\"" + refreshToken + "\"}")
                .put("/accounts/" + account).then().statusCode(201);
        given().get("/accounts/" + account).then().statusCode(200)
                .body("allegro", org.hamcrest.Matchers.equalTo("CONNECTED"))
                .body(org.hamcrest.Matchers.not(org.hamcrest.Matchers.containsString(refreshToken)));
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        orders = new DynamoDbOrderStore(dynamo, "OrdersTable");
    }

    @AfterEach
    void everyAllegroCallHonouredTheContract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
        allegro.clearFaults();
        dynamo.close();
    }

    private JsonPath runSync() {
        JsonPath all = given().post("/jobs/order-sync").then().statusCode(200).extract().jsonPath();
        List<Map<String, Object>> accounts = all.getList("accounts");
        Map<String, Object> mine = accounts.stream().filter(a -> account.equals(a.get("accountId"))).findFirst().orElseThrow();
        return new JsonPath(new com.fasterxml.jackson.databind.ObjectMapper().valueToTree(mine).toString());
    }

    @Test
    void ordersWithDeadlinesPromisesAndCancellationsAreStoredOnce() {
        Instant deadline = Instant.parse("2026-11-23T22:59:59Z");
        String smart = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(deadline.minusSeconds(86_400), deadline)
                .deliveryTime(Instant.parse("2026-11-24T08:00:00Z"), Instant.parse("2026-11-25T18:00:00Z")).smart(true));
        String plain = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(deadline.minusSeconds(86_400), deadline));
        String cancelled = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(deadline.minusSeconds(86_400), deadline));
        allegro.cancelOrder(cancelled, true);

        JsonPath first = runSync();
        assertNull(first.get("error"), () -> "error: " + first.get("error"));
        // an order whose events span two journal pages is stored once per page: at least 3 writes
        assertTrue(first.getInt("ordersStored") >= 3, "stored " + first.getInt("ordersStored"));

        Order o = orders.find(account, smart).orElseThrow();
        assertEquals(deadline, o.dispatchDeadline());
        assertEquals(Instant.parse("2026-11-25T18:00:00Z"), o.deliveryTo());
        assertTrue(o.smart());
        assertEquals(allegro.revisionOf(smart), o.revision());
        assertEquals(allegro.lineItemIdsOf(smart), o.lineItems().stream().map(Order.LineItem::id).toList());
        assertNotNull(orders.find(account, plain).orElseThrow().revision());
        Order c = orders.find(account, cancelled).orElseThrow();
        assertEquals(Order.Cancellation.BUYER, c.cancellation().by());
        assertNotNull(c.cancellation().at());

        JsonPath second = runSync();
        assertEquals(0, second.getInt("events"), "caught up: the same sync again reads nothing new");
        assertEquals(first.getString("cursor"), second.getString("cursor"));
    }

    @Test
    void aFailureMidRunStopsTheCursorAndTheNextRunCatchesUp() {
        Instant deadline = Instant.parse("2026-11-23T22:59:59Z");
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            ids.add(allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(deadline.minusSeconds(3600), deadline)));
        }
        allegro.failNext(1, Fault.HTTP_503, "/order/checkout-forms/" + ids.get(2));
        JsonPath failed = runSync();
        assertNotNull(failed.get("error"));
        assertTrue(orders.find(account, ids.get(1)).isPresent());
        assertTrue(orders.find(account, ids.get(3)).isEmpty(), "nothing after the failed order was skipped over");

        JsonPath next = runSync();
        assertNull(next.get("error"), () -> "error: " + next.get("error"));
        for (String id : ids) {
            assertTrue(orders.find(account, id).isPresent(), id);
        }
    }

    @Test
    void pagesDuplicatesAndOutOfOrderEventsEndWithEveryOrderOnce() {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 12; i++) {
            ids.add(allegro.addOrder(seller, OrderSpec.readyForProcessing()));
        }
        allegro.duplicateEvent(allegro.latestEventId());
        allegro.emitEvent(ids.get(0), "READY_FOR_PROCESSING", Instant.parse("2026-11-01T00:00:00Z")); // late, old occurredAt
        allegro.changeOrder(ids.get(5));
        JsonPath r = runSync();
        assertNull(r.get("error"), () -> "error: " + r.get("error"));
        assertTrue(r.getInt("pages") >= 3, "page size 5 in tests: " + r.getInt("pages"));
        for (String id : ids) {
            assertEquals(allegro.revisionOf(id), orders.find(account, id).orElseThrow().revision(), id);
        }
        assertEquals(allegro.latestEventId(), r.getString("cursor"));
    }

    @Test
    void allegrosOwnSalesQualityIsStoredPerDay() {
        Map<String, Object> accounts = given().post("/jobs/sale-quality").then().statusCode(200).extract().path("accounts");
        assertTrue(String.valueOf(accounts.get(account)).endsWith("days"), accounts.toString());
        var stored = new pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore(dynamo, "JobStateTable")
                .between(account, java.time.LocalDate.now().minusDays(40), java.time.LocalDate.now().plusDays(1));
        assertEquals(Integer.parseInt(String.valueOf(accounts.get(account)).split(" ")[0]), stored.size());
        assertTrue(stored.size() > 0);
        assertTrue(stored.get(0).maxScore() > 0 && stored.get(0).grade() != null && stored.get(0).metricsJson().startsWith("["));
        // a second run overwrites the same days: still one item per day
        given().post("/jobs/sale-quality").then().statusCode(200);
        assertEquals(stored.size(), new pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore(dynamo, "JobStateTable")
                .between(account, java.time.LocalDate.now().minusDays(40), java.time.LocalDate.now().plusDays(1)).size());
    }

    @Test
    void aRejectedRefreshTokenDisconnectsOnlyThatAccount() {
        String broken = "broken-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{\"allegroRefreshToken\":\"not-a-token-allegro-knows\"}")
                .put("/accounts/" + broken).then().statusCode(201);
        String orderId = allegro.addOrder(seller, OrderSpec.readyForProcessing());

        List<Map<String, Object>> reports = given().post("/jobs/order-sync").then().statusCode(200).extract().path("accounts");
        Map<String, Object> brokenReport = reports.stream().filter(a -> broken.equals(a.get("accountId"))).findFirst().orElseThrow();
        Map<String, Object> mine = reports.stream().filter(a -> account.equals(a.get("accountId"))).findFirst().orElseThrow();
        assertNotNull(brokenReport.get("error"));
        assertNull(mine.get("error"), () -> "error: " + mine.get("error"));
        assertTrue(orders.find(account, orderId).isPresent(), "the healthy account synced in the same run");
        given().get("/accounts/" + broken).then().body("allegro", org.hamcrest.Matchers.equalTo("DISCONNECTED"));
    }

    @Test
    void twoConcurrentSyncsStoreTheSameOrdersAsOne() throws Exception {
        List<String> ids = new java.util.ArrayList<>();
        for (int i = 0; i < 8; i++) {
            ids.add(allegro.addOrder(seller, OrderSpec.readyForProcessing()));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        List<java.util.concurrent.Future<JsonPath>> runs = pool.invokeAll(List.of(this::runSync, this::runSync));
        pool.shutdown();
        for (java.util.concurrent.Future<JsonPath> f : runs) {
            assertNull(f.get().get("error"), () -> "error");
        }
        for (String id : ids) {
            assertTrue(orders.find(account, id).isPresent(), id);
        }
        JsonPath after = runSync();
        assertEquals(0, after.getInt("events"));
        assertEquals(allegro.latestEventId(), after.getString("cursor"));
    }

    @Test
    void anAccessTokenAllegroNoLongerAcceptsIsRefreshedOnceAndTheCallRetried() {
        allegro.addOrder(seller, OrderSpec.readyForProcessing());
        assertNull(runSync().get("error"));
        int invalidGrantsBefore = allegro.invalidGrantCount();
        pl.trackbridge.allegro.auth.DynamoDbTokenStore tokens = new pl.trackbridge.allegro.auth.DynamoDbTokenStore(dynamo,
                "AllegroTokensTable");
        String tokenBefore = tokens.read(account).orElseThrow().accessToken();
        long versionBefore = tokens.read(account).orElseThrow().version();
        // Allegro's clock runs 13 h ahead: the access token we hold is expired there, not for us.
        allegro.setClock(Clock.offset(Clock.systemUTC(), Duration.ofHours(13)));
        allegro.addOrder(seller, OrderSpec.readyForProcessing());
        JsonPath r = runSync();
        assertNull(r.get("error"), () -> "error: " + r.get("error"));
        assertEquals(1, r.getInt("ordersStored"));
        // exactly one refresh of this account's pair (the refresh bumps the token item's version once)
        assertEquals(versionBefore + 1, tokens.read(account).orElseThrow().version());
        assertTrue(!tokenBefore.equals(tokens.read(account).orElseThrow().accessToken()));
        assertEquals(invalidGrantsBefore, allegro.invalidGrantCount());
    }
}
