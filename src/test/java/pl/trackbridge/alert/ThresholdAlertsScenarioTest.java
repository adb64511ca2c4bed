package pl.trackbridge.alert;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.SignedDeliveries;

/**
 * Issue 6's scenario in the running application (DynamoDB Local, ElasticMQ, the Allegro stand-in, real HTTP):
 * orders approaching their deadline without handover raise DISPATCH_AT_RISK, then DISPATCH_MISSED; a waybill
 * Allegro refuses raises FORWARD_REJECTED; a run of late dispatches drives DISPATCH_ON_TIME through WARN to
 * BREACH and back to RESOLVED. Every message the run produced is written to
 * {@code target/alert-scenario/messages.txt} and printed.
 *
 * <p>Orders, forwards and parcels go through the real paths (order-sync from the stand-in, registration, the
 * tracking forwarder, a signed carrier webhook). The KPI values come from the in-memory KPI port, fed with the
 * rolling sums of a day-by-day series, until the KPI roll-up (issue 5) is connected to it. Time moves forward by
 * running the job at a later instant.
 *
 * <p>One command: {@code ./mvnw -o test -Dtest=ThresholdAlertsScenarioTest}
 */
@QuarkusTest
@io.quarkus.test.junit.TestProfile(ThresholdAlertsScenarioTest.ScriptedKpis.class)
public class ThresholdAlertsScenarioTest {
    /**
     * The KPI's course is scripted day by day through the in-memory readings; the roll-up's own numbers reach the
     * alerts in {@code KpiAlertsFromRollupTest}.
     */
    public static class ScriptedKpis extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public java.util.Map<String, String> getConfigOverrides() {
            return java.util.Map.of("trackbridge.alerts.kpi-readings", "memory");
        }
    }

    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Inject
    ThresholdAlertService service;
    @Inject
    AlertNotifier notifier;
    @Inject
    KpiReadings kpis;

    AllegroStandIn allegro;
    String account;
    final List<Notification> mine = new ArrayList<>();
    int seen;

    @AfterEach
    void contract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
        allegro.clearFaults();
    }

    /** Messages for this scenario's account published since the last call. */
    List<Notification> newMessages() {
        List<Notification> all = ((ConsoleAlertNotifier) notifier).published();
        List<Notification> out = new ArrayList<>();
        for (Notification n : all.subList(seen, all.size())) {
            if (n.accountId().equals(account)) {
                out.add(n);
            }
        }
        seen = all.size();
        mine.addAll(out);
        return out;
    }

    List<Notification> runJobAt(Instant at) {
        service.run(at);
        return newMessages();
    }

    /** Rolling 7/30-day sums over a day-by-day series ending today, as the roll-up computes them. */
    static KpiReading rolling(LocalDate today, List<long[]> days) {
        long n7 = 0, d7 = 0, n30 = 0, d30 = 0;
        List<KpiReading.Daily> trend = new ArrayList<>();
        for (int i = 0; i < days.size(); i++) {
            LocalDate day = today.minusDays(days.size() - 1 - i);
            long[] v = days.get(i);
            int age = days.size() - 1 - i;
            if (age < 7) {
                n7 += v[0];
                d7 += v[1];
                trend.add(new KpiReading.Daily(day, v[0], v[1]));
            }
            if (age < 30) {
                n30 += v[0];
                d30 += v[1];
            }
        }
        return new KpiReading("DISPATCH_ON_TIME", today, n7, d7, n30, d30, trend);
    }

    @Test
    void atRiskThenMissedRejectedWaybillAndAKpiThroughWarnBreachAndBack() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        account = "alerts-" + UUID.randomUUID().toString().substring(0, 8);
        String seller = "seller-" + account;
        given().contentType("application/json").body("{\"timeZone\":\"Europe/Warsaw\",\"allegroRefreshToken\":\""
                + allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, seller) + "\",\"webhookSecrets\":"
                + SignedDeliveries.ACCOUNT_SECRETS_JSON + "}").put("/accounts/" + account).then().statusCode(201);
        newMessages();

        // --- three orders: two due within 2 h, one due tomorrow
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        String a1 = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(60))));
        String a2 = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(now.minus(Duration.ofDays(1)), now.plus(Duration.ofMinutes(90))));
        String r1 = allegro.addOrder(seller, OrderSpec.readyForProcessing().dispatch(now, now.plus(Duration.ofDays(1))));
        given().post("/jobs/order-sync").then().statusCode(200);

        given().post("/jobs/threshold-alerts").then().statusCode(200).body("job", equalTo("threshold-alerts"))
                .body("accounts.accountId", hasItem(account));
        List<Notification> atRisk = newMessages();
        assertEquals(1, atRisk.size(), "two orders at risk: one message");
        assertEquals("DISPATCH_AT_RISK", atRisk.get(0).kind());
        assertTrue(atRisk.get(0).message().contains("https://allegro.pl/moje-allegro/sprzedaz/zamowienia/" + a1));
        assertTrue(atRisk.get(0).message().contains("https://allegro.pl/moje-allegro/sprzedaz/zamowienia/" + a2));
        assertEquals(List.of(), runJobAt(Instant.now()), "repeated: nothing new");

        // --- Allegro refuses r1's waybill: the forwarder records REJECTED with Allegro's code
        allegro.setWaybillPattern("DPD", "\\d{13}U");
        given().contentType("application/json").body("{\"orderId\":\"" + r1 + "\",\"carrierId\":\"DPD\",\"waybill\":\"0000795537918Q\"}")
                .post("/accounts/" + account + "/shipments").then().statusCode(201);
        given().post("/jobs/tracking-forwarder").then().statusCode(200);
        given().post("/jobs/threshold-alerts").then().statusCode(200);
        List<Notification> rejected = newMessages();
        assertEquals(1, rejected.size());
        assertEquals("FORWARD_REJECTED", rejected.get(0).kind());
        assertEquals("CRITICAL", rejected.get(0).severity());
        assertTrue(rejected.get(0).message().contains("CarrierWaybillValidationException"), rejected.get(0).message());

        // --- a2 is collected by the carrier (its scan names the order); a1 is not
        byte[] scan = ("{\"events\":[{\"eventId\":\"scan-" + a2 + "\",\"carrierId\":\"DPD\",\"waybill\":\"1234567890123U\","
                + "\"status\":\"COLLECTED\",\"occurredAt\":\"" + now.plus(Duration.ofMinutes(20)) + "\",\"orderId\":\"" + a2 + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        SignedDeliveries.Delivery d = SignedDeliveries.sign("generic", "inline", scan, Instant.now());
        given().headers(d.headers()).body(d.body()).post("/webhooks/generic/" + account).then().statusCode(200);

        // --- two hours later: a1's deadline passed without handover
        Instant later = now.plus(Duration.ofHours(2));
        List<Notification> missed = runJobAt(later);
        assertEquals(1, missed.size(), missed.toString());
        assertEquals("DISPATCH_MISSED", missed.get(0).kind());
        assertTrue(missed.get(0).subject().contains("1 order missed"), missed.get(0).subject());
        assertTrue(missed.get(0).message().contains(a1) && !missed.get(0).message().contains(a2));

        // --- a run of late dispatches: DISPATCH_ON_TIME through WARN, BREACH, and back
        InMemoryKpiReadings feed = (InMemoryKpiReadings) kpis;
        LocalDate today = LocalDate.ofInstant(later, WARSAW);
        List<long[]> days = new ArrayList<>();
        for (int i = 0; i < 29; i++) {
            days.add(new long[] {49, 50}); // a month at 98 %
        }
        days.add(new long[] {50, 50});
        List<List<Notification>> kpiSteps = new ArrayList<>();
        Instant t = later;
        long[][][] story = {
                {{49, 50}, {49, 50}},                         // 344/350 = 98.3 %: fine
                {{40, 50}},                                   // ten late in a day: 335/350 = 95.7 %, WARN
                {{44, 50}},                                   // six more: 330/350 = 94.3 %, BREACH (escalation)
                {{50, 50}, {50, 50}, {50, 50}, {50, 50}},     // on time again: 333/350 = 95.1 %, between the lines
                {{50, 50}, {50, 50}, {50, 50}}                // the late days leave the window: 100 %, RESOLVED
        };
        for (long[][] step : story) {
            for (long[] day : step) {
                days.add(day);
            }
            t = t.plus(Duration.ofMinutes(5));
            feed.put(account, rolling(today, days));
            kpiSteps.add(runJobAt(t));
        }
        assertEquals(List.of(), kpiSteps.get(0));
        assertEquals(1, kpiSteps.get(1).size());
        assertTrue(kpiSteps.get(1).get(0).subject().startsWith("[WARN] " + account + ": DISPATCH_ON_TIME"), kpiSteps.get(1).get(0).subject());
        assertEquals(1, kpiSteps.get(2).size());
        assertTrue(kpiSteps.get(2).get(0).subject().startsWith("[BREACH] " + account + ": DISPATCH_ON_TIME"), kpiSteps.get(2).get(0).subject());
        assertTrue(kpiSteps.get(2).get(0).subject().contains("escalated"));
        assertEquals(List.of(), kpiSteps.get(3), "hysteresis: between the lines the breach stays, silently");
        assertEquals(1, kpiSteps.get(4).size());
        assertTrue(kpiSteps.get(4).get(0).subject().startsWith("[RESOLVED] " + account + ": DISPATCH_ON_TIME"));

        // --- operators read the open alerts
        JsonPath open = given().get("/accounts/" + account + "/alerts?status=open").then().statusCode(200).extract().jsonPath();
        assertEquals(List.of("DISPATCH_MISSED#" + a1, "FORWARD_REJECTED#" + r1 + "#0000795537918Q"),
                open.getList("alerts.key", String.class).stream().sorted().toList());
        JsonPath all = given().get("/accounts/" + account + "/alerts").then().statusCode(200).extract().jsonPath();
        assertTrue(all.getList("alerts.key", String.class).contains("KPI#DISPATCH_ON_TIME#BREACH"), "resolved ones are recent");
        given().get("/accounts/" + account + "/alerts?status=closed").then().statusCode(400)
                .body("error", equalTo("INVALID_QUERY")).body("fields.status", equalTo("open or all"));
        given().get("/accounts/nobody-here/alerts?status=open").then().statusCode(404);

        // --- nothing twice
        assertEquals(List.of(), runJobAt(t.plusSeconds(60)));
        List<String> keys = mine.stream().flatMap(n -> n.alertKeys().stream().map(k -> k + "|" + n.subject().split(" ")[0])).toList();
        assertEquals(keys.size(), keys.stream().distinct().count(), "no notice sent twice: " + keys);

        Path out = Path.of("target/alert-scenario/messages.txt");
        Files.createDirectories(out.getParent());
        StringBuilder text = new StringBuilder();
        for (Notification n : mine) {
            text.append("=== severity=").append(n.severity()).append(" account=").append(n.accountId()).append(" kind=")
                    .append(n.kind()).append('\n').append("Subject: ").append(n.subject()).append("\n\n")
                    .append(n.message()).append('\n');
        }
        Files.writeString(out, text);
        System.out.println("\n" + mine.size() + " messages (also in " + out + "):\n\n" + text);
        assertEquals(6, mine.size(), "at risk, rejected, missed, WARN, BREACH, RESOLVED");
    }
}
