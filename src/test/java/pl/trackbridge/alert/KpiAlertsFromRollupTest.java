package pl.trackbridge.alert;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;
import pl.trackbridge.testsupport.LocalAwsResource;

/**
 * The KPI alerts read the roll-up's own cells: orders synced from the stand-in, shipments registered with their
 * handover times, {@code kpi-rollup}, then {@code threshold-alerts} — late dispatches show as a DISPATCH_ON_TIME
 * breach with the counts the roll-up computed. Black box over HTTP.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class KpiAlertsFromRollupTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    @Test
    void lateDispatchesRolledUpRaiseADispatchOnTimeBreach() {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        ConnectedSeller connected = ConnectedSeller.create(allegro, "kpial");
        // 25 orders due yesterday at noon (UTC): 20 handed over an hour early, 5 an hour late → 80 % on time
        Instant deadline = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(12));
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            orders.add(allegro.addOrder(connected.seller(), OrderSpec.readyForProcessing()
                    .boughtAt(deadline.minus(Duration.ofDays(1))).dispatch(deadline.minus(Duration.ofHours(20)), deadline)));
        }
        given().post("/jobs/order-sync").then().statusCode(200);
        for (int i = 0; i < orders.size(); i++) {
            Instant handover = i < 20 ? deadline.minus(Duration.ofHours(1)) : deadline.plus(Duration.ofHours(1));
            given().contentType("application/json").body("{\"orderId\":\"" + orders.get(i) + "\",\"carrierId\":\"DPD\","
                    + "\"waybill\":\"" + String.format("%013dU", 4_200_000_000_000L + i) + "\",\"handedOverAt\":\""
                    + handover + "\"}").post("/accounts/" + connected.account() + "/shipments").then().statusCode(201);
        }
        given().post("/jobs/kpi-rollup").then().statusCode(200);
        given().post("/jobs/threshold-alerts").then().statusCode(200);

        JsonPath alerts = given().get("/accounts/" + connected.account() + "/alerts?status=open").then().statusCode(200)
                .extract().jsonPath();
        List<String> keys = alerts.getList("alerts.key");
        assertTrue(keys.contains("KPI#DISPATCH_ON_TIME#BREACH"), keys.toString());
        int i = keys.indexOf("KPI#DISPATCH_ON_TIME#BREACH");
        assertEquals("20", alerts.getString("alerts[" + i + "].details.numerator7"), alerts.prettify());
        assertEquals("25", alerts.getString("alerts[" + i + "].details.denominator7"), alerts.prettify());
    }
}
