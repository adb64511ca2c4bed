package pl.trackbridge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.carrier.WebhookSources;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.testsupport.SignedDeliveries;
import pl.trackbridge.testsupport.SignedDeliveries.Delivery;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.ShipmentState;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * The webhook and account routes over real HTTP against the running application with DynamoDB Local and
 * ElasticMQ: every real sample of every source, duplicates, and every bad-input case of the issue.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
public class WebhookHttpTest {

    String account;

    /** The API's port; the Lambda extension points RestAssured at its mock event server instead. */
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);

    @BeforeEach
    void createAccount() {
        io.restassured.RestAssured.port = HTTP_PORT;
        account = "acct-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json")
                .body("{\"timeZone\":\"Europe/Warsaw\",\"webhookSecrets\":" + SignedDeliveries.ACCOUNT_SECRETS_JSON + "}")
                .put("/accounts/" + account)
                .then().statusCode(201).body("timeZone", equalTo("Europe/Warsaw"));
    }

    @Test
    void accountSecretsAreNeverReturned() {
        given().get("/accounts/" + account).then().statusCode(200)
                .body("webhookSecrets.generic", equalTo(List.of("secret")))
                .body(not(containsString("generic-secret")))
                .body(not(containsString("tok-inpost")));
        // a PUT without secrets keeps them (write-only fields are merged)
        given().contentType("application/json").body("{\"timeZone\":\"Europe/Berlin\"}").put("/accounts/" + account)
                .then().statusCode(200).body("timeZone", equalTo("Europe/Berlin"))
                .body("webhookSecrets.ups", equalTo(List.of("secret")));
        given().contentType("application/json").body("{\"timeZone\":\"Mars/Olympus\"}").put("/accounts/" + account)
                .then().statusCode(422).body("error", equalTo("VALIDATION_FAILED"))
                .body("fields.timeZone", containsString("IANA"));
    }

    @Test
    void everyRealSampleIsAcceptedOnceAndReadableBack() {
        Map<String, WebhookSource> sources = new HashMap<>();
        WebhookSources.all().forEach(s -> sources.put(s.name(), s));
        // Samples of one source can share a waybill: the shipment accumulates all of their events.
        Map<String, Map<String, CanonicalEvent>> postedByWaybill = new HashMap<>();
        for (Map.Entry<String, List<String>> e : SignedDeliveries.SAMPLES.entrySet()) {
            for (String fixture : e.getValue()) {
                if (fixture.contains("legacy-2018")) {
                    // this sample comes from InPost organisation 35, a different seller account in real life
                    given().contentType("application/json")
                            .body("{\"webhookSecrets\":{\"inpost\":{\"token\":\"tok-inpost\",\"organizationId\":\"35\"}}}")
                            .put("/accounts/" + account).then().statusCode(200);
                }
                Delivery d = SignedDeliveries.sample(e.getKey(), fixture, Instant.now());
                List<CanonicalEvent> events = sources.get(d.source()).normalise(new WebhookRequest(d.source(), account,
                        d.headers(), d.query(), d.body(), null, Instant.now()));
                long distinct = events.stream().map(CanonicalEvent::eventKey).distinct().count();
                post(d).statusCode(200).body("accepted", equalTo((int) distinct)).body("duplicates",
                        equalTo((int) (events.size() - distinct)));
                // a redelivery stores nothing new
                post(d).statusCode(200).body("accepted", equalTo(0)).body("duplicates", equalTo(events.size()));

                events.forEach(ev -> postedByWaybill.computeIfAbsent(ev.waybill(), w -> new LinkedHashMap<>())
                        .putIfAbsent(ev.eventKey(), ev));
                for (String waybill : events.stream().map(CanonicalEvent::waybill).distinct().toList()) {
                    Map<String, CanonicalEvent> all = postedByWaybill.get(waybill);
                    ShipmentState expected = ShipmentState.fold(all.values());
                    given().get("/accounts/" + account + "/shipments/" + waybill).then()
                            .statusCode(200)
                            .body("waybill", equalTo(waybill))
                            .body("status", equalTo(expected.status().name()))
                            .body("events.size()", equalTo(all.size()))
                            .body("events.source", org.hamcrest.Matchers.hasItem(d.source()));
                }
            }
        }
    }

    @Test
    void firstHandoverIsQueuedOnceForTheForwarder() {
        String waybill = "HANDOVER" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("h-1", waybill, "COLLECTED", "2026-11-20T10:00:00+01:00"), Instant.now());
        post(d).statusCode(200).body("accepted", equalTo(1));
        post(d).statusCode(200).body("duplicates", equalTo(1));
        Delivery later = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("h-2", waybill, "IN_TRANSIT", "2026-11-20T12:00:00+01:00"), Instant.now());
        post(later).statusCode(200).body("accepted", equalTo(1));

        List<String> bodies = drainForwardingQueue();
        long forThis = bodies.stream().filter(b -> b.contains(waybill)).count();
        assertEquals(1, forThis, "exactly one forwarding message for " + waybill + ": " + bodies);
        String message = bodies.stream().filter(b -> b.contains(waybill)).findFirst().orElseThrow();
        assertTrue(message.contains("\"reason\":\"HANDOVER\""), message);
        assertTrue(message.contains("\"evidenceAt\":\"2026-11-20T09:00:00Z\""), message);
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("handoverForward", equalTo("ENQUEUED")).body("handedOverAt", equalTo("2026-11-20T09:00:00Z"));
    }

    @Test
    void unknownStatusIsStoredAsUnknownWithItsRawCode() {
        String waybill = "UNK" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("u-1", waybill, "TELEPORTED", "2026-11-20T10:00:00Z"), Instant.now());
        post(d).statusCode(200).body("accepted", equalTo(1));
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(200)
                .body("status", equalTo("UNKNOWN")).body("events[0].rawStatus", equalTo("TELEPORTED"));
    }

    // ------------------------------------------------------------------ bad input: 4xx, JSON body, nothing stored

    @Test
    void malformedJsonIs400() {
        assertRejected(signedGeneric("{\"events\": [", Instant.now()), 400, "MALFORMED_PAYLOAD");
    }

    @Test
    void wrongContentTypeIs415() {
        Delivery d = signedGeneric(eventJson("BADCT1"), Instant.now());
        d.headers().put("Content-Type", "text/plain");
        assertRejected(d, 415, "UNSUPPORTED_MEDIA_TYPE");
        assertNotStored("BADCT1");
    }

    @Test
    void bodyOver256KiBIs413() {
        String padding = "x".repeat(300 * 1024);
        Delivery d = signedGeneric("{\"pad\":\"" + padding + "\"," + eventJson("BIG1").substring(1), Instant.now());
        assertRejected(d, 413, "PAYLOAD_TOO_LARGE");
        assertNotStored("BIG1");
        // beyond what the transport buffers at all: still a JSON 413
        Delivery huge = signedGeneric("{\"pad\":\"" + "y".repeat(2 * 1024 * 1024) + "\"}", Instant.now());
        assertRejected(huge, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void missingSignatureIs401() {
        Delivery d = signedGeneric(eventJson("NOSIG1"), Instant.now());
        d.headers().remove("X-TrackBridge-Signature");
        assertRejected(d, 401, "AUTHENTICATION_FAILED");
        assertNotStored("NOSIG1");
    }

    @Test
    void wrongSignatureIs401() {
        Delivery d = signedGeneric(eventJson("BADSIG1"), Instant.now());
        d.headers().put("X-TrackBridge-Signature", "v1=" + "0".repeat(64));
        assertRejected(d, 401, "AUTHENTICATION_FAILED");
        Delivery ups = SignedDeliveries.sample("ups", "ups-track-alert-tracking-event-out-for-delivery.json", Instant.now());
        ups.headers().put("Authorization", "Bearer not-the-secret");
        assertRejected(ups, 401, "AUTHENTICATION_FAILED");
        Delivery inpost = SignedDeliveries.sample("inpost", "inpost-shipx-webhook-shipment-status-changed.json", Instant.now());
        inpost.query().put("token", "guess");
        assertRejected(inpost, 401, "AUTHENTICATION_FAILED");
        assertNotStored("BADSIG1");
    }

    @Test
    void replayedOrStaleTimestampIs401() {
        Delivery stale = signedGeneric(eventJson("STALE1"), Instant.now().minusSeconds(301));
        assertRejected(stale, 401, "AUTHENTICATION_FAILED");
        Delivery future = signedGeneric(eventJson("STALE1"), Instant.now().plusSeconds(400));
        assertRejected(future, 401, "AUTHENTICATION_FAILED");
        assertNotStored("STALE1");
    }

    @Test
    void unknownSourceAndUnknownAccountAre404() {
        Delivery d = signedGeneric(eventJson("NOACC1"), Instant.now());
        given().headers(d.headers()).body(d.body()).post("/webhooks/dhl-teleport/" + account).then()
                .statusCode(404).body("error", equalTo("UNKNOWN_SOURCE"));
        given().headers(d.headers()).body(d.body()).post("/webhooks/generic/no-such-account").then()
                .statusCode(404).body("error", equalTo("UNKNOWN_ACCOUNT"));
        assertNotStored("NOACC1");
    }

    @Test
    void eventWithoutTrackingNumberIs400() {
        String body = "{\"events\":[{\"eventId\":\"x\",\"status\":\"COLLECTED\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}]}";
        assertRejected(signedGeneric(body, Instant.now()), 400, "MALFORMED_PAYLOAD");
    }

    @Test
    void absurdTimestampsAre400AndTheWholeDeliveryIsRefused() {
        String body = "{\"events\":[" + event("ABSURD1", "2026-11-20T10:00:00Z") + "," + event("ABSURD1", "1970-01-01T00:00:00Z") + "]}";
        assertRejected(signedGeneric(body, Instant.now()), 400, "MALFORMED_PAYLOAD");
        String future = "{\"events\":[" + event("ABSURD2", "2031-01-01T00:00:00Z") + "]}";
        assertRejected(signedGeneric(future, Instant.now()), 400, "MALFORMED_PAYLOAD");
        String garbage = "{\"events\":[" + event("ABSURD3", "yesterday-ish") + "]}";
        assertRejected(signedGeneric(garbage, Instant.now()), 400, "MALFORMED_PAYLOAD");
        assertNotStored("ABSURD1");
        assertNotStored("ABSURD2");
        assertNotStored("ABSURD3");
    }

    @Test
    void inpostProbeGetAnswers200() {
        given().get("/webhooks/inpost/" + account).then().statusCode(200);
    }

    // ------------------------------------------------------------------ helpers

    private ValidatableResponse post(Delivery d) {
        return given().headers(d.headers()).queryParams(d.query()).body(d.body())
                .post("/webhooks/" + d.source() + "/" + account).then();
    }

    private void assertRejected(Delivery d, int status, String error) {
        post(d).statusCode(status).contentType("application/json").body("error", equalTo(error))
                .body("message", not(equalTo("")));
    }

    private void assertNotStored(String waybill) {
        given().get("/accounts/" + account + "/shipments/" + waybill).then().statusCode(404)
                .body("error", equalTo("UNKNOWN_SHIPMENT"));
    }

    private static Delivery signedGeneric(String body, Instant signedAt) {
        Delivery d = SignedDeliveries.sign("generic", "inline", body.getBytes(StandardCharsets.UTF_8), signedAt);
        return new Delivery(d.source(), d.fixture(), d.body(), new HashMap<>(d.headers()), new HashMap<>(d.query()));
    }

    private static String eventJson(String waybill) {
        return "{\"events\":[" + event(waybill, "2026-11-20T10:00:00Z") + "]}";
    }

    private static String event(String waybill, String occurredAt) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"carrierId\":\"DPD\",\"waybill\":\"" + waybill
                + "\",\"status\":\"COLLECTED\",\"occurredAt\":\"" + occurredAt + "\"}";
    }

    private static List<String> drainForwardingQueue() {
        List<String> bodies = pl.trackbridge.testsupport.ForwardingQueueMessages.drain();
        assertFalse(bodies.isEmpty(), "the forwarding queue received nothing");
        return bodies;
    }
}
