package pl.trackbridge.carrier.ups;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.ups.UpsTestSupport.RECEIVED;
import static pl.trackbridge.carrier.ups.UpsTestSupport.SECRET;
import static pl.trackbridge.carrier.ups.UpsTestSupport.credentials;
import static pl.trackbridge.carrier.ups.UpsTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertMalformed;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.testsupport.JsonMutations;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

class UpsWebhookSourceTest {
    private static final String FIXTURE = "ups-track-alert-tracking-event-out-for-delivery.json";

    /** UPSTrackAlert.yaml webhook example '1' (manifest), verbatim values including the leading space. */
    private static final String SPEC_MANIFEST = """
            {"activityLocation":{"city":"","country":"US","postalCode":"","stateProvince":""},
             "activityStatus":{"code":"MP","description":"Shipment Ready for UPS","descriptionCode":"003","type":"M"},
             "actualDeliveryDate":"","actualDeliveryTime":"","deliveryEndTime":"","deliveryPhoto":"",
             "deliveryStartTime":"","deliveryTimeDescription":"","gmtActivityDate":"20240422","gmtActivityTime":"041230",
             "localActivityDate":"20240422","localActivityTime":"091230","scheduledDeliveryDate":"",
             "trackingNumber":" 1ZABCXYZ0112346789"}""";

    /** UPSTrackAlert.yaml webhook example '7' (delivered). */
    private static final String SPEC_DELIVERED = """
            {"trackingNumber":"1Z204W4R0308071865","localActivityDate":"20240423","localActivityTime":"095004",
             "activityLocation":{"city":"CHARLOTTE","stateProvince":"NC","postalCode":"28209","country":"US"},
             "activityStatus":{"type":"D","code":"FS","description":"Delivered","descriptionCode":"011"},
             "scheduledDeliveryDate":"","actualDeliveryDate":"20240423","actualDeliveryTime":"095004",
             "gmtActivityDate":"20240423","gmtActivityTime":"135004","deliveryStartTime":"","deliveryEndTime":"",
             "deliveryTimeDescription":""}""";

    private final UpsWebhookSource source = new UpsWebhookSource();

    private CanonicalEvent single(String body) {
        List<CanonicalEvent> events = source.normalise(request(body));
        assertEquals(1, events.size(), "one event per UPS callback");
        return events.get(0);
    }

    private static String event(String type, String code, String description, String timeFields) {
        return """
                {"trackingNumber":"1Z204W4R0308071865","activityStatus":{"type":%s,"code":%s,"description":%s},%s}"""
                .formatted(q(type), q(code), q(description), timeFields);
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    private static final String GMT = "\"gmtActivityDate\":\"20240423\",\"gmtActivityTime\":\"131519\"";



    @Test
    void nameIsThePathSegment() {
        assertEquals("ups", source.name());
    }

    @Nested
    class Fixtures {
        @Test
        void outForDeliveryFixture() {
            List<CanonicalEvent> events = source.normalise(request(fixture(FIXTURE)));
            assertEquals(1, events.size());
            CanonicalEvent e = events.get(0);
            assertEquals("ups", e.source());
            assertNull(e.sourceEventId(), "UPS has no event id");
            assertEquals("1Z204W4R0308071865", e.waybill());
            assertNull(e.newWaybill());
            assertEquals("UPS", e.carrierId());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.OUT_FOR_DELIVERY, e.status(), "type I, code OT");
            assertNull(e.reason());
            assertEquals("I", e.rawStatus());
            assertEquals("OT", e.rawCode());
            assertEquals("Out for Delivery", e.rawDescription());
            // the fixture has only local fields and no gmtOffset; a US location has no single zone -> UTC
            assertEquals(Instant.parse("2024-04-23T09:15:19Z"), e.occurredAt());
            assertEquals(new Location("Charlotte", "30004", "US", null), e.location());
            assertEquals(Signatures.sha256Hex("1Z204W4R0308071865|local|20240423|091519|I|OT"), e.dedupeKey());
            assertEquals(e.dedupeKey(), source.normalise(request(fixture(FIXTURE))).get(0).dedupeKey(),
                    "a redelivery is the same fact");
        }

        @Test
        void specManifestExampleUsesGmtAndNormalisesTheWaybill() {
            CanonicalEvent e = single(SPEC_MANIFEST);
            assertEquals("1ZABCXYZ0112346789", e.waybill(), "leading space of the spec example dropped");
            assertEquals(TrackingStatus.LABEL_CREATED, e.status());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals("M", e.rawStatus());
            assertEquals("MP", e.rawCode());
            assertEquals("Shipment Ready for UPS", e.rawDescription());
            assertEquals(Instant.parse("2024-04-22T04:12:30Z"), e.occurredAt(), "gmt fields win over local");
            assertEquals(new Location(null, null, "US", null), e.location(), "blank city/postal dropped");
            assertEquals(Signatures.sha256Hex("1ZABCXYZ0112346789|20240422|041230|M|MP"), e.dedupeKey());
        }

        @Test
        void specDeliveredExample() {
            CanonicalEvent e = single(SPEC_DELIVERED);
            assertEquals("1Z204W4R0308071865", e.waybill());
            assertEquals(TrackingStatus.DELIVERED, e.status());
            assertTrue(e.isTerminal());
            assertEquals("D", e.rawStatus());
            assertEquals("FS", e.rawCode());
            assertEquals("Delivered", e.rawDescription());
            assertEquals(Instant.parse("2024-04-23T13:50:04Z"), e.occurredAt());
            assertEquals(new Location("CHARLOTTE", "28209", "US", null), e.location());
            assertEquals(Signatures.sha256Hex("1Z204W4R0308071865|20240423|135004|D|FS"), e.dedupeKey());
        }

        @Test
        void differentEventsOfOneParcelHaveDifferentKeys() {
            String ofd = single(new String(fixture(FIXTURE), StandardCharsets.UTF_8)).dedupeKey();
            String delivered = single(SPEC_DELIVERED).dedupeKey();
            assertNotEquals(ofd, delivered);
        }
    }

    @Nested
    class Times {
        @Test
        void gmtOffsetAppliesToLocalTime() {
            CanonicalEvent e = single(event("I", "OT", "Out for Delivery",
                    "\"localActivityDate\":\"20240423\",\"localActivityTime\":\"091519\",\"gmtOffset\":\"-04.00\""));
            assertEquals(Instant.parse("2024-04-23T13:15:19Z"), e.occurredAt());
        }

        @ParameterizedTest
        @ValueSource(strings = {"-04:00", "-0400", "-4", "-04"})
        void gmtOffsetVariants(String offset) {
            CanonicalEvent e = single(event("I", "OT", "Out for Delivery",
                    "\"localActivityDate\":\"20240423\",\"localActivityTime\":\"091519\",\"gmtOffset\":\"" + offset + "\""));
            assertEquals(Instant.parse("2024-04-23T13:15:19Z"), e.occurredAt());
        }

        @Test
        void polishLocalTimeIsWarsawTime() {
            String body = """
                    {"trackingNumber":"1Z204W4R0308071865","localActivityDate":"20240715","localActivityTime":"120000",
                     "activityLocation":{"city":"Warszawa","country":"PL"},
                     "activityStatus":{"type":"I","code":"AR","description":"Arrived at Facility"}}""";
            assertEquals(Instant.parse("2024-07-15T10:00:00Z"), single(body).occurredAt(), "CEST = UTC+2");
        }

        @Test
        void unreadableGmtOffsetFallsBackToTheCountry() {
            String body = """
                    {"trackingNumber":"1Z204W4R0308071865","localActivityDate":"20240115","localActivityTime":"120000",
                     "gmtOffset":"EST","activityLocation":{"country":"PL"},
                     "activityStatus":{"type":"I","code":"AR","description":"Arrived at Facility"}}""";
            assertEquals(Instant.parse("2024-01-15T11:00:00Z"), single(body).occurredAt(), "CET = UTC+1");
        }

        @Test
        void gmtWinsOverLocalAndKeysOnGmt() {
            CanonicalEvent e = single(event("I", "AR", "Arrived", GMT
                    + ",\"localActivityDate\":\"20240423\",\"localActivityTime\":\"091519\",\"gmtOffset\":\"+09.00\""));
            assertEquals(Instant.parse("2024-04-23T13:15:19Z"), e.occurredAt());
            assertEquals(Signatures.sha256Hex("1Z204W4R0308071865|20240423|131519|I|AR"), e.dedupeKey());
        }

        @Test
        void halfGmtFallsBackToLocal() {
            CanonicalEvent e = single(event("I", "AR", "Arrived",
                    "\"gmtActivityDate\":\"20240423\",\"localActivityDate\":\"20240423\",\"localActivityTime\":\"091519\""));
            assertEquals(Instant.parse("2024-04-23T09:15:19Z"), e.occurredAt());
        }
    }

    @Nested
    class Authentication {
        private final byte[] body = fixture(FIXTURE);

        private WebhookRequest withHeaders(String... kv) {
            Map<String, String> h = new HashMap<>();
            h.put("User-Agent", "UPSPubSubTrackingService");
            for (int i = 0; i < kv.length; i += 2) {
                h.put(kv[i], kv[i + 1]);
            }
            return request(body, h);
        }

        @Test
        void bearerTokenPasses() {
            source.authenticate(withHeaders("Authorization", "Bearer " + SECRET), credentials(), RECEIVED);
            source.authenticate(withHeaders("authorization", "bearer  " + SECRET + " "), credentials(), RECEIVED);
            assertEquals(TrackingStatus.OUT_FOR_DELIVERY, source.normalise(withHeaders()).get(0).status());
        }

        @Test
        void v1CredentialHeaderPasses() {
            source.authenticate(withHeaders("credential", SECRET), credentials(), RECEIVED);
            source.authenticate(withHeaders("Credential", SECRET), credentials(), RECEIVED);
        }

        @Test
        void eitherHeaderSuffices() {
            source.authenticate(withHeaders("Authorization", "Bearer wrong", "credential", SECRET), credentials(), RECEIVED);
            source.authenticate(withHeaders("Authorization", "Bearer " + SECRET, "credential", "wrong"), credentials(),
                    RECEIVED);
        }

        @Test
        void wrongSecretFails() {
            assertUnauthenticated(() -> source.authenticate(withHeaders("Authorization", "Bearer " + SECRET + "x"),
                    credentials(), RECEIVED));
            assertUnauthenticated(() -> source.authenticate(withHeaders("credential", "not-the-secret"),
                    credentials(), RECEIVED));
        }

        @Test
        void missingHeadersFail() {
            assertUnauthenticated(() -> source.authenticate(withHeaders(), credentials(), RECEIVED));
        }

        @ParameterizedTest
        @ValueSource(strings = {"Basic ", "Token ", "", "Bearer", "Bearer: "})
        void otherSchemesFail(String prefix) {
            assertUnauthenticated(() -> source.authenticate(withHeaders("Authorization", prefix + SECRET),
                    credentials(), RECEIVED));
        }

        @Test
        void bareSecretInAuthorizationFails() {
            assertUnauthenticated(() -> source.authenticate(withHeaders("Authorization", SECRET), credentials(), RECEIVED));
        }

        @Test
        void unconfiguredSecretFails() {
            assertUnauthenticated(() -> source.authenticate(withHeaders("Authorization", "Bearer " + SECRET),
                    SourceCredentials.none(), RECEIVED));
            assertUnauthenticated(() -> source.authenticate(withHeaders("Authorization", "Bearer "),
                    new SourceCredentials(Map.of(SourceCredentials.SECRET, "")), RECEIVED));
        }

        @Test
        void bodyIsNotSignedSoATamperedBodyStillAuthenticates() {
            // UPS sends a bearer/credential, never a body signature: integrity rests on TLS alone
            byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"OT\"", "\"FS\"")
                    .getBytes(StandardCharsets.UTF_8);
            WebhookRequest r = request(tampered, Map.of("Authorization", "Bearer " + SECRET));
            source.authenticate(r, credentials(), RECEIVED);
            assertEquals("FS", source.normalise(r).get(0).rawCode());
        }

        @Test
        void authenticationNeverReadsTheBody() {
            WebhookRequest r = request("not json".getBytes(StandardCharsets.UTF_8),
                    Map.of("Authorization", "Bearer " + SECRET));
            source.authenticate(r, credentials(), RECEIVED);
            assertMalformed(() -> source.normalise(r), null);
        }
    }

    @Nested
    class BadInput {
        @Test
        void malformedJson() {
            assertMalformed(() -> source.normalise(request("{\"trackingNumber\":")), null);
        }

        @Test
        void jsonArray() {
            assertMalformed(() -> source.normalise(request("[" + SPEC_DELIVERED + "]")), null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "\"trackingNumber\":null,", "\"trackingNumber\":\"  \",", "\"trackingNumber\":{},"})
        void missingTrackingNumber(String tn) {
            String body = "{" + tn + "\"activityStatus\":{\"type\":\"D\",\"code\":\"FS\"}," + GMT + "}";
            assertMalformed(() -> source.normalise(request(body)), "trackingNumber");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",\"activityStatus\":null", ",\"activityStatus\":\"D\"", ",\"activityStatus\":[]"})
        void missingActivityStatus(String status) {
            String body = "{\"trackingNumber\":\"1Z204W4R0308071865\"," + GMT + status + "}";
            assertMalformed(() -> source.normalise(request(body)), "activityStatus");
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "\"gmtActivityDate\":\"2024-04-23\",\"gmtActivityTime\":\"131519\"",
                "\"gmtActivityDate\":\"20241323\",\"gmtActivityTime\":\"131519\"",
                "\"gmtActivityDate\":\"20240230\",\"gmtActivityTime\":\"131519\"",
                "\"gmtActivityDate\":\"20240423\",\"gmtActivityTime\":\"251519\"",
                "\"gmtActivityDate\":\"20240423\",\"gmtActivityTime\":\"1315\"",
                "\"gmtActivityDate\":\"yesterday\",\"gmtActivityTime\":\"noon\"",
                "\"localActivityDate\":\"20240423\",\"localActivityTime\":\"99\""})
        void unreadableTime(String fields) {
            assertMalformed(() -> source.normalise(request(event("I", "OT", "Out for Delivery", fields))),
                    "gmtActivityDate");
        }

        @Test
        void noTimeAtAll() {
            assertMalformed(() -> source.normalise(request(event("I", "OT", "Out for Delivery", "\"x\":1"))),
                    "gmtActivityDate");
        }

        @Test
        void unknownCodeIsUnknownNotRejected() {
            CanonicalEvent e = single(event("Z", "QQ", "Teleported", GMT));
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertEquals("Z", e.rawStatus());
            assertEquals("QQ", e.rawCode());
            assertEquals("Teleported", e.rawDescription());
        }

        @Test
        void emptyActivityStatusIsUnknownNotRejected() {
            CanonicalEvent e = single("{\"trackingNumber\":\"1Z204W4R0308071865\",\"activityStatus\":{}," + GMT + "}");
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertNull(e.rawStatus());
        }

        @Test
        void everyMutationOfEveryBodyIsAcceptedOrA4xx() {
            int checked = 0;
            for (byte[] body : List.of(fixture(FIXTURE), SPEC_MANIFEST.getBytes(StandardCharsets.UTF_8),
                    SPEC_DELIVERED.getBytes(StandardCharsets.UTF_8))) {
                checked += readOrMalformed("UPS body", JsonMutations.of(body), m -> {
                    for (CanonicalEvent e : source.normalise(request(m.body()))) {
                        assertFalse(e.waybill().isBlank(), m.description());
                    }
                }, null).variants();
            }
            assertTrue(checked > 300, "mutations checked: " + checked);
        }
    }
}
