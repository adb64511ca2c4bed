package pl.trackbridge.poller;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroClient;
import pl.trackbridge.allegro.contract.AllegroContract;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.ManualClock;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.store.dynamodb.DynamoDbPollSchedule;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The tracking poller against the Allegro stand-in and DynamoDB Local: the application's own Allegro client (rate
 * limiter, tokens, trace ids) and tables, with the poller's clock in the test's hand so quiet periods can pass.
 * Every request and response is checked against Allegro's OpenAPI after each test.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
@QuarkusTestResource(AllegroStandInResource.class)
public class TrackingPollerStandInTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final Duration RUN = Duration.ofMinutes(15);

    @Inject
    AllegroClient client;
    @Inject
    ForwardingQueue queue;

    AllegroStandIn allegro;
    String account;
    DynamoDbClient dynamo;
    ManualClock clock;
    PollPolicy policy;
    DynamoDbPollSchedule schedule;
    DynamoDbTrackingStore tracking;
    TrackingPoller poller;

    @BeforeEach
    void connectedAccount() {
        io.restassured.RestAssured.port = HTTP_PORT;
        allegro = AllegroStandInResource.standIn();
        allegro.setClock(Clock.systemUTC());
        account = "poll-" + UUID.randomUUID().toString().substring(0, 8);
        String token = allegro.issueRefreshToken(AllegroStandInResource.CLIENT_ID, "seller-" + account);
        given().contentType("application/json").body("{\"allegroRefreshToken\":\"" + token + "\"}")
                .put("/accounts/" + account).then().statusCode(201);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
        clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        policy = PollPolicy.defaults();
        schedule = new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", policy);
        tracking = new DynamoDbTrackingStore(dynamo, new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable",
                "WebhookInboxTable", "JobStateTable"), schedule);
        // only this test's account counts as connected: other tests' schedules stay untouched
        poller = new TrackingPoller(schedule, tracking, client::parcelTracking, policy, clock, account::equals, 5000, queue);
        allegro.wireMock().resetRequests();
    }

    @AfterEach
    void contract() {
        AllegroContract.get().validateJournal(allegro.wireMock());
        dynamo.close();
    }

    private void register(String carrierId, String waybill) {
        schedule.startIfAbsent(account, waybill, carrierId, null, clock.instant(),
                policy.firstPoll(carrierId, clock.instant()));
    }

    private List<ServeEvent> trackingCalls(String carrierId) {
        return allegro.wireMock().getAllServeEvents().stream()
                .filter(e -> e.getRequest().getUrl().startsWith("/order/carriers/" + carrierId + "/tracking")).toList();
    }

    private static pl.trackbridge.local.allegro.TrackingStatus scan(Instant at, String code) {
        return pl.trackbridge.local.allegro.TrackingStatus.of(at, code);
    }

    private PollReport pollAfter(Duration d) {
        clock.advance(d);
        return poller.run();
    }

    private static String waybill(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10).toUpperCase();
    }

    @Test
    void aDpdParcelTrackedOnlyByPollingReachesDeliveredWithTheCarriersTimes() {
        // registered through the application: the registration itself starts the schedule
        String order = allegro.addOrder("seller-" + account, OrderSpec.readyForProcessing());
        String wb = "1234567" + (100000 + (int) (Math.random() * 800000)) + "U";
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"DPD\",\"waybill\":\""
                + wb + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);
        PollItem scheduled = schedule.find(account, wb).orElseThrow();
        assertNotNull(scheduled.nextPollAt(), "a DPD waybill is due from its registration, before any event");
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));

        Instant t0 = clock.instant().minus(Duration.ofHours(30));
        Instant collected = t0.plus(Duration.ofHours(2));
        Instant out = t0.plus(Duration.ofHours(20));
        allegro.setTracking("DPD", wb, List.of(scan(t0, "PENDING"), scan(collected, "IN_TRANSIT"),
                scan(out, "RELEASED_FOR_DELIVERY")));
        PollReport first = pollAfter(Duration.ofSeconds(1));
        assertEquals(3, first.eventsAdded);
        ShipmentRecord s = tracking.shipment(account, wb).orElseThrow();
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, s.state().status());
        assertEquals(collected, s.state().firstScanAt(), "the carrier's time, not the poll's");
        assertEquals(ShipmentRecord.FORWARD_ENQUEUED, s.handoverForward(), "a polled first scan is a handover too");

        Instant delivered = t0.plus(Duration.ofHours(26));
        allegro.setTracking("DPD", wb, List.of(scan(t0, "PENDING"), scan(collected, "IN_TRANSIT"),
                scan(out, "RELEASED_FOR_DELIVERY"), scan(delivered, "DELIVERED")));
        assertEquals(0, pollAfter(Duration.ofMinutes(5)).polled, "not again before the minimum interval");
        PollReport second = pollAfter(RUN);
        assertEquals(1, second.eventsAdded, "only what is new");
        s = tracking.shipment(account, wb).orElseThrow();
        assertEquals(TrackingStatus.DELIVERED, s.state().status());
        assertTrue(s.state().isTerminal());
        assertEquals(delivered, s.state().current().occurredAt());
        PollItem done = schedule.find(account, wb).orElseThrow();
        assertNull(done.nextPollAt(), "terminal: out of the due index");
        assertEquals(PollItem.TERMINAL, done.stopped());

        int calls = trackingCalls("DPD").size();
        pollAfter(RUN);
        assertEquals(calls, trackingCalls("DPD").size(), "a delivered parcel is not polled again");
        given().get("/accounts/" + account + "/shipments/" + wb).then().statusCode(200)
                .body("status", equalTo("DELIVERED"))
                .body("events.size()", equalTo(4))
                .body("events[3].occurredAt", equalTo(delivered.toString()));
    }

    @Test
    void fortyFiveDueWaybillsOfOneCarrierTakeThreeCalls() {
        List<String> waybills = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String wb = waybill("GLS");
            waybills.add(wb);
            register("GLS", wb);
            allegro.setTracking("GLS", wb, List.of(scan(clock.instant().minusSeconds(3600), "IN_TRANSIT")));
        }
        PollReport r = pollAfter(Duration.ofSeconds(1));
        assertEquals(45, r.polled);
        assertEquals(3, r.calls);
        List<ServeEvent> calls = trackingCalls("GLS");
        assertEquals(3, calls.size());
        int asked = 0;
        for (ServeEvent e : calls) {
            int n = e.getRequest().queryParameter("waybill").values().size();
            assertTrue(n <= 20, "at most 20 waybills a call, was " + n);
            asked += n;
        }
        assertEquals(45, asked, "each waybill asked once");
        assertEquals(45, r.eventsAdded);
    }

    @Test
    void aCarrierAllegroRefusesIsReportedOnceAndItsShipmentsLeaveTheSchedule() {
        allegro.refuseTracking("GEIS");
        try {
            for (int i = 0; i < 3; i++) {
                register("GEIS", waybill("GE"));
            }
            // GEIS is not a no-push carrier: a registered waybill is first asked about after the quiet period
            PollReport first = pollAfter(Duration.ofHours(6).plusSeconds(1));
            assertEquals(List.of("GEIS"), first.refusedCarriers, pl.trackbridge.poller.PollSummary.json(first).toString());
            assertEquals(1, first.calls);
            assertEquals(3, first.stoppedCarrierRefused);
            String later = waybill("GE");
            register("GEIS", later);
            PollReport second = pollAfter(Duration.ofHours(6).plusSeconds(1));
            assertEquals(List.of(), second.refusedCarriers, "reported once");
            assertEquals(0, second.calls, "not asked again while the refusal holds");
            assertEquals(1, second.stoppedCarrierRefused);
            assertEquals(PollItem.CARRIER_REFUSED, schedule.find(account, later).orElseThrow().stopped());
            assertEquals(0, pollAfter(RUN).calls);
            assertEquals(1, trackingCalls("GEIS").size());
        } finally {
            allegro.acceptTracking("GEIS");
        }
    }

    private CanonicalEvent pushed(String source, String wb, TrackingStatus status, Instant at) {
        return EventBuilder.from(source).dedupeKey(source + "-" + wb + "-" + status + "-" + at).carrierId("INPOST")
                .waybill(wb).status(status).rawStatus(status.name()).occurredAt(at).build();
    }

    @Test
    void aParcelWithPushEventsIsNotPolledWhileTheyFlowButIsOnceTheyStop() {
        String wb = waybill("INP");
        allegro.setTracking("INPOST", wb, List.of(scan(clock.instant().minusSeconds(600), "IN_TRANSIT")));
        tracking.append(account, wb, List.of(pushed("generic", wb, TrackingStatus.COLLECTED,
                clock.instant().minusSeconds(1200))), null, clock.instant());
        assertEquals(0, pollAfter(RUN).polled);
        clock.advance(Duration.ofHours(3));
        tracking.append(account, wb, List.of(pushed("generic", wb, TrackingStatus.IN_TRANSIT, clock.instant())), null,
                clock.instant());
        assertEquals(0, pollAfter(Duration.ofHours(5)).polled, "5 h after the last push: still flowing");
        assertEquals(0, trackingCalls("INPOST").size());
        PollReport quiet = pollAfter(Duration.ofHours(1).plusMinutes(1));
        assertEquals(1, quiet.polled, "6 h without a push: the safety net asks Allegro");
        assertEquals(0, pollAfter(RUN).polled, "then not every run: every quiet period");
        assertEquals(1, pollAfter(Duration.ofHours(6)).polled);
    }

    @Test
    void repeatedPollsAddNoDuplicatesAndAStatusAlreadyPushedForTheSameInstantIsNotStoredTwice() {
        String wb = waybill("PP");
        register("POCZTA_POLSKA", wb);
        Instant collected = clock.instant().minus(Duration.ofHours(5));
        Instant transit = clock.instant().minus(Duration.ofHours(2));
        allegro.setTracking("POCZTA_POLSKA", wb, List.of(scan(collected, "IN_TRANSIT"),
                scan(transit, "IN_TRANSIT")));
        // the seller's WMS pushed the second scan already (same status, same instant)
        tracking.append(account, wb, List.of(EventBuilder.from("generic").dedupeKey("wms-1").carrierId("POCZTA_POLSKA")
                .waybill(wb).status(TrackingStatus.IN_TRANSIT).occurredAt(transit).build()), null, clock.instant());
        // a push made it a pushed parcel: bring it due now
        clock.advance(Duration.ofHours(7));
        PollReport first = poller.run();
        assertEquals(1, first.eventsAdded);
        assertEquals(1, first.alreadyKnown);
        List<StoredEvent> stored = tracking.events(account, wb);
        assertEquals(2, stored.size());
        for (int i = 0; i < 3; i++) {
            PollReport again = pollAfter(Duration.ofHours(6).plusMinutes(1));
            assertEquals(1, again.polled);
            assertEquals(0, again.eventsAdded);
        }
        assertEquals(stored.stream().map(x -> x.event().eventKey()).toList(),
                tracking.events(account, wb).stream().map(x -> x.event().eventKey()).toList());
        assertEquals(2, tracking.shipment(account, wb).orElseThrow().eventCount());
    }

    @Test
    void anUnsignedTerminalWaitsForAPollToConfirmIt() {
        String wb = waybill("INP");
        Instant delivered = clock.instant().minusSeconds(900);
        tracking.append(account, wb, List.of(pushed("inpost", wb, TrackingStatus.DELIVERED, delivered)), null,
                clock.instant());
        PollItem pending = schedule.find(account, wb).orElseThrow();
        assertTrue(pending.terminalUnconfirmed(), "InPost signs nothing: its DELIVERED waits for confirmation");
        assertNotNull(pending.nextPollAt());
        allegro.setTracking("INPOST", wb, List.of(scan(delivered.minusSeconds(3600), "RELEASED_FOR_DELIVERY")));
        PollReport notYet = pollAfter(Duration.ofSeconds(1));
        assertEquals(1, notYet.polled);
        assertEquals(0, notYet.terminalsConfirmed);
        assertTrue(schedule.find(account, wb).orElseThrow().terminalUnconfirmed());
        allegro.setTracking("INPOST", wb, List.of(scan(delivered.minusSeconds(3600), "RELEASED_FOR_DELIVERY"),
                scan(delivered.plusSeconds(30), "DELIVERED")));
        PollReport confirmed = pollAfter(RUN);
        assertEquals(1, confirmed.terminalsConfirmed);
        PollItem done = schedule.find(account, wb).orElseThrow();
        assertFalse(done.terminalUnconfirmed());
        assertNull(done.nextPollAt());
        assertEquals(0, pollAfter(RUN).polled);
    }

    @Test
    void twoConcurrentRunsAskAboutEachShipmentOnce() throws Exception {
        for (int i = 0; i < 30; i++) {
            String wb = waybill("DHL");
            register("DHL", wb);
        }
        clock.advance(Duration.ofSeconds(1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<PollReport> a = pool.submit(poller::run);
            Future<PollReport> b = pool.submit(poller::run);
            PollReport ra = a.get();
            PollReport rb = b.get();
            assertEquals(30, ra.polled + rb.polled);
            int asked = trackingCalls("DHL").stream()
                    .mapToInt(e -> e.getRequest().queryParameter("waybill").values().size()).sum();
            assertEquals(30, asked);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theJobRunsWithOneCommandOverHttp() {
        String order = allegro.addOrder("seller-" + account, OrderSpec.readyForProcessing());
        String wb = "1234568" + (100000 + (int) (Math.random() * 800000)) + "U";
        given().contentType("application/json").body("{\"orderId\":\"" + order + "\",\"carrierId\":\"DPD\",\"waybill\":\""
                + wb + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);
        Instant scan = Instant.now().minusSeconds(7200).truncatedTo(ChronoUnit.SECONDS);
        allegro.setTracking("DPD", wb, List.of(scan(scan, "IN_TRANSIT")));
        given().post("/jobs/tracking-poller").then().statusCode(200).body("job", equalTo("tracking-poller"))
                .body("calls", org.hamcrest.Matchers.greaterThanOrEqualTo(1));
        given().get("/accounts/" + account + "/shipments/" + wb).then().statusCode(200)
                .body("status", equalTo("IN_TRANSIT")).body("events[0].source", equalTo("allegro-tracking"))
                .body("events[0].occurredAt", equalTo(scan.toString()));
    }

    @Test
    void aRunOutOfTimeLeavesTheRestDueForTheNextRun() {
        String wb = waybill("GLS");
        register("GLS", wb);
        clock.advance(Duration.ofSeconds(1));
        PollReport late = new TrackingPoller(schedule, tracking, client::parcelTracking, policy, clock, account::equals,
                5000, queue).withBudget(Duration.ZERO).run();
        assertEquals(0, late.calls);
        assertTrue(late.errors.get(0).startsWith("out of time"), late.errors.toString());
        assertEquals(clock.instant().minusSeconds(1), schedule.find(account, wb).orElseThrow().nextPollAt(), "still due");
        assertEquals(1, poller.run().polled);
    }
}
