package pl.trackbridge.forwarding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;

/**
 * The last delivery the queue allows (here the 2nd) marks a forward that is still failing STUCK, with its
 * attempts; a later delivery (an operator's redrive from the dead-letter queue) still finishes it, once. Black
 * box over HTTP only, so the same test can run against the native executable.
 */
@QuarkusTest
@TestProfile(ForwarderLastReceiveTest.TwoReceives.class)
public class ForwarderLastReceiveTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    public static class TwoReceives extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackbridge.forwarding.max-receives", "2", "trackbridge.forwarding.local-max-backoff", "1");
        }
    }

    @Test
    void theLastDeliveryMarksAFailingForwardStuckAndALaterOneStillFinishesIt() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        ConnectedSeller connected = ConnectedSeller.create(allegro, "stuck");
        String account = connected.account();
        String seller = connected.seller();
        String order = allegro.addOrder(seller, OrderSpec.readyForProcessing());
        given().post("/jobs/order-sync").then().statusCode(200);
        String waybill = "1Z999AA10123456784";
        allegro.failNext(2, Fault.HTTP_503, "/order/checkout-forms/" + order + "/shipments");
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\""
                + waybill + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);

        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(1));
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("RETRYING"));
        Thread.sleep(1_200); // the drain's backoff: visible again after 1 s
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(1));
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("STUCK"))
                .body("forwards[0].attempts.httpStatus", equalTo(List.of(503, 503)))
                .body("forwards[0].attempts.outcome", equalTo(List.of("RETRY", "RETRY")));
        assertEquals(List.of(), allegro.waybillsOf(order));

        Thread.sleep(1_200);
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of(waybill), allegro.waybillsOf(order));
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("forwards[0].waybillState", equalTo("ACCEPTED"));
        AllegroContract.get().validateJournal(allegro.wireMock());
    }
}
