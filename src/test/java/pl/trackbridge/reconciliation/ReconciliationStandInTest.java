package pl.trackbridge.reconciliation;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.poller.PollItem;
import pl.trackbridge.poller.PollPolicy;
import pl.trackbridge.store.dynamodb.DynamoDbPollSchedule;
import pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The daily reconciliation end to end in the running application ({@code POST /jobs/reconciliation}, the report
 * through {@code GET /accounts/{id}/reconciliation}) against the Allegro stand-in, counting the POSTs Allegro
 * received. Every request and response is checked against Allegro's OpenAPI.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class ReconciliationStandInTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    AllegroStandIn allegro;
    String account;
    String seller;
    DynamoDbClient dynamo;
    DynamoDbRegistrationStore registrations;

    @BeforeEach
    void connectedAccount() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        account = "rec-" + UUID.randomUUID().toString().substring(0, 8);
        seller = "seller-" + account;
        given().contentType("application/json").body("{\"allegroRefreshToken\":\""
                + allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, seller) + "\"}")
                .put("/accounts/" + account).then().statusCode(201);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable");
    }

    @AfterEach
    void contract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
        dynamo.close();
    }

    /** An order whose dispatch deadline passed yesterday, synced into our store. */
    private String overdueOrder() {
        Instant now = Instant.now();
        String order = allegro.addOrder(seller, OrderSpec.readyForProcessing()
                .dispatch(now.minus(Duration.ofDays(2)), now.minus(Duration.ofDays(1))));
        given().post("/jobs/order-sync").then().statusCode(200);
        return order;
    }

    /** A registration whose forward never reached Allegro (its queue message was lost). */
    private void lostRegistration(String order, String waybill, Instant handedOverAt) {
        registrations.createIfAbsent(new Registration(account, order, waybill, "DPD", null, List.of(), null, handedOverAt,
                Instant.now().minusSeconds(86_400), null, false));
    }

    private static String dpdWaybill() {
        return "1000000" + (100000 + (int) (Math.random() * 800000)) + "U";
    }

    private int posts(String order) {
        return (int) allegro.wireMock().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals("POST")
                        && e.getRequest().getUrl().equals("/order/checkout-forms/" + order + "/shipments"))
                .count();
    }

    private JsonPath report() {
        return given().get("/accounts/" + account + "/reconciliation").then().statusCode(200).extract().jsonPath();
    }

    private void reconcile() {
        JsonPath run = given().post("/jobs/reconciliation").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of(), run.getList("accounts.find { it.accountId == '" + account + "' }.errors"), run.prettify());
    }

    @Test
    void aWaybillLostBetweenOurStoreAndAllegroIsPostedExactlyOnceEvenWhenRunsRepeatOrRace() throws Exception {
        String order = overdueOrder();
        String wb = dpdWaybill();
        lostRegistration(order, wb, null);
        allegro.wireMock().resetRequests();
        reconcile();
        assertEquals(List.of(wb), allegro.waybillsOf(order));
        assertEquals(1, posts(order));
        JsonPath first = report();
        assertTrue(first.getList("repaired").contains(order + "/" + wb + "/WAYBILL"), first.prettify());
        assertEquals(1, first.getInt("repairedCount"));
        assertTrue(first.getInt("ordersChecked") >= 1);

        HttpClient http = HttpClient.newHttpClient();
        HttpRequest run = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + HTTP_PORT + "/jobs/reconciliation"))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        CompletableFuture<HttpResponse<String>> a = http.sendAsync(run, HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> b = http.sendAsync(run, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, a.get().statusCode(), a.get().body());
        assertEquals(200, b.get().statusCode(), b.get().body());
        reconcile();
        assertEquals(List.of(wb), allegro.waybillsOf(order), "repeated and concurrent runs change nothing more");
        assertEquals(1, posts(order));
        JsonPath after = report();
        assertEquals(1, after.getInt("repairedCount"));
        assertEquals(first.getList("repaired"), after.getList("repaired"));
        given().get("/accounts/" + account + "/shipments/" + wb).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("ACCEPTED"));
    }

    @Test
    void aWaybillAlreadyOnAllegroIsNeverPostedAgainAndSentFollowsTheHandover() {
        String order = overdueOrder();
        String wb = dpdWaybill();
        // our POST went through but its answer was lost: Allegro has the waybill, our record does not say so
        lostRegistration(order, wb, Instant.now().minus(Duration.ofHours(30)));
        allegro.addForeignShipment(order, "DPD", wb);
        allegro.wireMock().resetRequests();
        reconcile();
        reconcile();
        assertEquals(0, posts(order), "never posted again");
        assertEquals(List.of(wb), allegro.waybillsOf(order));
        assertEquals("SENT", allegro.fulfillmentStatusOf(order), "SENT was missing after the handover");
        JsonPath r = report();
        assertTrue(r.getList("repaired").contains(order + "/" + wb + "/FOUND"), r.prettify());
        assertTrue(r.getList("repaired").contains(order + "/" + wb + "/SENT"), r.prettify());
        assertEquals(0, r.getList("adopted").size(), "our own waybill is not foreign");
        given().get("/accounts/" + account + "/shipments/" + wb).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("ACCEPTED"))
                .body("forwards[0].sentState", equalTo("DONE"))
                .body("forwards[0].attempts.action", hasItem("CHECK"))
                .body("forwards[0].attempts.action", not(hasItem("WAYBILL")));
    }

    @Test
    void aForeignWaybillIsAdoptedAsTheOrdersShipmentAndPolled() {
        String order = overdueOrder();
        String foreign = dpdWaybill();
        allegro.addForeignShipment(order, "DPD", foreign); // DPD's own integration put it there
        allegro.wireMock().resetRequests();
        reconcile();
        reconcile();
        assertEquals(0, posts(order));
        assertEquals(List.of(foreign), allegro.waybillsOf(order));
        JsonPath r = report();
        assertEquals(List.of(order + "/" + foreign + "/DPD"), r.getList("adopted"));
        assertEquals(0, r.getInt("stillMissing"), r.prettify());
        given().get("/accounts/" + account + "/shipments/" + foreign).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("ACCEPTED"))
                .body("forwards[0].carrierId", equalTo("DPD"))
                .body("forwards[0].attempts[0].action", equalTo("ADOPT"))
                .body("forwards[0].allegroShipmentId", org.hamcrest.Matchers.notNullValue());
        PollItem polled = new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", PollPolicy.defaults())
                .find(account, foreign).orElseThrow();
        assertEquals("DPD", polled.carrierId());
        assertTrue(polled.nextPollAt() != null, "an adopted DPD waybill is tracked by polling");
    }

    @Test
    void anOrderWithoutAnyWaybillStaysMissingInTheReport() {
        String order = overdueOrder();
        String rejected = overdueOrder();
        String bad = dpdWaybill();
        allegro.setWaybillPattern("DPD", "\\d{13}X"); // Allegro will refuse this one
        try {
            lostRegistration(rejected, bad, null);
            reconcile();
            assertEquals(List.of("REJECTED"), report().getList("missing.findAll { it.orderId == '" + rejected + "' }.reason"),
                    "a refusal needs a person: reported at once");
            reconcile();
        } finally {
            allegro.setWaybillPattern("DPD", ".*");
        }
        JsonPath r = report();
        List<String> reasons = r.getList("missing.findAll { it.orderId == '" + order + "' }.reason");
        assertEquals(List.of("NO_WAYBILL"), reasons, r.prettify());
        assertEquals(List.of("REJECTED"),
                r.getList("missing.findAll { it.orderId == '" + rejected + "' }.reason"), r.prettify());
        assertTrue(r.getInt("stillMissing") >= 2);
        assertEquals(1, posts(rejected), "a refused waybill is not posted again by the next run");

        // what stays missing reaches the operators as RECONCILIATION_GAP (issue 6's threshold-alerts)
        given().post("/jobs/threshold-alerts").then().statusCode(200);
        List<String> open = given().get("/accounts/" + account + "/alerts?status=open").then().statusCode(200)
                .extract().jsonPath().getList("alerts.key");
        assertTrue(open.contains("RECONCILIATION_GAP#" + order) && open.contains("RECONCILIATION_GAP#" + rejected),
                open.toString());
    }

    @Test
    void theReportRouteValidatesItsDate() {
        given().get("/accounts/" + account + "/reconciliation?date=yesterday").then().statusCode(400)
                .body("error", equalTo("MALFORMED_REQUEST")).body("fields.date", org.hamcrest.Matchers.notNullValue());
        given().get("/accounts/" + account + "/reconciliation?date=2001-01-01").then().statusCode(404)
                .body("error", equalTo("NO_REPORT"));
        given().get("/accounts/nobody-" + account + "/reconciliation").then().statusCode(404);
    }
}
