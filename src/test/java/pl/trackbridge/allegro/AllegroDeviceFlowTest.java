package pl.trackbridge.allegro;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.emptyOrNullString;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;

/** Connecting an account with Allegro's device flow through the two routes, against the stand-in. */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class AllegroDeviceFlowTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    AllegroStandIn allegro;
    String account;

    @BeforeEach
    void account() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(java.time.Clock.systemUTC());
        account = "dev-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{}").put("/accounts/" + account).then().statusCode(201);
    }

    @AfterEach
    void contract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
    }

    @Test
    void theSellerConfirmsAndTheAccountIsConnected() {
        given().get("/accounts/" + account).then().body("allegro", equalTo("NOT_CONNECTED"));
        given().post("/accounts/" + account + "/allegro/device-flow/poll").then().statusCode(404)
                .body("status", equalTo("NOT_STARTED"));

        String userCode = given().post("/accounts/" + account + "/allegro/device-flow").then().statusCode(200)
                .body("verificationUri", not(emptyOrNullString()))
                .body("deviceCode", org.hamcrest.Matchers.nullValue()) // the device code never leaves the server
                .extract().path("userCode");
        given().post("/accounts/" + account + "/allegro/device-flow/poll").then().statusCode(202)
                .body("status", equalTo("PENDING"));

        allegro.approveDevice(userCode, "seller-" + account);
        given().post("/accounts/" + account + "/allegro/device-flow/poll").then().statusCode(200)
                .body("status", equalTo("CONNECTED"));
        given().get("/accounts/" + account).then().body("allegro", equalTo("CONNECTED"));

        allegro.addOrder("seller-" + account);
        java.util.List<java.util.Map<String, Object>> reports = given().post("/jobs/order-sync").then().statusCode(200)
                .extract().path("accounts");
        java.util.Map<String, Object> mine = reports.stream().filter(r -> account.equals(r.get("accountId"))).findFirst()
                .orElseThrow();
        org.junit.jupiter.api.Assertions.assertEquals(1, mine.get("ordersStored"), mine.toString());
    }

    @Test
    void aDeniedConfirmationFailsAndCanBeStartedAgain() {
        String userCode = given().post("/accounts/" + account + "/allegro/device-flow").then().statusCode(200)
                .extract().path("userCode");
        allegro.denyDevice(userCode);
        given().post("/accounts/" + account + "/allegro/device-flow/poll").then().statusCode(410)
                .body("status", equalTo("FAILED"));
        given().post("/accounts/" + account + "/allegro/device-flow/poll").then().statusCode(404);
        given().post("/accounts/" + account + "/allegro/device-flow").then().statusCode(200);
    }
}
