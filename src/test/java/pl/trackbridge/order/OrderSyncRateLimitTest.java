package pl.trackbridge.order;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * A 429 from Allegro blocks the whole application for a minute. It runs in its own application and stand-in
 * (its own test profile), because the block it proves would otherwise outlive the test.
 */
@QuarkusTest
@TestProfile(OrderSyncRateLimitTest.Isolated.class)
public class OrderSyncRateLimitTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    public static class Isolated extends pl.trackbridge.testsupport.StandInProfile {
    }

    @Test
    void a429BlocksEveryFurtherCallInsteadOfRetryingHot() {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        ConnectedSeller connected = ConnectedSeller.create(allegro, "rl");
        String account = connected.account();
        String seller = connected.seller();
        for (int i = 0; i < 6; i++) {
            allegro.addOrder(seller, OrderSpec.readyForProcessing());
        }
        allegro.failNext(1, Fault.HTTP_429, "/order/checkout-forms/");
        Map<String, Object> first = report(account);
        assertTrue(String.valueOf(first.get("error")).contains("429"), first.toString());
        int callsAfterBlock = allegro.wireMock().getAllServeEvents().size();

        Map<String, Object> second = report(account);
        assertTrue(String.valueOf(second.get("error")).contains("RATE_LIMITED"), second.toString());
        assertEquals(callsAfterBlock, allegro.wireMock().getAllServeEvents().size(),
                "while blocked, not a single request reaches Allegro");
        AllegroContract.get().validateJournal(allegro.wireMock());
    }

    private static Map<String, Object> report(String account) {
        List<Map<String, Object>> accounts = given().post("/jobs/order-sync").then().statusCode(200).extract().path("accounts");
        return accounts.stream().filter(a -> account.equals(a.get("accountId"))).findFirst().orElseThrow();
    }
}
