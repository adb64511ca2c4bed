package pl.trackbridge.forwarding;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.order.OrderSyncTimeoutTest;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;

/**
 * A POST whose answer never came (Allegro created the waybill, our read timed out): the next attempt reads
 * the order's shipments, finds the waybill and does not post it again. Short read timeout profile.
 */
@QuarkusTest
@TestProfile(OrderSyncTimeoutTest.ShortTimeout.class)
public class ForwarderUnknownOutcomeTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    @Test
    void aTimedOutPostIsCheckedNotRepeated() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        allegro.setTimeoutDelay(Duration.ofSeconds(3));
        ConnectedSeller connected = ConnectedSeller.create(allegro, "unk");
        String account = connected.account();
        String seller = connected.seller();
        String order = allegro.addOrder(seller, OrderSpec.readyForProcessing());
        given().post("/jobs/order-sync").then().statusCode(200);
        String waybill = "1Z999AA10123456784";
        allegro.failNext(1, Fault.TIMEOUT_AFTER_ACCEPT, "/order/checkout-forms/" + order + "/shipments");
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"UPS\",\"waybill\":\""
                + waybill + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);

        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(1));
        assertEquals(List.of(waybill), allegro.waybillsOf(order), "Allegro accepted it although we saw no answer");
        given().get("/accounts/" + account + "/shipments/" + waybill).then().body("forwards[0].waybillState", equalTo("UNKNOWN"));

        Thread.sleep(1500); // the redelivery backoff of a first failure
        given().post("/jobs/tracking-forwarder").then().statusCode(200).body("failed", equalTo(0));
        assertEquals(List.of(waybill), allegro.waybillsOf(order), "still exactly once");
        long posts = allegro.wireMock().getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName().equals("POST")
                && e.getRequest().getUrl().contains("/order/checkout-forms/" + order + "/shipments")).count();
        assertEquals(1, posts);
        given().get("/accounts/" + account + "/shipments/" + waybill).then()
                .body("forwards[0].waybillState", equalTo("ACCEPTED"))
                .body("forwards[0].attempts.outcome", equalTo(List.of("NO_RESPONSE", "FOUND")));
        AllegroContract.get().validateJournal(allegro.wireMock());
    }
}
