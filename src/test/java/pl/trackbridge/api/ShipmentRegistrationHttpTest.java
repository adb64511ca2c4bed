package pl.trackbridge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.testsupport.ForwardingQueueMessages;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.testsupport.SignedDeliveries;

/** {@code POST /accounts/{id}/shipments}: validation before anything reaches Allegro, idempotency, the queue. */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
public class ShipmentRegistrationHttpTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    /** A UPS 1Z number with a correct check digit (UPS's published test number). */
    static final String UPS_WAYBILL = "1Z999AA10123456784";
    String account;

    @BeforeEach
    void account() {
        io.restassured.RestAssured.port = HTTP_PORT;
        account = "reg-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json")
                .body("{\"carrierNames\":{\"Kurier DPD\":\"DPD\"},\"webhookSecrets\":" + SignedDeliveries.ACCOUNT_SECRETS_JSON + "}")
                .put("/accounts/" + account).then().statusCode(201);
        ForwardingQueueMessages.drain();
    }

    private io.restassured.response.ValidatableResponse register(String json) {
        return given().contentType("application/json").body(json).post("/accounts/" + account + "/shipments").then();
    }

    @Test
    void aValidRegistrationIsStoredOnceAndQueuedOnce() {
        String order = UUID.randomUUID().toString();
        String body = "{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\"1z999aa1 0123456784\","
                + "\"lineItems\":[\"li-1\"],\"handedOverAt\":\"2026-11-21T10:00:00+01:00\"}";
        register(body).statusCode(201).body("waybill", equalTo(UPS_WAYBILL)).body("carrierId", equalTo("UPS"))
                .body("forward", equalTo("QUEUED")).body("warning", nullValue())
                .body("handedOverAt", equalTo("2026-11-21T09:00:00Z"));
        register(body).statusCode(200).body("orderId", equalTo(order));
        List<String> queued = ForwardingQueueMessages.drain().stream().filter(m -> m.contains(order)).toList();
        assertEquals(1, queued.size(), "one forward for one registration: " + queued);
        assertEquals(true, queued.get(0).contains("\"reason\":\"REGISTERED\""), queued.get(0));

        given().get("/accounts/" + account + "/shipments/" + UPS_WAYBILL).then().statusCode(200)
                .body("status", equalTo("UNKNOWN")).body("orderId", equalTo(order))
                .body("forwards[0].orderId", equalTo(order)).body("forwards[0].lineItems[0]", equalTo("li-1"));
    }

    @Test
    void aWrongCheckDigitNeverReachesAllegro() {
        register("{\"orderId\":\"" + UUID.randomUUID() + "\",\"carrierId\":\"UPS\",\"waybill\":\"1Z999AA10123456785\"}")
                .statusCode(422).body("error", equalTo("VALIDATION_FAILED")).body("fields.waybill", containsString("check digit"));
        assertEquals(0, ForwardingQueueMessages.drain().size());
    }

    @Test
    void theSellersCarrierNameMapsToTheAllegroIdAndLooseRulesWarn() {
        register("{\"orderId\":\"" + UUID.randomUUID() + "\",\"carrierId\":\"kurier dpd\",\"waybill\":\"0000795537918U\"}")
                .statusCode(201).body("carrierId", equalTo("DPD")).body("warning", notNullValue());
    }

    @Test
    void otherNeedsACarrierNameAndBadFieldsAreNamed() {
        register("{\"orderId\":\"" + UUID.randomUUID() + "\",\"carrierId\":\"Yodel\",\"waybill\":\"JD0002233445566\"}")
                .statusCode(422).body("fields.carrierName", containsString("OTHER"));
        register("{\"orderId\":\"" + UUID.randomUUID() + "\",\"carrierId\":\"Yodel\",\"carrierName\":\"Yodel\",\"waybill\":\"JD0002233445566\"}")
                .statusCode(201).body("carrierId", equalTo("OTHER")).body("carrierName", equalTo("Yodel"));
        register("{\"orderId\":\"not-a-uuid\",\"carrierId\":\"UPS\",\"waybill\":\"" + UPS_WAYBILL + "\","
                + "\"handedOverAt\":\"1999-01-01T00:00:00Z\"}")
                .statusCode(422).body("fields.orderId", notNullValue()).body("fields.handedOverAt", notNullValue());
        given().contentType("application/json").body("{").post("/accounts/" + account + "/shipments").then().statusCode(400);
        given().contentType("application/json").body("{}").post("/accounts/nobody-" + UUID.randomUUID() + "/shipments")
                .then().statusCode(404);
    }

    @Test
    void theSameWaybillCannotChangeCarrierForAnOrder() {
        String order = UUID.randomUUID().toString();
        register("{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\"" + UPS_WAYBILL + "\"}").statusCode(201);
        register("{\"orderId\":\"" + order + "\",\"carrierId\":\"OTHER\",\"carrierName\":\"X\",\"waybill\":\"" + UPS_WAYBILL + "\"}")
                .statusCode(409).body("error", equalTo("ALREADY_REGISTERED"));
    }

    @Test
    void registrationAndCarrierEventsShowTogether() {
        String order = UUID.randomUUID().toString();
        register("{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\"" + UPS_WAYBILL + "\"}").statusCode(201);
        SignedDeliveries.Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("reg-e1", UPS_WAYBILL, "COLLECTED", "2026-11-21T10:00:00Z"), Instant.now());
        given().headers(d.headers()).body(d.body()).post("/webhooks/generic/" + account).then().statusCode(200);
        given().get("/accounts/" + account + "/shipments/" + UPS_WAYBILL).then().statusCode(200)
                .body("status", equalTo("COLLECTED")).body("forwards[0].orderId", equalTo(order))
                .body("events[0].status", equalTo("COLLECTED"));
    }
}
