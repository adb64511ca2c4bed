package pl.trackbridge.forwarding;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.Fault;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;

/**
 * The forwarder's fault run (issue 4): the stand-in fails 30 % of calls at random (500, 503, 429, timeouts
 * after accepting, connection resets) while registered, handed-over shipments flow through two forwarders
 * pulling the same queue at once. Afterwards every waybill is on its Allegro order exactly once and every order
 * is SENT. Allegro's one-minute 429 block is shortened to one second (both sides) and the read timeout to one
 * second, so the run takes minutes, not hours. Size: {@code -Dtrackbridge.faultrun.shipments=N} (default 1,000).
 */
@QuarkusTest
@TestProfile(ForwarderFaultRunTest.FaultRun.class)
public class ForwarderFaultRunTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final int SHIPMENTS = Integer.getInteger("trackbridge.faultrun.shipments", 1000);

    public static class FaultRun extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("trackbridge.allegro.read-timeout", "1s", "trackbridge.allegro.block-after-429", "1s",
                    "trackbridge.forwarding.max-receives", "40", "trackbridge.jobs.order-sync.page-size", "1000",
                    "trackbridge.forwarding.local-max-backoff", "1", "trackbridge.forwarding.unknown-settle", "10s");
        }
    }

    @Test
    void everyWaybillOnAllegroExactlyOnceAndEveryOrderSentDespiteFaults() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        ConnectedSeller connected = ConnectedSeller.create(allegro, "fault");
        String account = connected.account();
        String seller = connected.seller();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < SHIPMENTS; i++) {
            orders.add(allegro.addOrder(seller, OrderSpec.readyForProcessing()));
        }
        given().post("/jobs/order-sync").then().statusCode(200);
        List<String> waybills = new ArrayList<>();
        String handedOver = Instant.now().minusSeconds(600).toString();
        for (int i = 0; i < SHIPMENTS; i++) {
            String waybill = String.format("6%023d", i); // InPost-shaped: 24 digits
            waybills.add(waybill);
            given().contentType("application/json").body("{\"orderId\":\"" + orders.get(i) + "\",\"carrierId\":\"INPOST\","
                    + "\"waybill\":\"" + waybill + "\",\"handedOverAt\":\"" + handedOver + "\"}")
                    .post("/accounts/" + account + "/shipments").then().statusCode(201);
        }

        allegro.setTimeoutDelay(Duration.ofSeconds(2));
        allegro.setBlockDuration(Duration.ofSeconds(1));
        allegro.faultRate(0.3, 42, Fault.HTTP_500, Fault.HTTP_503, Fault.HTTP_429, Fault.TIMEOUT_AFTER_ACCEPT,
                Fault.CONNECTION_RESET);
        long started = System.nanoTime();
        ExecutorService forwarders = Executors.newFixedThreadPool(2);
        try {
            long deadline = System.nanoTime() + Duration.ofMinutes(12).toNanos();
            while (!allDone(allegro, orders) && System.nanoTime() < deadline) {
                List<Future<Integer>> runs = forwarders.invokeAll(List.of(ForwarderFaultRunTest::drainOnce,
                        ForwarderFaultRunTest::drainOnce));
                int received = 0;
                for (Future<Integer> f : runs) {
                    received += f.get();
                }
                if (received == 0) {
                    Thread.sleep(300); // everything left is backing off
                }
            }
        } finally {
            forwarders.shutdown();
            allegro.clearFaults();
        }
        double seconds = (System.nanoTime() - started) / 1e9;

        int onceOnAllegro = 0;
        int sent = 0;
        for (int n = 0; n < SHIPMENTS; n++) {
            final int i = n;
            List<String> on = allegro.waybillsOf(orders.get(i));
            if (on.size() != 1) {
                System.out.println("DUPLICATE " + orders.get(i) + ": " + given().get("/accounts/" + account + "/shipments/"
                        + waybills.get(i)).then().extract().body().asString());
                allegro.wireMock().getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().contains(orders.get(i)))
                        .forEach(e -> System.out.println("  " + e.getRequest().getLoggedDate().toInstant() + " "
                                + e.getRequest().getMethod() + " " + e.getRequest().getUrl() + " -> " + e.getResponse().getStatus()));
            }
            assertEquals(List.of(waybills.get(i)), on, "order " + orders.get(i) + " must carry its waybill exactly once");
            onceOnAllegro++;
            if ("SENT".equals(allegro.fulfillmentStatusOf(orders.get(i)))) {
                sent++;
            }
        }
        long posts = allegro.wireMock().getAllServeEvents().stream().filter(e -> e.getRequest().getMethod().getName()
                .equals("POST") && e.getRequest().getUrl().endsWith("/shipments")).count();
        System.out.printf("%nFORWARDER FAULT RUN: %d shipments, 30%% faults, 2 concurrent forwarders: %.1f s; "
                + "waybills on Allegro exactly once: %d; orders SENT: %d; POST attempts: %d%n%n",
                SHIPMENTS, seconds, onceOnAllegro, sent, posts);
        assertEquals(SHIPMENTS, sent, "every handed-over order is SENT");
        // and our own record agrees for a sample
        for (int i = 0; i < SHIPMENTS; i += Math.max(1, SHIPMENTS / 20)) {
            String state = given().get("/accounts/" + account + "/shipments/" + waybills.get(i)).then().statusCode(200)
                    .extract().path("forwards[0].waybillState");
            assertEquals("ACCEPTED", state, waybills.get(i));
        }
        assertTrue(posts >= SHIPMENTS);
    }

    private static boolean allDone(AllegroStandIn allegro, List<String> orders) {
        for (String o : orders) {
            if (allegro.waybillsOf(o).isEmpty() || !"SENT".equals(allegro.fulfillmentStatusOf(o))) {
                return false;
            }
        }
        return true;
    }

    private static Integer drainOnce() {
        return given().post("/jobs/tracking-forwarder").then().statusCode(200).extract().path("received");
    }
}
