package pl.trackbridge.carrier.inpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.INPOST_IP;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.RECEIVED;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.TOKEN;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.credentials;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.request;
import static pl.trackbridge.carrier.inpost.InpostTestSupport.utf8;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertMalformed;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.testsupport.JsonMutations;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRejectedException.Problem;
import pl.trackbridge.webhook.WebhookRequest;

class InpostWebhookSourceTest {
    private final InpostWebhookSource source = new InpostWebhookSource();

    private static String body(String event, String status, String trackingNumber) {
        return """
                {"event_ts":"2024-06-03 10:15:00 +0200","event":"%s","organization_id":1,
                 "payload":{"shipment_id":77,%s"tracking_number":%s}}"""
                .formatted(event, status == null ? "" : "\"status\":\"" + status + "\",",
                        trackingNumber == null ? "null" : "\"" + trackingNumber + "\"");
    }

    private CanonicalEvent single(String body) {
        List<CanonicalEvent> events = source.normalise(request(body));
        assertEquals(1, events.size(), "one event per InPost delivery");
        return events.get(0);
    }



    @Test
    void nameIsThePathSegment() {
        assertEquals("inpost", source.name());
    }

    @Nested
    class Fixtures {
        @Test
        void shipmentConfirmedIsLabelCreated() {
            List<CanonicalEvent> events = source.normalise(request(fixture("inpost-shipx-webhook-shipment-confirmed.json")));
            assertEquals(1, events.size());
            CanonicalEvent e = events.get(0);
            assertEquals("inpost", e.source());
            assertNull(e.sourceEventId(), "InPost has no event id");
            assertEquals("602677439331630337653846", e.waybill());
            assertNull(e.newWaybill());
            assertEquals("INPOST", e.carrierId());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.LABEL_CREATED, e.status());
            assertNull(e.reason());
            assertEquals("shipment_confirmed", e.rawStatus(), "the event name stands in for the missing status");
            assertNull(e.rawCode());
            assertNull(e.rawDescription());
            assertEquals(Instant.parse("2020-03-20T14:08:06Z"), e.occurredAt(), "+0100 offset applied");
            assertNull(e.location());
            assertNull(e.orderId());
            assertEquals(Signatures.sha256Hex("1|49|shipment_confirmed||2020-03-20 15:08:06 +0100"), e.dedupeKey());
            assertEquals("e93e51e7608c03979bf76dfe797ab00a0a1d023d0c6af3c425d49b1047961be5", e.dedupeKey(),
                    "independently computed sha256 of organization_id|shipment_id|event|status|event_ts");
        }

        @Test
        void shipmentStatusChangedDelivered() {
            CanonicalEvent e = source.normalise(request(fixture("inpost-shipx-webhook-shipment-status-changed.json"))).get(0);
            assertEquals("602677439331630337653846", e.waybill());
            assertEquals("INPOST", e.carrierId());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.DELIVERED, e.status());
            assertNull(e.reason());
            assertTrue(e.isTerminal());
            assertEquals("delivered", e.rawStatus());
            assertNull(e.rawCode());
            assertEquals(Instant.parse("2020-03-20T14:08:42Z"), e.occurredAt());
            assertEquals(Signatures.sha256Hex("1|49|shipment_status_changed|delivered|2020-03-20 15:08:42 +0100"),
                    e.dedupeKey());
        }

        @Test
        void legacy2018ConfirmedWithCreatedById() {
            CanonicalEvent e = source.normalise(
                    request(fixture("inpost-shipx-webhook-shipment-confirmed-legacy-2018.json"))).get(0);
            assertEquals("633300208831612315289193", e.waybill());
            assertEquals(TrackingStatus.LABEL_CREATED, e.status());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(Instant.parse("2018-07-17T10:57:29Z"), e.occurredAt(), "+0200 offset applied");
            assertEquals(Signatures.sha256Hex("35|87235|shipment_confirmed||2018-07-17 12:57:29 +0200"), e.dedupeKey());
        }

        @Test
        void dedupeKeysAreStableAndDistinctPerFact() {
            byte[] confirmed = fixture("inpost-shipx-webhook-shipment-confirmed.json");
            byte[] changed = fixture("inpost-shipx-webhook-shipment-status-changed.json");
            String k1 = source.normalise(request(confirmed)).get(0).dedupeKey();
            String k2 = source.normalise(request(confirmed)).get(0).dedupeKey();
            String k3 = source.normalise(request(changed)).get(0).dedupeKey();
            assertEquals(k1, k2, "a redelivery is the same fact");
            assertNotEquals(k1, k3, "two events of one shipment are two facts");
            assertEquals(64, k1.length(), "sha256 hex");
        }

        @Test
        void fixturesAuthenticateWithTheirOrganisation() {
            source.authenticate(request(fixture("inpost-shipx-webhook-shipment-confirmed.json")),
                    credentials("1", "91.216.25.0/24"), RECEIVED);
            source.authenticate(request(fixture("inpost-shipx-webhook-shipment-confirmed-legacy-2018.json")),
                    credentials("35", null), RECEIVED);
            assertUnauthenticated(() -> source.authenticate(
                    request(fixture("inpost-shipx-webhook-shipment-confirmed-legacy-2018.json")),
                    credentials("1", null), RECEIVED));
        }
    }

    @Nested
    class Events {
        @Test
        void offersPreparedYieldsNothingToStore() {
            String body = """
                    {"event_ts":"2024-06-03 10:15:00 +0200","event":"offers_prepared","organization_id":1,
                     "payload":{"shipment_id":77,"offers":[{"id":1,"status":"available","rate":12.5,"currency":"PLN",
                     "carrier":{"name":"InPost"},"service":{"id":"inpost_locker_standard"}}]}}""";
            assertEquals(List.of(), source.normalise(request(body)));
        }

        @Test
        void preLabelStatusWithoutTrackingNumberYieldsNothing() {
            assertEquals(List.of(), source.normalise(request(body("shipment_status_changed", "offer_selected", null))));
            assertEquals(List.of(), source.normalise(request(body("shipment_status_changed", "created", null))));
        }

        @Test
        void preLabelStatusWithTrackingNumberIsInfo() {
            CanonicalEvent e = single(body("shipment_status_changed", "created", "602677439331630337653846"));
            assertEquals(EventKind.INFO, e.kind());
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertEquals("created", e.rawStatus());
        }

        @Test
        void returnTrackingNumberBecomesNewWaybill() {
            String body = """
                    {"event_ts":"2024-06-03 10:15:00 +0200","event":"shipment_status_changed","organization_id":1,
                     "payload":{"shipment_id":77,"status":"returned_to_sender","tracking_number":"602677439331630337653846",
                     "return_tracking_number":"522107010621008001205984"}}""";
            CanonicalEvent e = single(body);
            assertEquals(TrackingStatus.RETURNED_TO_SENDER, e.status());
            assertEquals("602677439331630337653846", e.waybill());
            assertEquals("522107010621008001205984", e.newWaybill());
            assertEquals(Instant.parse("2024-06-03T08:15:00Z"), e.occurredAt());
        }

        @Test
        void unknownEventNamedLikeAStatusIsMappedAndKeepsTheEventName() {
            // inpost-shipx.md lists a "(ZDN) returned_to_sender" event without saying whether it is an event name
            CanonicalEvent e = single(body("returned_to_sender", null, "602677439331630337653846"));
            assertEquals(TrackingStatus.RETURNED_TO_SENDER, e.status());
            assertEquals("returned_to_sender", e.rawStatus());
            assertEquals("returned_to_sender", e.rawCode());
        }

        @Test
        void unknownEventWithoutStatusIsUnknownNotRejected() {
            CanonicalEvent e = single(body("parcel_teleported", null, "602677439331630337653846"));
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertEquals("parcel_teleported", e.rawStatus());
            assertEquals("parcel_teleported", e.rawCode());
        }

        @Test
        void unknownStatusIsUnknownWithRawStatusKept() {
            CanonicalEvent e = single(body("shipment_status_changed", "beamed_to_mars", "602677439331630337653846"));
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(TrackingStatus.UNKNOWN, e.status());
            assertNull(e.reason());
            assertEquals("beamed_to_mars", e.rawStatus());
        }

        @Test
        void cancelledWithTwoLsIsNotAnInpostStatus() {
            assertEquals(TrackingStatus.CANCELLED,
                    single(body("shipment_status_changed", "canceled", "602677439331630337653846")).status());
            CanonicalEvent e = single(body("shipment_status_changed", "cancelled", "602677439331630337653846"));
            assertEquals(TrackingStatus.UNKNOWN, e.status(), "the live list spells it 'canceled'");
            assertEquals("cancelled", e.rawStatus());
        }

        @Test
        void statusLookupIgnoresCaseButRawStatusIsVerbatim() {
            CanonicalEvent e = single(body("shipment_status_changed", "Ready_To_Pickup", "602677439331630337653846"));
            assertEquals(TrackingStatus.READY_FOR_PICKUP, e.status());
            assertEquals("Ready_To_Pickup", e.rawStatus());
        }

        @Test
        void waybillIsNormalised() {
            CanonicalEvent e = single(body("shipment_status_changed", "delivered", " 6026 7743 9331 6303 3765 3846 "));
            assertEquals("602677439331630337653846", e.waybill());
        }

        @Test
        void numericTrackingNumberIsAccepted() {
            String body = """
                    {"event_ts":"2024-06-03 10:15:00 +0200","event":"shipment_confirmed","organization_id":1,
                     "payload":{"shipment_id":77,"tracking_number":602677439331630337653846}}""";
            assertEquals("602677439331630337653846", single(body).waybill());
        }
    }

    @Nested
    class Authentication {
        private final byte[] body = fixture("inpost-shipx-webhook-shipment-status-changed.json");

        @Test
        void tokenOrganisationAndAddressPass() {
            source.authenticate(request(body), credentials("1", "91.216.25.0/24"), RECEIVED);
            // the allow-list is optional
            source.authenticate(request(body, TOKEN, "203.0.113.9"), credentials("1", null), RECEIVED);
            // surrounding whitespace in the configured id is not a mismatch
            source.authenticate(request(body), credentials(" 1 ", null), RECEIVED);
            assertEquals(TrackingStatus.DELIVERED, source.normalise(request(body)).get(0).status());
        }

        @Test
        void wrongTokenFails() {
            assertUnauthenticated(() -> source.authenticate(request(body, "wrong-token", INPOST_IP),
                    credentials("1", null), RECEIVED));
        }

        @Test
        void missingTokenFails() {
            assertUnauthenticated(() -> source.authenticate(request(body, null, INPOST_IP),
                    credentials("1", null), RECEIVED));
        }

        @Test
        void noConfiguredTokenFails() {
            SourceCredentials noToken = new SourceCredentials(Map.of(SourceCredentials.ORGANIZATION_ID, "1"));
            assertUnauthenticated(() -> source.authenticate(request(body), noToken, RECEIVED));
        }

        @Test
        void noConfiguredOrganisationFails() {
            assertUnauthenticated(() -> source.authenticate(request(body), credentials(null, null), RECEIVED));
        }

        @Test
        void tamperedOrganisationFails() {
            String tampered = new String(body, StandardCharsets.UTF_8)
                    .replace("\"organization_id\": 1", "\"organization_id\": 2");
            assertNotEquals(new String(body, StandardCharsets.UTF_8), tampered);
            assertUnauthenticated(() -> source.authenticate(request(tampered), credentials("1", null), RECEIVED));
        }

        @Test
        void organisationPrefixDoesNotMatch() {
            assertUnauthenticated(() -> source.authenticate(request(body), credentials("10", null), RECEIVED));
        }

        @Test
        void organisationAsStringMatches() {
            String asString = "{\"event\":\"shipment_confirmed\",\"organization_id\":\"1\",\"payload\":{}}";
            source.authenticate(request(asString), credentials("1", null), RECEIVED);
            assertUnauthenticated(() -> source.authenticate(request(asString), credentials("2", null), RECEIVED));
        }

        @ParameterizedTest
        @ValueSource(strings = {
                "{\"event\":\"shipment_confirmed\",\"payload\":{}}",
                "{\"event\":\"shipment_confirmed\",\"organization_id\":null,\"payload\":{}}",
                "{\"event\":\"shipment_confirmed\",\"organization_id\":{\"id\":1},\"payload\":{}}",
                "{\"event\":\"shipment_confirmed\",\"organization_id\":[1],\"payload\":{}}",
                "not json",
                "[1]"})
        void missingOrUnreadableOrganisationFails(String b) {
            assertUnauthenticated(() -> source.authenticate(request(b), credentials("1", null), RECEIVED));
        }

        @ParameterizedTest
        @ValueSource(strings = {"91.216.24.255", "91.216.26.0", "10.0.0.1", "::1", "2001:db8::1", "", "not-an-ip"})
        void addressOutsideTheAllowListFails(String ip) {
            assertUnauthenticated(() -> source.authenticate(request(body, TOKEN, ip),
                    credentials("1", "91.216.25.0/24"), RECEIVED));
        }

        @Test
        void unknownSourceAddressFailsWhenAllowListIsSet() {
            assertUnauthenticated(() -> source.authenticate(request(body, TOKEN, null),
                    credentials("1", "91.216.25.0/24"), RECEIVED));
        }

        @Test
        void anyEntryOfTheAllowListMatches() {
            source.authenticate(request(body, TOKEN, "10.1.2.3"),
                    credentials("1", "91.216.25.0/24, 10.0.0.0/8"), RECEIVED);
            source.authenticate(request(body, TOKEN, "::ffff:91.216.25.200"),
                    credentials("1", "91.216.25.0/24"), RECEIVED);
            assertUnauthenticated(() -> source.authenticate(request(body, TOKEN, "10.1.2.3"),
                    credentials("1", "91.216.25.0/24, bogus"), RECEIVED));
        }

        @Test
        void wrongTokenFailsBeforeTheBodyIsRead() {
            assertUnauthenticated(() -> source.authenticate(request(utf8("not json"), "wrong", INPOST_IP),
                    credentials("1", null), RECEIVED));
        }
    }

    @Nested
    class BadInput {
        @Test
        void malformedJson() {
            assertMalformed(() -> source.normalise(request("{\"event\": ")), null);
        }

        @Test
        void jsonArray() {
            assertMalformed(() -> source.normalise(request("[{\"event\":\"shipment_confirmed\"}]")), null);
        }

        @Test
        void emptyBody() {
            assertMalformed(() -> source.normalise(request(new byte[0])), null);
        }

        @Test
        void missingEvent() {
            assertMalformed(() -> source.normalise(request("{\"organization_id\":1,\"payload\":{}}")), "event");
        }

        @ParameterizedTest
        @ValueSource(strings = {"", ",\"payload\":null", ",\"payload\":[]", ",\"payload\":\"x\""})
        void payloadNotAnObject(String payload) {
            assertMalformed(() -> source.normalise(request(
                    "{\"event\":\"shipment_confirmed\",\"event_ts\":\"2024-06-03 10:15:00 +0200\"" + payload + "}")),
                    "payload");
        }

        @Test
        void nullTrackingNumberOnStatusChange() {
            assertMalformed(() -> source.normalise(request(body("shipment_status_changed", "delivered", null))),
                    "tracking_number");
        }

        @Test
        void missingTrackingNumberOnConfirmed() {
            String b = "{\"event_ts\":\"2024-06-03 10:15:00 +0200\",\"event\":\"shipment_confirmed\","
                    + "\"organization_id\":1,\"payload\":{\"shipment_id\":77}}";
            assertMalformed(() -> source.normalise(request(b)), "tracking_number");
        }

        @Test
        void blankTrackingNumber() {
            assertMalformed(() -> source.normalise(request(body("shipment_status_changed", "delivered", "   "))),
                    "tracking_number");
        }

        @Test
        void statusChangeWithoutStatus() {
            assertMalformed(() -> source.normalise(request(body("shipment_status_changed", null, "602677439331630337653846"))),
                    "payload.status");
        }

        @ParameterizedTest
        @ValueSource(strings = {"2020-03-20", "20.03.2020 15:08", "yesterday", "2020-13-45 15:08:42 +0100"})
        void unreadableEventTs(String ts) {
            String b = body("shipment_status_changed", "delivered", "602677439331630337653846")
                    .replace("2024-06-03 10:15:00 +0200", ts);
            assertMalformed(() -> source.normalise(request(b)), "event_ts");
        }

        @Test
        void missingEventTs() {
            String b = "{\"event\":\"shipment_confirmed\",\"organization_id\":1,"
                    + "\"payload\":{\"shipment_id\":77,\"tracking_number\":\"602677439331630337653846\"}}";
            assertMalformed(() -> source.normalise(request(b)), "event_ts");
        }

        @Test
        void everyMutationOfEveryFixtureIsAcceptedOrA4xx() {
            int checked = 0;
            for (String name : List.of("inpost-shipx-webhook-shipment-confirmed.json",
                    "inpost-shipx-webhook-shipment-status-changed.json",
                    "inpost-shipx-webhook-shipment-confirmed-legacy-2018.json")) {
                checked += readOrMalformed(name, JsonMutations.of(fixture(name)), m -> {
                    WebhookRequest r = request(m.body());
                    try {
                        source.authenticate(r, credentials("1", "91.216.25.0/24"), RECEIVED);
                    } catch (WebhookRejectedException expected) {
                        assertEquals(Problem.UNAUTHENTICATED, expected.problem(), m.description());
                    } catch (RuntimeException e) {
                        fail(name + " " + m.description() + " leaked " + e, e);
                    }
                    for (CanonicalEvent e : source.normalise(r)) {
                        assertFalse(e.waybill().isBlank(), m.description());
                    }
                }, null).variants();
            }
            assertTrue(checked > 100, "mutations checked: " + checked);
        }
    }
}
