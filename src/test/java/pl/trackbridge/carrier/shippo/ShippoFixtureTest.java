package pl.trackbridge.carrier.shippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.SAMPLE;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.CarrierFixtures.fixtureTree;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;

/** The Shippo docs sample (fixtures/carriers/shippo-track-updated.json, placeholder values) end to end. */
class ShippoFixtureTest {
    private final ShippoWebhookSource source = new ShippoWebhookSource();

    @Test
    void nameIsThePathSegment() {
        assertEquals("shippo", source.name());
    }

    @Test
    void sampleGivesOneEventBecauseTheCurrentStatusRepeatsTheHistory() {
        List<CanonicalEvent> events = source.normalise(request(fixture(SAMPLE)));

        // tracking_history[0] and tracking_status are the same record (same object_id): one fact.
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals("shippo", e.source());
        assertEquals("9205590164917312751089", e.waybill());
        assertEquals("OTHER", e.carrierId(), "usps has no Allegro carrier id");
        assertEquals(EventKind.STATUS, e.kind());
        // The docs pair DELIVERED with information_received (a placeholder): the status decides.
        assertEquals(TrackingStatus.DELIVERED, e.status());
        assertNull(e.reason());
        assertEquals("DELIVERED", e.rawStatus());
        assertEquals("information_received", e.rawCode());
        assertEquals("Your shipment has been delivered at the destination mailbox.", e.rawDescription());
        assertEquals(Instant.parse("2016-07-23T00:00:00Z"), e.occurredAt());
        assertEquals(new Location("Las Vegas", "89101", "US", null), e.location());
        assertEquals("string", e.sourceEventId(), "the sample's placeholder object_id, verbatim");
        assertEquals(Signatures.sha256Hex("status|usps|9205590164917312751089|string"), e.dedupeKey());
        assertNull(e.newWaybill());
        assertNull(e.orderId());
        assertTrue(e.isTerminal());
    }

    @Test
    void redeliveryGivesTheSameKeys() {
        // Shippo sends no event id and retries with the same body.
        assertEquals(source.normalise(request(fixture(SAMPLE))), source.normalise(request(fixture(SAMPLE))));
    }

    @Test
    void realisticHistoryGivesOneEventPerStatusRecord() {
        ObjectNode body = realistic();

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));

        assertEquals(3, events.size(), "3 history entries; the current status is the last of them");
        assertEquals(List.of(TrackingStatus.LABEL_CREATED, TrackingStatus.IN_TRANSIT, TrackingStatus.DELIVERY_FAILED),
                events.stream().map(CanonicalEvent::status).toList());
        assertEquals(List.of("a1", "a2", "a3"), events.stream().map(CanonicalEvent::sourceEventId).toList());
        assertEquals(Reason.NOTICE_LEFT, events.get(2).reason());
        assertEquals(Instant.parse("2026-03-03T11:30:00Z"), events.get(2).occurredAt());
        assertEquals("notice_left", events.get(2).rawCode());
        assertEquals(3, events.stream().map(CanonicalEvent::dedupeKey).distinct().count());
    }

    @Test
    void aLaterUpdateKeepsOldKeysAndAddsTheNewStatus() {
        List<CanonicalEvent> before = source.normalise(request(bytes(realistic())));
        ObjectNode later = realistic();
        ObjectNode delivered = entry("a4", "DELIVERED", "delivered", "2026-03-04T09:00:00Z");
        ((ArrayNode) later.get("data").get("tracking_history")).add(delivered.deepCopy());
        ((ObjectNode) later.get("data")).set("tracking_status", delivered);

        List<CanonicalEvent> after = source.normalise(request(bytes(later)));
        assertEquals(4, after.size());
        for (int i = 0; i < before.size(); i++) {
            assertEquals(before.get(i).dedupeKey(), after.get(i).dedupeKey());
        }
        assertEquals(TrackingStatus.DELIVERED, after.get(3).status());
    }

    @Test
    void currentStatusMissingFromTheHistoryIsStillEmitted() {
        ObjectNode body = realistic();
        ((ObjectNode) body.get("data")).set("tracking_status",
                entry("a9", "TRANSIT", "out_for_delivery", "2026-03-04T07:00:00Z"));
        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(4, events.size());
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, events.get(3).status());
        assertEquals("a9", events.get(3).sourceEventId());
    }

    @Test
    void withoutObjectIdTheKeyIsCarrierNumberStatusAndDate() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data").get("tracking_status")).remove("object_id");
        ((ObjectNode) body.get("data").get("tracking_history").get(0)).remove("object_id");

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(1, events.size());
        assertNull(events.get(0).sourceEventId());
        assertEquals(Signatures.sha256Hex("fact|usps|9205590164917312751089|DELIVERED|2016-07-23T00:00:00Z"),
                events.get(0).dedupeKey());
    }

    @Test
    void missingStatusDateFallsBackToWhenShippoRecordedIt() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode s = (ObjectNode) body.get("data").get("tracking_status");
        s.putNull("status_date");
        s.put("status", "UNKNOWN");
        ((ObjectNode) body.get("data")).putArray("tracking_history");

        CanonicalEvent e = source.normalise(request(bytes(body))).get(0);
        assertEquals(Instant.parse("2019-08-24T14:15:22Z"), e.occurredAt());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
    }

    @Test
    void trackWithoutAnyStatusIsValidWithNothingToStore() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data")).putNull("tracking_status");
        ((ObjectNode) body.get("data")).remove("tracking_history");
        assertEquals(List.of(), source.normalise(request(bytes(body))));
    }

    @Test
    void carrierTokenMapsToItsAllegroId() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data")).put("carrier", "dhl_express");
        assertEquals("DHL", source.normalise(request(bytes(body))).get(0).carrierId());
    }

    static ObjectNode realistic() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode data = (ObjectNode) body.get("data");
        ArrayNode history = data.putArray("tracking_history");
        history.add(entry("a1", "PRE_TRANSIT", "information_received", "2026-03-01T08:00:00Z"));
        history.add(entry("a2", "TRANSIT", "package_departed", "2026-03-02T18:00:00Z"));
        ObjectNode last = entry("a3", "TRANSIT", "notice_left", "2026-03-03T11:30:00Z");
        history.add(last);
        data.set("tracking_status", last.deepCopy());
        return body;
    }

    static ObjectNode entry(String objectId, String status, String substatus, String date) {
        ObjectNode e = ShippoTestSupport.JSON.createObjectNode();
        e.put("object_id", objectId);
        e.put("status", status);
        e.putObject("substatus").put("code", substatus).put("text", substatus + " text");
        e.put("status_details", status + " details");
        e.put("status_date", date);
        e.put("object_created", date);
        e.putObject("location").put("city", "Reno").put("state", "NV").put("zip", "89501").put("country", "US");
        return e;
    }
}
