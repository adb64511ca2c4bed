package pl.trackbridge.poller;

import static io.restassured.RestAssured.given;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroClient;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.ManualClock;
import pl.trackbridge.store.dynamodb.DynamoDbPollSchedule;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Allegro calls per polled shipment per day, not a test: run with
 * {@code ./mvnw test -Dtest=PollerCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>One simulated day of the real poller (96 runs, 15 minutes apart on a manual clock) with the application's
 * Allegro client against the stand-in and DynamoDB Local, over three populations of 100 parcels each:
 * DPD parcels in transit all day (no push: the worst case), GLS parcels (no push) delivered at a random time of
 * the day, and InPost parcels pushed every 2 h for a random 0–12 h and then silent. Calls are counted at the
 * stand-in, per carrier. Writes {@code target/poller-cost.txt}.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
class PollerCostBenchmark {
    static final int PARCELS = Integer.getInteger("trackbridge.bench.parcels", 100);
    static final int RUNS = 96;

    @Inject
    AllegroClient client;
    @Inject
    ForwardingQueue queue;

    @Test
    void callsPerPolledShipmentPerDay() throws Exception {
        io.restassured.RestAssured.port = Integer.getInteger("trackbridge.test.http-port", 8091);
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        String account = "bench-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{\"allegroRefreshToken\":\""
                + allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, "seller-" + account) + "\"}")
                .put("/accounts/" + account).then().statusCode(201);
        DynamoDbClient dynamo = DynamoDbClient.builder()
                .endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        PollPolicy policy = PollPolicy.defaults();
        DynamoDbPollSchedule schedule = new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", policy);
        DynamoDbTrackingStore tracking = new DynamoDbTrackingStore(dynamo, new TableNames("AccountsTable",
                "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable", "JobStateTable"), schedule);
        TrackingPoller poller = new TrackingPoller(schedule, tracking, client::parcelTracking, policy, clock,
                account::equals, 20_000, queue);
        Random random = new Random(7);
        Instant start = clock.instant();
        Map<String, Instant> glsDelivery = new HashMap<>();
        Map<String, Instant> inpostPushUntil = new HashMap<>();
        List<String> dpd = new ArrayList<>();
        for (int i = 0; i < PARCELS; i++) {
            String d = "BD" + i + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            dpd.add(d);
            schedule.startIfAbsent(account, d, "DPD", null, start, policy.firstPoll("DPD", start));
            allegro.setTracking("DPD", d, List.of(scan(start.minusSeconds(3600), "IN_TRANSIT")));
            String g = "BG" + i + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            schedule.startIfAbsent(account, g, "GLS", null, start, policy.firstPoll("GLS", start));
            allegro.setTracking("GLS", g, List.of(scan(start.minusSeconds(3600), "IN_TRANSIT")));
            glsDelivery.put(g, start.plusSeconds(random.nextInt(24 * 3600)));
            String p = "BP" + i + UUID.randomUUID().toString().substring(0, 6).toUpperCase();
            allegro.setTracking("INPOST", p, List.of(scan(start.minusSeconds(3600), "IN_TRANSIT")));
            inpostPushUntil.put(p, start.plusSeconds(random.nextInt(12 * 3600)));
            push(tracking, account, p, start);
        }
        allegro.wireMock().resetRequests();
        long began = System.nanoTime();
        int polledTotal = 0;
        for (int run = 0; run < RUNS; run++) {
            clock.advance(Duration.ofMinutes(15));
            Instant now = clock.instant();
            for (Map.Entry<String, Instant> g : glsDelivery.entrySet()) {
                if (!g.getValue().isAfter(now) && g.getValue().isAfter(now.minus(Duration.ofMinutes(15)))) {
                    allegro.setTracking("GLS", g.getKey(), List.of(scan(start.minusSeconds(3600), "IN_TRANSIT"),
                            scan(g.getValue(), "DELIVERED")));
                }
            }
            for (Map.Entry<String, Instant> p : inpostPushUntil.entrySet()) {
                long minutes = Duration.between(start, now).toMinutes();
                if (minutes % 120 == 0 && !now.isAfter(p.getValue())) {
                    push(tracking, account, p.getKey(), now);
                }
            }
            polledTotal += poller.run().polled;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        AllegroContract.get().validateJournal(allegro.wireMock());
        Map<String, int[]> byCarrier = new HashMap<>(); // calls, waybills asked
        allegro.wireMock().getAllServeEvents().forEach(e -> {
            String url = e.getRequest().getUrl();
            if (url.startsWith("/order/carriers/")) {
                String carrier = url.substring("/order/carriers/".length(), url.indexOf("/tracking"));
                int[] c = byCarrier.computeIfAbsent(carrier, k -> new int[2]);
                c[0]++;
                c[1] += e.getRequest().queryParameter("waybill").values().size();
            }
        });
        StringBuilder out = new StringBuilder();
        out.append(String.format("tracking-poller, one simulated day (%d runs, 15 min apart), %d parcels per population%n",
                RUNS, PARCELS));
        line(out, "DPD, no push, in transit all day", byCarrier.get("DPD"), PARCELS);
        line(out, "GLS, no push, delivered during the day", byCarrier.get("GLS"), PARCELS);
        line(out, "InPost, pushed 0-12 h then silent", byCarrier.get("INPOST"), PARCELS);
        int calls = byCarrier.values().stream().mapToInt(c -> c[0]).sum();
        int asked = byCarrier.values().stream().mapToInt(c -> c[1]).sum();
        out.append(String.format("all: %d calls, %d waybill lookups (%.1f per call), %.2f calls per shipment per day "
                + "over %d shipments; %d polls; wall %.1f s%n", calls, asked, asked / (double) Math.max(1, calls),
                calls / (3.0 * PARCELS), 3 * PARCELS, polledTotal, seconds));
        System.out.print(out);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target", "poller-cost.txt"), out.toString());
        dynamo.close();
    }

    private static void line(StringBuilder out, String what, int[] c, int parcels) {
        int calls = c == null ? 0 : c[0];
        int asked = c == null ? 0 : c[1];
        out.append(String.format("%-42s %5d calls, %6d lookups, %.2f calls per shipment per day%n", what, calls, asked,
                calls / (double) parcels));
    }

    private static pl.trackbridge.local.allegro.TrackingStatus scan(Instant at, String code) {
        return pl.trackbridge.local.allegro.TrackingStatus.of(at, code);
    }

    private static void push(DynamoDbTrackingStore tracking, String account, String waybill, Instant at) {
        tracking.append(account, waybill, List.of(EventBuilder.from("generic").dedupeKey(waybill + "@" + at)
                .carrierId("INPOST").waybill(waybill).status(TrackingStatus.IN_TRANSIT).occurredAt(at).build()),
                null, at);
    }
}
