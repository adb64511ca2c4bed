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
import pl.trackbridge.testsupport.ConnectedSeller;
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
        ConnectedSeller connected = ConnectedSeller.create(allegro, "fwd", "\"webhookSecrets\":" + SignedDeliveries.ACCOUNT_SECRETS_JSON);
        account = connected.account();
        seller = connected.seller();
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

    private void register(String order, String carrierId, String waybill, String extra) {
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"" + carrierId
                + "\",\"waybill\":\"" + waybill + "\"" + extra + "}").post("/accounts/" + account + "/shipments")
                .then().statusCode(201);
    }

    private void collected(String order, String waybill) {
        SignedDeliveries.Delivery scan = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("scan-" + order, waybill, "COLLECTED", Instant.now().minusSeconds(60).toString()),
                Instant.now());
        given().headers(scan.headers()).body(scan.body()).post("/webhooks/generic/" + account).then().statusCode(200);
    }

    @Test
    void firstScanPolicyKeepsTheWaybillUntilTheParcelIsHandedOver() {
        given().contentType("application/json").body("{\"forwarding\":{\"waybillAt\":\"FIRST_SCAN\"}}")
                .put("/accounts/" + account).then().statusCode(200).body("forwarding.waybillAt", equalTo("FIRST_SCAN"))
                .body("forwarding.processingAtLabel", equalTo(false));
        String order = newSyncedOrder();
        String waybill = "1Z999AA10123456784";
        register(order, "UPS", waybill, "");
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of(), allegro.waybillsOf(order), "a label alone does not reach Allegro under FIRST_SCAN");
        assertEquals(0, calls("POST", "/shipments").size());

        collected(order, waybill);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of(waybill), allegro.waybillsOf(order));
        assertEquals("SENT", allegro.fulfillmentStatusOf(order));
        assertEquals(1, calls("POST", "/order/checkout-forms/" + order + "/shipments").size());
        assertEquals(1, calls("PUT", "/order/checkout-forms/" + order + "/fulfillment").size());
    }

    @Test
    void firstScanPolicyPostsAtOnceWhenTheWmsReportsTheHandover() {
        given().contentType("application/json").body("{\"forwarding\":{\"waybillAt\":\"FIRST_SCAN\"}}")
                .put("/accounts/" + account).then().statusCode(200);
        String order = newSyncedOrder();
        register(order, "UPS", "1Z999AA10123456784", ",\"handedOverAt\":\"" + Instant.now().minusSeconds(30) + "\"");
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of("1Z999AA10123456784"), allegro.waybillsOf(order));
        assertEquals("SENT", allegro.fulfillmentStatusOf(order));
    }

    @Test
    void processingAtLabelMovesANewOrderForwardButNeverBack() throws Exception {
        given().contentType("application/json").body("{\"forwarding\":{\"processingAtLabel\":true}}")
                .put("/accounts/" + account).then().statusCode(200).body("forwarding.waybillAt", equalTo("REGISTRATION"));
        String fresh = newSyncedOrder();
        String packed = newSyncedOrder();
        allegro.setFulfillmentStatus(packed, "READY_FOR_SHIPMENT");
        given().post("/jobs/order-sync").then().statusCode(200);
        allegro.wireMock().resetRequests();
        String label = ",\"labelCreatedAt\":\"" + Instant.now().minusSeconds(5) + "\"";
        register(fresh, "UPS", "1Z999AA10123456784", label);
        register(packed, "DHL", "12345678901", label);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));

        assertEquals("PROCESSING", allegro.fulfillmentStatusOf(fresh));
        List<ServeEvent> puts = calls("PUT", "/order/checkout-forms/" + fresh + "/fulfillment");
        assertEquals(1, puts.size());
        assertEquals("PROCESSING", JSON.readTree(puts.get(0).getRequest().getBodyAsString()).get("status").asText());
        assertEquals("READY_FOR_SHIPMENT", allegro.fulfillmentStatusOf(packed), "never moved back to PROCESSING");
        assertEquals(0, calls("PUT", "/order/checkout-forms/" + packed + "/fulfillment").size());
        assertEquals(List.of("1Z999AA10123456784"), allegro.waybillsOf(fresh), "the waybill still goes at registration");
        given().get("/accounts/" + account + "/shipments/12345678901").then().statusCode(200)
                .body("forwards[0].attempts.action", equalTo(List.of("PROCESSING", "WAYBILL")))
                .body("forwards[0].attempts[0].outcome", equalTo("SKIPPED"));
    }

    @Test
    void aCarrierIdMissingFromAllegrosListIsRefusedAtRegistration() {
        given().contentType("application/json").body("{\"carrierNames\":{\"Kurier X\":\"X_COURIER\"}}")
                .put("/accounts/" + account).then().statusCode(200);
        String order = UUID.randomUUID().toString();
        given().contentType("application/json").body("{\"orderId\":\"" + order
                        + "\",\"carrierId\":\"Kurier X\",\"waybill\":\"X123456789\"}")
                .post("/accounts/" + account + "/shipments").then().statusCode(422)
                .body("fields.carrierId", org.hamcrest.Matchers.containsString("X_COURIER is not on Allegro's carrier list"));
        // an id on Allegro's list that no alias of ours knows is taken as it is
        given().contentType("application/json").body("{\"orderId\":\"" + order
                        + "\",\"carrierId\":\"yun_express\",\"waybill\":\"YT2233445566778\"}")
                .post("/accounts/" + account + "/shipments").then().statusCode(201).body("carrierId", equalTo("YUN_EXPRESS"));
        assertTrue(calls("GET", "/order/carriers").size() <= 1, "the carrier list is read once and kept");
    }

    @Test
    void aWaybillUsedOnTooManyOrdersOrAForeignLineItemIsRejectedNotRetried() {
        String first = newSyncedOrder();
        String second = newSyncedOrder();
        allegro.setWaybillUsageLimit(1);
        try {
            // a waybill no other test used (the stand-in counts uses across its whole life)
            String waybill = String.format("%013dU", Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000_000L));
            register(first, "DPD", waybill, "");
            register(second, "DPD", waybill, "");
            String third = newSyncedOrder();
            register(third, "DPD", "0000795537918U", ",\"lineItems\":[\"" + UUID.randomUUID() + "\"]");
            given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
            given().post("/jobs/tracking-forwarder").then().statusCode(200).body("received", equalTo(0));

            var shipment = given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200).extract().jsonPath();
            List<String> states = shipment.getList("forwards.waybillState");
            assertEquals(List.of("ACCEPTED", "REJECTED"), states.stream().sorted().toList(), states.toString());
            int rejected = states.indexOf("REJECTED");
            assertEquals(409, shipment.getInt("forwards[" + rejected + "].attempts[0].httpStatus"));
            assertEquals("WaybillUsageExceededException", shipment.getString("forwards[" + rejected + "].attempts[0].errorCode"));
            given().get("/accounts/" + account + "/shipments/0000795537918U").then().statusCode(200)
                    .body("forwards[0].waybillState", equalTo("REJECTED"))
                    .body("forwards[0].attempts[0].httpStatus", equalTo(422))
                    .body("forwards[0].attempts[0].errorCode", equalTo("LineItemNotFoundException"))
                    .body("forwards[0].attempts.size()", equalTo(1));
            assertEquals(3, calls("POST", "/shipments").size(), "each refused waybill was tried once, never again");
        } finally {
            allegro.setWaybillUsageLimit(10);
        }
    }
}
