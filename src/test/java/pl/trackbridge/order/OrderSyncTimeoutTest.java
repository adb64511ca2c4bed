package pl.trackbridge.order;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;

/** A read that times out is reported and retried by the next run; nothing is skipped. Short read timeout. */
@QuarkusTest
@TestProfile(OrderSyncTimeoutTest.ShortTimeout.class)
public class OrderSyncTimeoutTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    public static class ShortTimeout extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackbridge.allegro.read-timeout", "1s", "trackbridge.forwarding.unknown-settle", "1s");
        }
    }

    @Test
    void aTimedOutReadIsReportedAndTheNextRunCatchesUp() {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        allegro.setTimeoutDelay(Duration.ofSeconds(3));
        ConnectedSeller connected = ConnectedSeller.create(allegro, "to");
        String account = connected.account();
        String seller = connected.seller();
        allegro.addOrder(seller, OrderSpec.readyForProcessing());
        String second = allegro.addOrder(seller, OrderSpec.readyForProcessing());
        allegro.failNext(1, Fault.TIMEOUT_AFTER_ACCEPT, "/order/checkout-forms/" + second);

        Map<String, Object> timedOut = report(account);
        assertTrue(String.valueOf(timedOut.get("error")).contains("NO_RESPONSE"), timedOut.toString());
        Map<String, Object> next = report(account);
        assertNull(next.get("error"), next.toString());
        assertTrue(String.valueOf(next.get("ordersStored")).equals("1"), "the order behind the timeout: " + next);
        AllegroContract.get().validateJournal(allegro.wireMock());
    }

    private static Map<String, Object> report(String account) {
        List<Map<String, Object>> accounts = given().post("/jobs/order-sync").then().statusCode(200).extract().path("accounts");
        return accounts.stream().filter(a -> account.equals(a.get("accountId"))).findFirst().orElseThrow();
    }
}
