package pl.trackbridge.carrier.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;

/** The real 17TRACK sample (fixtures README: agritheory/shipstation_integration), end to end. */
class SeventeenTrackFixtureTest {
    private static final String WAYBILL = "1Z2617V10397725789";
    private final SeventeenTrackWebhookSource source = new SeventeenTrackWebhookSource();

    @Test
    void signedSampleAuthenticatesAndYieldsOneEventPerProviderEvent() {
        byte[] body = SeventeenTrackRequests.fixture();
        var request = SeventeenTrackRequests.signed(body);
        source.authenticate(request, SeventeenTrackRequests.CREDENTIALS, SeventeenTrackRequests.RECEIVED);

        List<CanonicalEvent> events = source.normalise(request);

        assertEquals(5, events.size());
        for (CanonicalEvent e : events) {
            assertAll(
                    () -> assertEquals("17track", e.source()),
                    () -> assertEquals(WAYBILL, e.waybill()),
                    // carrier 3011 is China Post in 17TRACK's list (hand-edited sample); provider key 100002 is UPS
                    () -> assertEquals("UPS", e.carrierId()),
                    () -> assertNull(e.sourceEventId(), "17TRACK has no event id"),
                    () -> assertNull(e.newWaybill()),
                    () -> assertNull(e.orderId()),
                    () -> assertTrue(e.dedupeKey().startsWith(WAYBILL + "|" + e.occurredAt() + "|"), e.dedupeKey()));
        }
        // Newest event: latest_status Delivered / Delivered_Other applies.
        expect(events.get(0), EventKind.STATUS, TrackingStatus.DELIVERED, null, "Delivered", "Delivered_Other",
                "DELIVERED", "2022-04-04T23:35:22Z", new Location("GASQUET", null, "US", null));
        // Older events have no sub_status in this sample: the stage decides where there is one…
        expect(events.get(1), EventKind.STATUS, TrackingStatus.OUT_FOR_DELIVERY, null, "OutForDelivery", null,
                "Out For Delivery Today", "2022-04-04T15:46:06Z", new Location("Crescent City", null, "US", null));
        // …and plain scans without stage or sub_status stay UNKNOWN with their text (we do not guess from prose).
        expect(events.get(2), EventKind.STATUS, TrackingStatus.UNKNOWN, null, null, null,
                "Arrived at Facility", "2022-04-02T09:15:00Z", new Location("Anderson", null, "US", null));
        expect(events.get(3), EventKind.STATUS, TrackingStatus.UNKNOWN, null, null, null,
                "Origin Scan", "2022-03-31T23:36:47Z", new Location("Ontario", null, "US", null));
        expect(events.get(4), EventKind.STATUS, TrackingStatus.LABEL_CREATED, null, "InfoReceived", null,
                "Shipper created a label, UPS has not received the package yet.", "2022-03-29T05:43:08Z",
                new Location(null, null, "US", null));

        assertTrue(events.get(0).isTerminal(), "delivered is terminal");
        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.dedupeKey()));
        assertEquals(5, keys.size(), "every scan has its own key");
    }

    @Test
    void redeliveryOfTheSameBytesGivesTheSameKeys() {
        byte[] body = SeventeenTrackRequests.fixture();
        List<CanonicalEvent> first = source.normalise(SeventeenTrackRequests.signed(body));
        List<CanonicalEvent> again = source.normalise(SeventeenTrackRequests.signed(body.clone()));
        assertEquals(first.stream().map(CanonicalEvent::dedupeKey).toList(),
                again.stream().map(CanonicalEvent::dedupeKey).toList());
        assertEquals(first, again, "a redelivery is the same facts");
    }

    @Test
    void historyResentWithANewerEventKeepsTheOlderKeys() {
        String original = new String(SeventeenTrackRequests.fixture(), StandardCharsets.UTF_8);
        // A later push: a return scan on top; latest_status now describes it, no longer the delivery scan.
        String later = original
                .replace("\"status\": \"Delivered\",\n\t\t\t\t\"sub_status\": \"Delivered_Other\"",
                        "\"status\": \"Exception\",\n\t\t\t\t\"sub_status\": \"Exception_Returning\"")
                .replace("\"events\": [\n", "\"events\": [\n{\"time_iso\": \"2022-04-06T09:00:00-07:00\","
                        + " \"time_utc\": \"2022-04-06T16:00:00Z\", \"description\": \"Returning to shipper\","
                        + " \"location\": \"GASQUET, CA, US\", \"stage\": \"Returning\", \"sub_status\": null},\n");
        assertNotEquals(original, later, "the test edit must apply");

        List<CanonicalEvent> before = source.normalise(SeventeenTrackRequests.unsigned(original));
        List<CanonicalEvent> after = source.normalise(SeventeenTrackRequests.unsigned(later));

        assertEquals(6, after.size());
        CanonicalEvent returning = after.get(0);
        assertEquals(TrackingStatus.RETURNING_TO_SENDER, returning.status());
        assertEquals("Exception_Returning", returning.rawCode());
        assertEquals(Instant.parse("2022-04-06T16:00:00Z"), returning.occurredAt());
        assertEquals(before.stream().map(CanonicalEvent::dedupeKey).toList(),
                after.subList(1, 6).stream().map(CanonicalEvent::dedupeKey).toList(),
                "the five known scans keep their keys and dedupe");
    }

    private static void expect(CanonicalEvent e, EventKind kind, TrackingStatus status, Reason reason, String rawStatus,
            String rawCode, String rawDescription, String occurredAt, Location location) {
        assertAll(e.rawDescription(),
                () -> assertEquals(kind, e.kind()),
                () -> assertEquals(status, e.status()),
                () -> assertEquals(reason, e.reason()),
                () -> assertEquals(rawStatus, e.rawStatus()),
                () -> assertEquals(rawCode, e.rawCode()),
                () -> assertEquals(rawDescription, e.rawDescription()),
                () -> assertEquals(Instant.parse(occurredAt), e.occurredAt()),
                () -> assertEquals(location, e.location()));
    }
}
