package pl.trackbridge.forwarding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.testsupport.SignedDeliveries;

/**
 * End to end in the running application: WMS registration and a carrier webhook → forwarding queue →
 * tracking forwarder → Allegro stand-in, asserting the exact requests Allegro received (each validated
 * against Allegro's OpenAPI).
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class TrackingForwarderStandInTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final ObjectMapper JSON = new ObjectMapper();
    AllegroStandIn allegro;
    String account;
    String seller;

    @BeforeEach
    void connectedAccountWithSyncedOrders() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        account = "fwd-" + UUID.randomUUID().toString().substring(0, 8);
        seller = "seller-" + account;
        given().contentType("application/json")
                .body("{\"allegroRefreshToken\":\"" + allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, seller)
                        + "\",\"webhookSecrets\":" + SignedDeliveries.ACCOUNT_SECRETS_JSON + "}")
                .put("/accounts/" + account).then().statusCode(201);
        given().post("/jobs/tracking-forwarder").then().statusCode(200); // leftovers of other tests
        allegro.wireMock().resetRequests();
    }

    @AfterEach
    void contract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
        allegro.clearFaults();
    }

    private String newSyncedOrder() {
        String order = allegro.addOrder(seller, OrderSpec.readyForProcessing());
        given().post("/jobs/order-sync").then().statusCode(200);
        AllegroContract.get().validateJournal(allegro.wireMock());
        allegro.wireMock().resetRequests(); // from here on the journal holds only the forwarder's calls
        return order;
    }

    private List<ServeEvent> calls(String method, String pathPart) {
        return allegro.wireMock().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getMethod().getName().equals(method) && e.getRequest().getUrl().contains(pathPart))
                .toList();
    }

    @Test
    void registrationThenHandoverPutsTheWaybillOnOnceAndMarksTheOrderSent() throws Exception {
        String order = newSyncedOrder();
        String lineItem = allegro.lineItemIdsOf(order).get(0);
        String waybill = "1Z999AA10123456784";
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\""
                + waybill + "\",\"lineItems\":[\"" + lineItem + "\"]}").post("/accounts/" + account + "/shipments")
                .then().statusCode(201);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of(waybill), allegro.waybillsOf(order));
        assertTrue(!"SENT".equals(allegro.fulfillmentStatusOf(order)), "not SENT before any handover");

        String revisionBefore = allegro.revisionOf(order);
        SignedDeliveries.Delivery scan = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("scan-" + order, waybill, "COLLECTED", Instant.now().minusSeconds(60).toString()),
                Instant.now());
        given().headers(scan.headers()).body(scan.body()).post("/webhooks/generic/" + account).then().statusCode(200);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals("SENT", allegro.fulfillmentStatusOf(order));
        given().post("/jobs/tracking-forwarder").then().statusCode(200); // nothing left, nothing repeated

        List<ServeEvent> posts = calls("POST", "/order/checkout-forms/" + order + "/shipments");
        assertEquals(1, posts.size(), "the waybill was posted exactly once");
        JsonNode body = JSON.readTree(posts.get(0).getRequest().getBodyAsString());
        assertEquals("UPS", body.get("carrierId").asText());
        assertEquals(waybill, body.get("waybill").asText());
        assertEquals(lineItem, body.get("lineItems").get(0).get("id").asText());
        List<ServeEvent> puts = calls("PUT", "/order/checkout-forms/" + order + "/fulfillment");
        assertEquals(1, puts.size());
        assertTrue(puts.get(0).getRequest().getUrl().contains("checkoutForm.revision=" + revisionBefore), puts.get(0).getRequest().getUrl());
        assertEquals("SENT", JSON.readTree(puts.get(0).getRequest().getBodyAsString()).get("status").asText());
        assertEquals(0, calls("GET", "/order/checkout-forms/" + order).size(),
                "the synced revision was enough: no extra read on the happy path");

        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("ACCEPTED")).body("forwards[0].sentState", equalTo("DONE"))
                .body("forwards[0].attempts.action", equalTo(List.of("WAYBILL", "SENT")));
    }

    @Test
    void aWaybillAllegroRefusesIsRejectedWithItsReasonAndNotRetried() {
        String order = newSyncedOrder();
        allegro.setWaybillPattern("DPD", "\\d{13}U");
        String waybill = "0000795537918Q";
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"DPD\",\"waybill\":\""
                + waybill + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("received", equalTo(0));
        assertEquals(List.of(), allegro.waybillsOf(order));
        assertEquals(1, calls("POST", "/order/checkout-forms/" + order + "/shipments").size());
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("REJECTED"))
                .body("forwards[0].attempts[0].httpStatus", equalTo(400))
                .body("forwards[0].attempts[0].errorCode", equalTo("CarrierWaybillValidationException"))
                .body("forwards[0].attempts[0].traceId", org.hamcrest.Matchers.notNullValue());
    }
}
