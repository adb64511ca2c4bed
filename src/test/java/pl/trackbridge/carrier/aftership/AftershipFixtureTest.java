package pl.trackbridge.carrier.aftership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.SAMPLE;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.CarrierFixtures.fixtureTree;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Timestamps;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.Signatures;

/** The real AfterShip sample (fixtures/carriers/aftership-tracking-update-trimmed.json) end to end. */
class AftershipFixtureTest {
    private final AftershipWebhookSource source = new AftershipWebhookSource();

    @Test
    void nameIsThePathSegment() {
        assertEquals("aftership", source.name());
    }

    @Test
    void sampleGivesOneEventPerCheckpoint() {
        List<CanonicalEvent> events = source.normalise(request(fixture(SAMPLE)));

        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals("aftership", e.source());
        assertEquals("0000000000000000", e.waybill());
        assertEquals("OTHER", e.carrierId(), "usps has no Allegro carrier id");
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.IN_TRANSIT, e.status());
        assertNull(e.reason());
        assertEquals("InTransit", e.rawStatus());
        assertEquals("InTransit_001", e.rawCode());
        assertEquals("Departed Shipping Partner Facility, USPS Awaiting Item", e.rawDescription());
        // Not a Polish carrier and no country: the offset-less checkpoint_time is read as UTC.
        assertEquals(Instant.parse("2021-01-14T00:52:00Z"), e.occurredAt());
        assertNull(e.location());
        assertNull(e.newWaybill());
        assertNull(e.revokes());
        assertNull(e.orderId());
        // event_id names the delivery, not this checkpoint.
        assertNull(e.sourceEventId());
        assertEquals(Signatures.sha256Hex("checkpoint|usps|0000000000000000|2021-01-14T00:52:00Z|InTransit_001|"
                + "Departed Shipping Partner Facility, USPS Awaiting Item"), e.dedupeKey());
    }

    @Test
    void sameBodyTwiceGivesTheSameEvents() {
        assertEquals(source.normalise(request(fixture(SAMPLE))), source.normalise(request(fixture(SAMPLE))));
    }

    @Test
    void redeliveryWithANewEventIdStillDedupes() {
        ObjectNode again = fixtureTree(SAMPLE);
        again.put("event_id", "5b0f3e3a-1111-4222-8333-444455556666");
        again.put("ts", 1712745296);
        again.put("is_tracking_first_tag", false);

        CanonicalEvent first = source.normalise(request(fixture(SAMPLE))).get(0);
        CanonicalEvent second = source.normalise(request(bytes(again))).get(0);
        assertEquals(first.dedupeKey(), second.dedupeKey());
        assertEquals(first.eventKey(), second.eventKey());
    }

    @Test
    void aLaterUpdateResendsOldCheckpointsWithTheirOldKeysAndAddsNewOnes() {
        ObjectNode later = fixtureTree(SAMPLE);
        later.put("event_id", "0d5e2a7c-0000-4000-8000-000000000001");
        ObjectNode cp = ((ArrayNode) later.get("msg").get("checkpoints")).addObject();
        cp.put("checkpoint_time", "2021-01-15T08:10:00");
        cp.put("message", "Out for Delivery");
        cp.put("tag", "OutForDelivery");
        cp.put("subtag", "OutForDelivery_001");

        List<CanonicalEvent> events = source.normalise(request(bytes(later)));
        assertEquals(2, events.size());
        assertEquals(source.normalise(request(fixture(SAMPLE))).get(0).dedupeKey(), events.get(0).dedupeKey());
        assertNotEquals(events.get(0).dedupeKey(), events.get(1).dedupeKey());
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, events.get(1).status());
        assertEquals(Instant.parse("2021-01-15T08:10:00Z"), events.get(1).occurredAt());
    }

    @Test
    void polishCarrierCheckpointTimeIsWarsawLocalTime() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).put("slug", "inpost-paczkomaty");
        ObjectNode summer = ((ArrayNode) body.get("msg").get("checkpoints")).addObject();
        summer.put("checkpoint_time", "2021-07-14T00:52:00");
        summer.put("tag", "Delivered");
        summer.put("subtag", "Delivered_002");
        summer.put("city", "Kraków");
        summer.put("zip", "30-001");
        summer.put("country_region", "POL");

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(2, events.size());
        assertEquals("INPOST", events.get(0).carrierId());
        assertEquals(Instant.parse("2021-01-13T23:52:00Z"), events.get(0).occurredAt(), "CET is UTC+1");
        assertEquals(Instant.parse("2021-07-13T22:52:00Z"), events.get(1).occurredAt(), "CEST is UTC+2");
        assertEquals(TrackingStatus.DELIVERED, events.get(1).status());
        assertEquals(new Location("Kraków", "30-001", "POL", null), events.get(1).location());
    }

    @Test
    void checkpointInPolandIsWarsawTimeWhateverTheCarrier() {
        assertEquals(Timestamps.WARSAW, AftershipWebhookSource.zoneFor("usps", "POL"));
        assertEquals(ZoneOffset.UTC, AftershipWebhookSource.zoneFor("dpd-poland", "DEU"));
        assertEquals(Timestamps.WARSAW, AftershipWebhookSource.zoneFor("dpd-poland", null));
        assertEquals(ZoneOffset.UTC, AftershipWebhookSource.zoneFor(null, null));
    }

    @Test
    void checkpointTimeWithAnOffsetKeepsIt() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg").get("checkpoints").get(0)).put("checkpoint_time", "2021-01-14T00:52:00+08:00");
        assertEquals(Instant.parse("2021-01-13T16:52:00Z"), source.normalise(request(bytes(body))).get(0).occurredAt());
    }

    @Test
    void withoutCheckpointsTheTrackingTagIsOneEventKeyedByEventId() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).remove("checkpoints");

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.IN_TRANSIT, e.status());
        assertEquals("InTransit", e.rawStatus());
        assertEquals("InTransit_001", e.rawCode());
        assertEquals("In Transit", e.rawDescription());
        assertEquals(Instant.ofEpochSecond(1712741696L), e.occurredAt(), "ts, when AfterShip saw the tag");
        assertEquals("94dadd60-ed26-46d0-aa52-3ced925a50ff", e.sourceEventId());
        assertEquals("94dadd60-ed26-46d0-aa52-3ced925a50ff", e.dedupeKey());
        assertEquals("0000000000000000", e.waybill());
    }

    @Test
    void pendingTrackingWithoutCheckpointsIsInfo() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode msg = (ObjectNode) body.get("msg");
        msg.remove("checkpoints");
        msg.put("tag", "Pending");
        msg.put("subtag", "Pending_001");
        body.put("event", "tracking_pending_time");

        CanonicalEvent e = source.normalise(request(bytes(body))).get(0);
        assertEquals(EventKind.INFO, e.kind());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals("Pending", e.rawStatus());
    }

    @Test
    void withoutEventIdOrTsTheTagEventFallsBackToUpdatedAtAndAContentKey() {
        ObjectNode body = fixtureTree(SAMPLE);
        body.remove("event_id");
        body.remove("ts");
        ObjectNode msg = (ObjectNode) body.get("msg");
        msg.remove("checkpoints");
        msg.put("updated_at", "2024-04-10T09:34:56+00:00");

        CanonicalEvent e = source.normalise(request(bytes(body))).get(0);
        assertEquals(Instant.parse("2024-04-10T09:34:56Z"), e.occurredAt());
        assertNull(e.sourceEventId());
        assertEquals(source.normalise(request(bytes(body))).get(0).dedupeKey(), e.dedupeKey());
    }

    @Test
    void duplicateCheckpointsInOneBodyAreOneEvent() {
        ObjectNode body = fixtureTree(SAMPLE);
        ArrayNode cps = (ArrayNode) body.get("msg")
                .get("checkpoints");
        cps.add(cps.get(0).deepCopy());
        assertEquals(1, source.normalise(request(bytes(body))).size());
    }
}
