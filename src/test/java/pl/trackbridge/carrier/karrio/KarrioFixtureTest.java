package pl.trackbridge.carrier.karrio;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
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

class KarrioFixtureTest {
    private static final String WAYBILL = "1Z999AA10123456784";
    private static final String TRACKER = "trk_4f0c6b1e9a2d4c7e8b3a5d6f7e8c9b0a";
    private final KarrioWebhookSource source = new KarrioWebhookSource();

    @Test
    void trackerUpdatedYieldsOneEventPerTrackerEvent() {
        var request = KarrioRequests.authentic(KarrioRequests.fixture());
        source.authenticate(request, KarrioRequests.CREDENTIALS, KarrioRequests.RECEIVED);

        List<CanonicalEvent> events = source.normalise(request);

        assertEquals(6, events.size());
        for (CanonicalEvent e : events) {
            assertAll(
                    () -> assertEquals("karrio", e.source()),
                    () -> assertEquals(WAYBILL, e.waybill()),
                    () -> assertEquals("UPS", e.carrierId(), "carrier_name ups"),
                    () -> assertNull(e.sourceEventId(), "Karrio sends no event id"),
                    () -> assertTrue(e.dedupeKey().startsWith(TRACKER + "|" + e.occurredAt() + "|" + e.rawCode() + "|"),
                            e.dedupeKey()));
        }
        expect(events.get(0), TrackingStatus.DELIVERED, null, "delivered", "KB", "DELIVERED",
                "2026-03-12T14:41:00Z", "WARSZAWA, PL");
        expect(events.get(1), TrackingStatus.OUT_FOR_DELIVERY, null, "out_for_delivery", "OT", "Out For Delivery Today",
                "2026-03-12T08:05:00Z", "WARSZAWA, PL");
        expect(events.get(2), TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT, "delivery_failed", "48",
                "The receiver was not available for delivery. We'll make a second attempt the next business day.",
                "2026-03-11T15:20:00Z", "WARSZAWA, PL");
        expect(events.get(3), TrackingStatus.IN_TRANSIT, null, "in_transit", "DP", "Departed from Facility",
                "2026-03-10T23:02:00Z", "KOELN, DE");
        expect(events.get(4), TrackingStatus.COLLECTED, null, "picked_up", "OR", "Origin Scan",
                "2026-03-09T18:15:00Z", "KOELN, DE");
        expect(events.get(5), TrackingStatus.LABEL_CREATED, null, "pending", "MP",
                "Shipper created a label, UPS has not received the package yet.", "2026-03-09T09:00:00Z", "DE");

        Set<String> keys = new HashSet<>();
        events.forEach(e -> keys.add(e.dedupeKey()));
        assertEquals(6, keys.size());
    }

    @Test
    void redeliveryGivesTheSameKeysAndEvents() {
        List<CanonicalEvent> first = source.normalise(KarrioRequests.authentic(KarrioRequests.fixture()));
        List<CanonicalEvent> again = source.normalise(KarrioRequests.authentic(KarrioRequests.fixture()));
        assertEquals(first, again);
    }

    @Test
    void dateAndTimeGiveTheSameInstantAndKeyAsTheTimestamp() throws Exception {
        // Older Karrio payloads carry only date + "HH:MM AM/PM" (carrier local): the fixture's pairs are Warsaw time.
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(KarrioRequests.fixture());
        ((ArrayNode) root.get("data").get("events")).forEach(e -> ((ObjectNode) e).remove("timestamp"));

        List<CanonicalEvent> withTimestamp = source.normalise(KarrioRequests.authentic(KarrioRequests.fixture()));
        List<CanonicalEvent> withDateTime = source.normalise(KarrioRequests.authentic(mapper.writeValueAsBytes(root)));

        assertEquals(withTimestamp.stream().map(CanonicalEvent::occurredAt).toList(),
                withDateTime.stream().map(CanonicalEvent::occurredAt).toList());
        assertEquals(withTimestamp.stream().map(CanonicalEvent::dedupeKey).toList(),
                withDateTime.stream().map(CanonicalEvent::dedupeKey).toList());
    }

    @Test
    void eventsWithoutOwnStatusBorrowTheTrackerStatusOnlyForTheNewest() throws Exception {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode root = (ObjectNode) mapper.readTree(KarrioRequests.fixture());
        ((ArrayNode) root.get("data").get("events")).forEach(e -> ((ObjectNode) e).remove("status"));

        List<CanonicalEvent> events = source.normalise(KarrioRequests.authentic(mapper.writeValueAsBytes(root)));

        assertEquals(TrackingStatus.DELIVERED, events.get(0).status());
        assertEquals("delivered", events.get(0).rawStatus());
        for (CanonicalEvent older : events.subList(1, 6)) {
            assertEquals(TrackingStatus.UNKNOWN, older.status(), older.rawDescription());
            assertNull(older.rawStatus());
        }
    }

    @Test
    void aTrackerWithoutEventsIsOneEventAtArrivalTime() {
        String body = """
                {"event": "tracker_created", "data": {"id": "trk_1", "tracking_number": "0000 1234", "carrier_name": "dhl_poland",
                 "status": "pending", "events": []}}""";
        List<CanonicalEvent> first = source.normalise(KarrioRequests.unsigned(body));
        assertEquals(1, first.size());
        CanonicalEvent e = first.get(0);
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.LABEL_CREATED, e.status());
        assertEquals("00001234", e.waybill());
        assertEquals("DHL", e.carrierId());
        assertEquals(KarrioRequests.RECEIVED, e.occurredAt());
        assertEquals("trk_1|pending|no-events", e.dedupeKey());
        assertEquals(e.dedupeKey(), source.normalise(KarrioRequests.unsigned(body)).get(0).dedupeKey());
    }

    @Test
    void nonTrackerEventsYieldNothing() {
        assertEquals(List.of(), source.normalise(KarrioRequests.unsigned(
                "{\"event\": \"shipment_purchased\", \"data\": {\"id\": \"shp_1\", \"tracking_number\": \"1Z\"}}")));
        assertEquals(List.of(), source.normalise(KarrioRequests.unsigned(
                "{\"event\": \"batch_completed\", \"data\": {}}")));
    }

    private static void expect(CanonicalEvent e, TrackingStatus status, Reason reason, String rawStatus, String rawCode,
            String rawDescription, String occurredAt, String location) {
        assertAll(rawDescription,
                () -> assertEquals(EventKind.STATUS, e.kind()),
                () -> assertEquals(status, e.status()),
                () -> assertEquals(reason, e.reason()),
                () -> assertEquals(rawStatus, e.rawStatus()),
                () -> assertEquals(rawCode, e.rawCode()),
                () -> assertEquals(rawDescription, e.rawDescription()),
                () -> assertEquals(Instant.parse(occurredAt), e.occurredAt()),
                () -> assertEquals(new Location(location, null, null, null), e.location()));
    }
}
