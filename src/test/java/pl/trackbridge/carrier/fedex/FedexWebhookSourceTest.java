package pl.trackbridge.carrier.fedex;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.fedex.FedexTestSupport.RECEIVED;
import static pl.trackbridge.carrier.fedex.FedexTestSupport.SECRET;
import static pl.trackbridge.carrier.fedex.FedexTestSupport.credentials;
import static pl.trackbridge.carrier.fedex.FedexTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertMalformed;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.testsupport.JsonMutations;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

class FedexWebhookSourceTest {
    private static final String DELIVERED = "fedex-aiv-tracking-event-delivered.json";
    private static final String CUSTOMS = "fedex-aiv-tracking-event-customs-delay.json";

    private final FedexWebhookSource source = new FedexWebhookSource();



    private static void assertEvent(CanonicalEvent e, String waybill, String date, String code, TrackingStatus status,
            Reason reason, String rawCode, String rawDescription, Location location) {
        assertEquals("fedex", e.source());
        assertNull(e.sourceEventId(), "FedEx has no event id");
        assertEquals("FEDEX", e.carrierId());
        assertEquals(waybill, e.waybill());
        assertNull(e.newWaybill());
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(status, e.status(), code);
        assertEquals(reason, e.reason(), code);
        assertEquals(code, e.rawStatus());
        assertEquals(rawCode, e.rawCode(), code);
        assertEquals(rawDescription, e.rawDescription(), code);
        assertEquals(location, e.location(), code);
        assertEquals(Signatures.sha256Hex(waybill + "|" + code + "|" + date), e.dedupeKey(), code);
    }

    @Test
    void nameIsThePathSegment() {
        assertEquals("fedex", source.name());
    }

    @Nested
    class Fixtures {
        @Test
        void deliveredHistoryBecomesOneEventPerScan() {
            List<CanonicalEvent> events = source.normalise(request(fixture(DELIVERED)));
            assertEquals(6, events.size());
            String wb = "986578788855";
            Location clovis = new Location("CLOVIS", "93612", "US", null);
            assertEvent(events.get(0), wb, "2024-04-26T09:26:00-07:00", "DL", TrackingStatus.DELIVERED, null, null,
                    "Delivered", clovis);
            assertEquals(Instant.parse("2024-04-26T16:26:00Z"), events.get(0).occurredAt());
            assertTrue(events.get(0).isTerminal());
            assertEvent(events.get(1), wb, "2024-04-26T08:52:00-07:00", "OD", TrackingStatus.OUT_FOR_DELIVERY, null,
                    null, "On FedEx vehicle for delivery", clovis);
            assertEquals(Instant.parse("2024-04-26T15:52:00Z"), events.get(1).occurredAt());
            assertEvent(events.get(2), wb, "2024-04-25T11:26:00-07:00", "DE", TrackingStatus.DELIVERY_FAILED, null,
                    "08", "Customer not available or business closed", clovis);
            assertEquals(Instant.parse("2024-04-25T18:26:00Z"), events.get(2).occurredAt());
            assertEvent(events.get(3), wb, "2024-04-24T22:39:00-07:00", "AR", TrackingStatus.IN_TRANSIT, null, null,
                    "Arrived at FedEx hub", new Location("OAKLAND", "94621", "US", null));
            assertEquals(Instant.parse("2024-04-25T05:39:00Z"), events.get(3).occurredAt(), "crosses midnight UTC");
            assertEvent(events.get(4), wb, "2024-04-24T16:05:00-07:00", "PU", TrackingStatus.COLLECTED, null, null,
                    "Picked up", new Location("COSTA MESA", "92626", "US", null));
            assertEquals(Instant.parse("2024-04-24T23:05:00Z"), events.get(4).occurredAt());
            assertEvent(events.get(5), wb, "2024-04-24T15:30:57-05:00", "OC", TrackingStatus.LABEL_CREATED, null, null,
                    "Shipment information sent to FedEx", null);
            assertEquals(Instant.parse("2024-04-24T20:30:57Z"), events.get(5).occurredAt(), "its own -05:00 offset");
        }

        @Test
        void customsDelayIsAnOverlayAndUnknownCodesAreKept() {
            List<CanonicalEvent> events = source.normalise(request(fixture(CUSTOMS)));
            assertEquals(2, events.size());
            Location waw = new Location("WARSZAWA", "02-146", "PL", null);
            CanonicalEvent cd = events.get(0);
            assertEvent(cd, "397280491672", "2024-05-06T10:12:00+02:00", "CD", TrackingStatus.EXCEPTION, Reason.CUSTOMS,
                    "A25", "Import clearance documentation required", waw);
            assertEquals(Instant.parse("2024-05-06T08:12:00Z"), cd.occurredAt());
            assertTrue(cd.isOverlay(), "a customs hold flags the milestone, it does not replace it");
            CanonicalEvent ao = events.get(1);
            assertEvent(ao, "397280491672", "2024-05-06T07:40:00+02:00", "AO", TrackingStatus.UNKNOWN, null, null,
                    "Shipment arriving On-Time", waw);
            assertEquals(Instant.parse("2024-05-06T05:40:00Z"), ao.occurredAt());
        }

        @Test
        void dedupeKeysAreStableAndUniquePerScan() {
            List<CanonicalEvent> first = source.normalise(request(fixture(DELIVERED)));
            List<CanonicalEvent> again = source.normalise(request(fixture(DELIVERED)));
            Set<String> keys = new HashSet<>();
            for (int i = 0; i < first.size(); i++) {
                assertEquals(first.get(i).dedupeKey(), again.get(i).dedupeKey(), "redelivery is the same fact");
                keys.add(first.get(i).dedupeKey());
            }
            assertEquals(first.size(), keys.size(), "every scan is its own fact");
        }

        @Test
        void fixturesAuthenticate() {
            for (String name : List.of(DELIVERED, CUSTOMS)) {
                source.authenticate(request(fixture(name)), credentials(), RECEIVED);
            }
            // an independent computation (python hmac) over the delivered fixture's exact bytes
            source.authenticate(request(fixture(DELIVERED), Map.of("fdx-signature",
                    "nUMVmjXymX7qIzd1dNusrSVrTalcNCIDivSxDJ6F+aY=")), credentials(), RECEIVED);
        }
    }

    @Nested
    class Shapes {
        private static final String SCAN = """
                {"date":"2024-04-26T09:26:00-07:00","eventType":"DL","eventDescription":"Delivered"}""";

        @Test
        void completeTrackResultsWithoutTheOutputWrapper() {
            String body = "{\"completeTrackResults\":[{\"trackingNumber\":\"986578788855\",\"trackResults\":[{\"scanEvents\":["
                    + SCAN + "]}]}]}";
            CanonicalEvent e = source.normalise(request(body)).get(0);
            assertEquals("986578788855", e.waybill(), "the enclosing trackingNumber is used");
            assertEquals(TrackingStatus.DELIVERED, e.status());
        }

        @Test
        void bareTrackResults() {
            String body = "{\"trackResults\":[{\"trackingNumberInfo\":{\"trackingNumber\":\"986578788855\"},\"scanEvents\":["
                    + SCAN + "]}]}";
            assertEquals("986578788855", source.normalise(request(body)).get(0).waybill());
        }

        @Test
        void singleTrackResult() {
            String body = "{\"trackingNumber\":\"986578788855\",\"scanEvents\":[" + SCAN + "]}";
            CanonicalEvent e = source.normalise(request(body)).get(0);
            assertEquals("986578788855", e.waybill());
            assertEquals(Instant.parse("2024-04-26T16:26:00Z"), e.occurredAt());
        }

        @Test
        void severalPackagesInOnePayload() {
            String body = "{\"output\":{\"completeTrackResults\":["
                    + "{\"trackingNumber\":\"986578788855\",\"trackResults\":[{\"scanEvents\":[" + SCAN + "]}]},"
                    + "{\"trackingNumber\":\"397280491672\",\"trackResults\":[{\"scanEvents\":[" + SCAN + "]}]}]}}";
            List<CanonicalEvent> events = source.normalise(request(body));
            assertEquals(List.of("986578788855", "397280491672"), events.stream().map(CanonicalEvent::waybill).toList());
        }

        @Test
        void innerTrackingNumberWinsOverTheOuterOne() {
            String body = "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"111111111111\",\"trackResults\":["
                    + "{\"trackingNumberInfo\":{\"trackingNumber\":\"986578788855\"},\"scanEvents\":[" + SCAN + "]}]}]}}";
            assertEquals("986578788855", source.normalise(request(body)).get(0).waybill());
        }

        @Test
        void latestStatusWithoutScansIsDatedByTheNewestActualDate() {
            String body = """
                    {"output":{"completeTrackResults":[{"trackingNumber":"986578788855","trackResults":[{
                      "latestStatusDetail":{"code":"DL","derivedCode":"DL","statusByLocale":"Delivered","description":"Delivered",
                        "scanLocation":{"city":"CLOVIS","postalCode":"93612","countryCode":"US"}},
                      "dateAndTimes":[{"type":"ACTUAL_PICKUP","dateTime":"2024-04-25T08:55:00-07:00"},
                                      {"type":"ACTUAL_DELIVERY","dateTime":"2024-04-26T09:26:00-07:00"},
                                      {"type":"ESTIMATED_DELIVERY","dateTime":"2024-04-27T09:00:00-07:00"}]}]}]}}""";
            CanonicalEvent e = source.normalise(request(body)).get(0);
            assertEquals(TrackingStatus.DELIVERED, e.status());
            assertEquals(Instant.parse("2024-04-26T16:26:00Z"), e.occurredAt(), "ESTIMATED_* is not when it happened");
            assertEquals("DL", e.rawStatus());
            assertEquals("Delivered", e.rawDescription());
            assertEquals(new Location("CLOVIS", "93612", "US", null), e.location());
            assertEquals(Signatures.sha256Hex("986578788855|DL|2024-04-26T09:26:00-07:00"), e.dedupeKey());
        }

        @Test
        void latestStatusWithoutAnyActualDateIsMalformed() {
            String body = """
                    {"trackingNumber":"986578788855","latestStatusDetail":{"code":"IT"},
                     "dateAndTimes":[{"type":"ESTIMATED_DELIVERY","dateTime":"2024-04-27T09:00:00-07:00"}]}""";
            assertMalformed(() -> source.normalise(request(body)), "scanEvents");
        }

        @Test
        void perNumberErrorsAreSkipped() {
            String body = """
                    {"output":{"completeTrackResults":[
                      {"trackingNumber":"39936862321","trackResults":[{"trackingNumberInfo":{"trackingNumber":"39936862321"},
                        "error":{"code":"TRACKING.TRACKINGNUMBER.NOTFOUND","message":"Tracking number cannot be found."}}]},
                      {"trackingNumber":"986578788855","trackResults":[{"scanEvents":[%s]}]}]}}""".formatted(SCAN);
            List<CanonicalEvent> events = source.normalise(request(body));
            assertEquals(1, events.size());
            assertEquals("986578788855", events.get(0).waybill());
        }

        @Test
        void missingEventTypeFallsBackToTheDerivedCode() {
            String body = """
                    {"trackingNumber":"986578788855","scanEvents":[{"date":"2024-04-26T09:26:00-07:00",
                      "derivedStatusCode":"DL","eventDescription":"Delivered"}]}""";
            CanonicalEvent e = source.normalise(request(body)).get(0);
            assertEquals(TrackingStatus.DELIVERED, e.status());
            assertEquals("DL", e.rawStatus());
        }

        @Test
        void localTimeWithoutOffsetIsReadAsUtc() {
            String body = """
                    {"trackingNumber":"986578788855","scanEvents":[{"date":"2018-02-02T12:01:00","eventType":"PU"}]}""";
            assertEquals(Instant.parse("2018-02-02T12:01:00Z"), source.normalise(request(body)).get(0).occurredAt());
        }

        @Test
        void unknownCodeIsUnknownNotRejected() {
            String body = """
                    {"trackingNumber":"986578788855","scanEvents":[{"date":"2024-04-26T09:26:00-07:00",
                      "eventType":"ZZ","eventDescription":"Teleported"}]}""";
            CanonicalEvent e = source.normalise(request(body)).get(0);
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertEquals("ZZ", e.rawStatus());
            assertEquals("Teleported", e.rawDescription());
        }
    }

    @Nested
    class Authentication {
        private final byte[] body = fixture(DELIVERED);

        @Test
        void correctSignaturePasses() {
            source.authenticate(request(body), credentials(), RECEIVED);
            assertEquals(6, source.normalise(request(body)).size());
        }

        @Test
        void knownVector() {
            // python: base64(hmac.new(b"fedex-security-token", body, sha256).digest())
            byte[] b = "{\"output\":{\"completeTrackResults\":[]}}".getBytes(StandardCharsets.UTF_8);
            source.authenticate(request(b, Map.of("fdx-signature", "Swi9GdtzxWifzMdto+kV53PqBIef+giHdQAH+IvzFE0=")),
                    credentials(), RECEIVED);
        }

        @Test
        void headerNameIsCaseInsensitive() {
            String sig = Signatures.base64(Signatures.hmacSha256(SECRET, body));
            source.authenticate(request(body, Map.of("FDX-Signature", sig)), credentials(), RECEIVED);
        }

        @Test
        void wrongSecretFails() {
            String sig = Signatures.base64(Signatures.hmacSha256("another-token", body));
            assertUnauthenticated(() -> source.authenticate(request(body, Map.of("fdx-signature", sig)),
                    credentials(), RECEIVED));
        }

        @Test
        void missingHeaderFails() {
            assertUnauthenticated(() -> source.authenticate(request(body, Map.of()), credentials(), RECEIVED));
        }

        @Test
        void tamperedBodyFails() {
            String sig = Signatures.base64(Signatures.hmacSha256(SECRET, body));
            byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"DE\"", "\"DL\"")
                    .getBytes(StandardCharsets.UTF_8);
            assertFalse(Arrays.equals(body, tampered));
            assertUnauthenticated(() -> source.authenticate(request(tampered, Map.of("fdx-signature", sig)),
                    credentials(), RECEIVED));
        }

        @Test
        void hexInsteadOfBase64Fails() {
            String hex = Signatures.hex(Signatures.hmacSha256(SECRET, body));
            assertUnauthenticated(() -> source.authenticate(request(body, Map.of("fdx-signature", hex)),
                    credentials(), RECEIVED));
        }

        @ParameterizedTest
        @ValueSource(strings = {"", "   ", "!!!not base64!!!", "sha256=abc", "AAAA"})
        void garbageSignatureFails(String sig) {
            assertUnauthenticated(() -> source.authenticate(request(body, Map.of("fdx-signature", sig)),
                    credentials(), RECEIVED));
        }

        @Test
        void unconfiguredSecretFails() {
            assertUnauthenticated(() -> source.authenticate(request(body), SourceCredentials.none(), RECEIVED));
        }
    }

    @Nested
    class BadInput {
        @Test
        void malformedJson() {
            assertMalformed(() -> source.normalise(request("{\"output\":")), null);
        }

        @Test
        void jsonArray() {
            assertMalformed(() -> source.normalise(request("[{\"trackingNumber\":\"986578788855\"}]")), null);
        }

        @ParameterizedTest
        @ValueSource(strings = {"{}", "{\"output\":{}}", "{\"output\":{\"completeTrackResults\":[]}}",
                "{\"output\":{\"completeTrackResults\":{}}}", "{\"hello\":\"world\"}",
                "{\"output\":{\"completeTrackResults\":[{\"trackingNumber\":\"986578788855\",\"trackResults\":[]}]}}"})
        void notAFedexPayload(String body) {
            assertMalformed(() -> source.normalise(request(body)), "completeTrackResults");
        }

        @ParameterizedTest
        @ValueSource(strings = {"1", "\"x\"", "null", "[]"})
        void completeTrackResultNotAnObject(String element) {
            assertMalformed(() -> source.normalise(request("{\"output\":{\"completeTrackResults\":[" + element + "]}}")),
                    "completeTrackResults[0]");
        }

        @Test
        void missingTrackingNumber() {
            String body = """
                    {"output":{"completeTrackResults":[{"trackResults":[{"scanEvents":[
                      {"date":"2024-04-26T09:26:00-07:00","eventType":"DL"}]}]}]}}""";
            assertMalformed(() -> source.normalise(request(body)), "trackingNumber");
        }

        @Test
        void trackResultWithoutScansOrStatus() {
            assertMalformed(() -> source.normalise(request(
                    "{\"trackingNumberInfo\":{\"trackingNumber\":\"986578788855\"},\"scanEvents\":[]}")), "scanEvents");
        }

        @ParameterizedTest
        @ValueSource(strings = {"\"26/04/2024 09:26\"", "\"2024-04-31T09:26:00-07:00\"", "\"\"", "null", "17",
                "\"2024-04-26T25:26:00Z\""})
        void unreadableScanDate(String date) {
            String body = "{\"trackingNumber\":\"986578788855\",\"scanEvents\":[{\"date\":" + date
                    + ",\"eventType\":\"DL\"}]}";
            assertMalformed(() -> source.normalise(request(body)), "body.scanEvents[0].date");
        }

        @Test
        void scanEventNotAnObject() {
            assertMalformed(() -> source.normalise(request("{\"trackingNumber\":\"986578788855\",\"scanEvents\":[\"DL\"]}")),
                    "body.scanEvents[0]");
        }

        @Test
        void everyMutationOfEveryFixtureIsAcceptedOrA4xx() {
            int checked = 0;
            for (String name : List.of(DELIVERED, CUSTOMS)) {
                checked += readOrMalformed(name, JsonMutations.of(fixture(name)), m -> {
                    WebhookRequest r = request(m.body());
                    source.authenticate(r, credentials(), RECEIVED);
                    for (CanonicalEvent e : source.normalise(r)) {
                        assertFalse(e.waybill().isBlank(), m.description());
                    }
                }, null).variants();
            }
            assertTrue(checked > 1000, "mutations checked: " + checked);
        }
    }
}
