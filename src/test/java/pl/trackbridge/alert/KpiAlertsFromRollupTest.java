package pl.trackbridge.alert;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

/**
 * The KPI alerts on the roll-up's own numbers, end to end over HTTP: orders synced from the stand-in, shipments
 * registered by the WMS with their handover times, {@code kpi-rollup}, then {@code threshold-alerts}. Late
 * dispatches drive DISPATCH_ON_TIME to WARN, more of them to BREACH, and a run of on-time dispatches clears it —
 * all on one deadline day, so the rolling 7-day value moves with the data, not with the clock.
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(KpiAlertsFromRollupTest.OwnStores.class)
public class KpiAlertsFromRollupTest {
    /**
     * Its own application and stores: its 330 orders due yesterday would otherwise sit in every later test's
     * reconciliation window (7 days). Reconciliation now paces itself on the 50-a-second shipments budget (no more
     * RATE_LIMITED: tried, both green in one JVM), but every later run would still read those 330 orders: it took
     * ReconciliationStandInTest from 17 s (full suite) to 159 s. Kept for speed, no longer for correctness.
     */
    public static class OwnStores extends pl.trackbridge.testsupport.StandInProfile {
    }

    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final String WARN = "KPI#DISPATCH_ON_TIME#WARN";
    static final String BREACH = "KPI#DISPATCH_ON_TIME#BREACH";

    AllegroStandIn allegro;
    ConnectedSeller connected;
    Instant deadline;
    int waybills;

    @Test
    void lateDispatchesDriveDispatchOnTimeThroughWarnAndBreachAndOnTimeOnesClearIt() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        connected = ConnectedSeller.create(allegro, "kpial");
        deadline = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(Duration.ofHours(12)); // yesterday, noon UTC

        dispatches(96, 4); // 96 / 100 = 96 %: below the warn line (97), above breach (95)
        JsonPath open = runAndReadOpen();
        assertTrue(keys(open).contains(WARN), open.prettify());
        assertFalse(keys(open).contains(BREACH), open.prettify());
        assertEquals("96", detail(open, WARN, "numerator7"));
        assertEquals("100", detail(open, WARN, "denominator7"));

        dispatches(26, 4); // 122 / 130 = 93.8 %: breach
        open = runAndReadOpen();
        assertTrue(keys(open).contains(BREACH), open.prettify());
        assertEquals("122", detail(open, BREACH, "numerator7"));
        assertEquals("130", detail(open, BREACH, "denominator7"));

        dispatches(200, 0); // 322 / 330 = 97.6 %: back past the warn line
        open = runAndReadOpen();
        assertTrue(keys(open).stream().noneMatch(k -> k.startsWith("KPI#DISPATCH_ON_TIME")), open.prettify());
        JsonPath all = given().get("/accounts/" + connected.account() + "/alerts?status=all").then().statusCode(200)
                .extract().jsonPath();
        int i = keys(all).indexOf(BREACH);
        assertTrue(i >= 0, all.prettify());
        assertEquals("RESOLVED", all.getString("alerts[" + i + "].status"));
    }

    /** Orders due on the deadline day, synced, then registered as handed over an hour early or an hour late. */
    private void dispatches(int onTime, int late) {
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < onTime + late; i++) {
            orders.add(allegro.addOrder(connected.seller(), OrderSpec.readyForProcessing()
                    .boughtAt(deadline.minus(Duration.ofDays(1))).dispatch(deadline.minus(Duration.ofHours(20)), deadline)));
        }
        given().post("/jobs/order-sync").then().statusCode(200);
        for (int i = 0; i < orders.size(); i++) {
            Instant handover = i < onTime ? deadline.minus(Duration.ofHours(1)) : deadline.plus(Duration.ofHours(1));
            given().contentType("application/json").body("{\"orderId\":\"" + orders.get(i) + "\",\"carrierId\":\"DPD\","
                    + "\"waybill\":\"" + String.format("%013dU", 4_200_000_000_000L + waybills++) + "\",\"handedOverAt\":\""
                    + handover + "\"}").post("/accounts/" + connected.account() + "/shipments").then().statusCode(201);
        }
    }

    private JsonPath runAndReadOpen() {
        given().post("/jobs/kpi-rollup").then().statusCode(200);
        given().post("/jobs/threshold-alerts").then().statusCode(200);
        return given().get("/accounts/" + connected.account() + "/alerts?status=open").then().statusCode(200)
                .extract().jsonPath();
    }

    private static List<String> keys(JsonPath alerts) {
        return alerts.getList("alerts.key");
    }

    private static String detail(JsonPath alerts, String key, String name) {
        return alerts.getString("alerts[" + keys(alerts).indexOf(key) + "].details." + name);
    }
}
