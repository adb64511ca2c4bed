package pl.trackbridge.carrier.easypost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.GUIDE;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.SAMPLE;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.VECTOR;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.CarrierFixtures.fixtureTree;

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
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;

/** The real EasyPost samples (fixtures/carriers/easypost-*.json) end to end. */
class EasypostFixtureTest {
    private final EasypostWebhookSource source = new EasypostWebhookSource();

    private record Expected(String at, String status, String detail, String message, TrackingStatus canonical,
            Location location) {
    }

    @Test
    void nameIsThePathSegment() {
        assertEquals("easypost", source.name());
    }

    @Test
    void fedexTrackerUpdatedGivesOneEventPerTrackingDetail() {
        List<Expected> expected = List.of(
                new Expected("2024-07-31T15:00:00Z", "pre_transit", "label_created", "Shipment information sent to FedEx",
                        TrackingStatus.LABEL_CREATED, new Location(null, "32837", "US", null)),
                new Expected("2024-07-31T19:27:00Z", "in_transit", "arrived_at_facility", "Picked up",
                        TrackingStatus.IN_TRANSIT, new Location("ORLANDO", "32809", "US", null)),
                new Expected("2024-07-31T22:35:00Z", "in_transit", "arrived_at_facility", "Arrived at FedEx location",
                        TrackingStatus.IN_TRANSIT, new Location("ORLANDO", "32809", "US", null)),
                new Expected("2024-08-01T14:42:13Z", "in_transit", "departed_facility", "Departed FedEx location",
                        TrackingStatus.IN_TRANSIT, new Location("ORLANDO", "32809", "US", null)),
                new Expected("2024-08-02T02:46:19Z", "in_transit", "unknown", "On the way",
                        TrackingStatus.IN_TRANSIT, new Location("KENLY", "27542", "US", null)),
                new Expected("2024-08-02T18:35:20Z", "in_transit", "unknown", "On the way",
                        TrackingStatus.IN_TRANSIT, new Location("EDISON TWP", "08817", "US", null)),
                new Expected("2024-08-02T18:50:00Z", "in_transit", "arrived_at_facility", "Arrived at FedEx location",
                        TrackingStatus.IN_TRANSIT, new Location("EDISON", "08817", "US", null)));

        List<CanonicalEvent> events = source.normalise(request(fixture(SAMPLE)));

        assertEquals(expected.size(), events.size());
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < expected.size(); i++) {
            Expected x = expected.get(i);
            CanonicalEvent e = events.get(i);
            assertEquals("easypost", e.source());
            assertEquals("evt_1", e.sourceEventId());
            assertEquals("1", e.waybill());
            assertEquals("FEDEX", e.carrierId());
            assertEquals(EventKind.STATUS, e.kind());
            assertEquals(x.canonical(), e.status(), "status of detail " + i);
            assertNull(e.reason());
            assertEquals(Instant.parse(x.at()), e.occurredAt());
            assertEquals(x.status(), e.rawStatus());
            assertEquals(x.detail(), e.rawCode());
            assertEquals(x.message(), e.rawDescription());
            assertEquals(x.location(), e.location());
            assertEquals(Signatures.sha256Hex("trk_1|" + x.at() + "|" + x.status() + "|" + x.detail()), e.dedupeKey());
            keys.add(e.dedupeKey());
        }
        assertEquals(expected.size(), keys.size(), "every scan is its own fact");
    }

    @Test
    void guideTrackerUpdatedWithoutStatusDetails() {
        List<CanonicalEvent> events = source.normalise(request(fixture(GUIDE)));

        assertEquals(6, events.size());
        List<TrackingStatus> statuses = events.stream().map(CanonicalEvent::status).toList();
        assertEquals(List.of(TrackingStatus.LABEL_CREATED, TrackingStatus.IN_TRANSIT, TrackingStatus.IN_TRANSIT,
                TrackingStatus.IN_TRANSIT, TrackingStatus.OUT_FOR_DELIVERY, TrackingStatus.DELIVERED), statuses);
        List<String> messages = events.stream().map(CanonicalEvent::rawDescription).toList();
        assertEquals(List.of("BILLING INFORMATION RECEIVED", "ORIGIN SCAN", "DEPARTURE SCAN", "ARRIVAL SCAN",
                "OUT FOR DELIVERY", "DELIVERED"), messages);
        for (CanonicalEvent e : events) {
            assertEquals("EZ4000000004", e.waybill());
            assertEquals("UPS", e.carrierId());
            assertEquals("evt_...", e.sourceEventId());
            assertNull(e.rawCode(), "the guide sample has no status_detail");
            assertEquals(EventKind.STATUS, e.kind());
        }
        assertNull(events.get(0).location(), "all-null tracking_location is no location");
        assertEquals(new Location("SOUTH SAN FRANCISCO", null, "US", null), events.get(1).location());
        // The sample's DELIVERED scan is dated before the others: kept as sent, ordering is by occurredAt later.
        assertEquals(Instant.parse("2014-11-19T10:51:54Z"), events.get(5).occurredAt());
        assertEquals("delivered", events.get(5).rawStatus());
        assertTrue(events.get(5).isTerminal());
    }

    @Test
    void batchEventOfTheSignatureVectorIsValidWithNothingToStore() {
        assertEquals(List.of(), source.normalise(request(fixture(VECTOR))));
    }

    @Test
    void redeliveryUnderANewEventIdKeepsEveryKey() {
        ObjectNode again = fixtureTree(SAMPLE);
        again.put("id", "evt_2");
        again.put("created_at", "2024-08-02T20:00:00.000Z");

        List<String> first = source.normalise(request(fixture(SAMPLE))).stream().map(CanonicalEvent::dedupeKey).toList();
        List<CanonicalEvent> second = source.normalise(request(bytes(again)));
        assertEquals(first, second.stream().map(CanonicalEvent::dedupeKey).toList());
        assertEquals("evt_2", second.get(0).sourceEventId());
    }

    @Test
    void aLaterUpdateAddsOnlyOneNewKey() {
        ObjectNode later = fixtureTree(SAMPLE);
        later.put("id", "evt_3");
        ObjectNode d = ((ArrayNode) later.get("result").get("tracking_details")).addObject();
        d.put("status", "out_for_delivery");
        d.put("status_detail", "out_for_delivery");
        d.put("message", "On FedEx vehicle for delivery");
        d.put("datetime", "2024-08-05T08:01:00Z");

        List<CanonicalEvent> before = source.normalise(request(fixture(SAMPLE)));
        List<CanonicalEvent> after = source.normalise(request(bytes(later)));
        assertEquals(before.size() + 1, after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).dedupeKey(), after.get(i).dedupeKey());
        }
        CanonicalEvent last = after.get(after.size() - 1);
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, last.status());
        assertNotEquals(before.get(before.size() - 1).dedupeKey(), last.dedupeKey());
    }

    @Test
    void trackerWithoutDetailsGivesItsOwnStatus() {
        ObjectNode created = fixtureTree(SAMPLE);
        created.put("description", "tracker.created");
        ObjectNode tracker = (ObjectNode) created.get("result");
        tracker.putArray("tracking_details");
        tracker.put("status", "pre_transit");
        tracker.put("status_detail", "label_created");

        List<CanonicalEvent> events = source.normalise(request(bytes(created)));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(TrackingStatus.LABEL_CREATED, e.status());
        assertEquals(Instant.parse("2024-08-02T19:26:51Z"), e.occurredAt(), "the Tracker's updated_at");
        assertEquals("pre_transit", e.rawStatus());
        assertEquals("label_created", e.rawCode());
        assertEquals("FEDEX", e.carrierId());
        assertEquals(Signatures.sha256Hex("trk_1|2024-08-02T19:26:51Z|pre_transit|label_created"), e.dedupeKey());
    }

    @Test
    void missingTrackerIdFallsBackToCarrierAndCode() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("result")).remove("id");
        CanonicalEvent e = source.normalise(request(bytes(body))).get(0);
        assertEquals(Signatures.sha256Hex("FedEx:1|2024-07-31T15:00:00Z|pre_transit|label_created"), e.dedupeKey());
    }
}
