package pl.trackbridge.carrier.easypost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.JSON;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;

/** Every row of status-mapping.md §5.9, through a full tracker.updated delivery. */
class EasypostMappingTest {
    private final EasypostWebhookSource source = new EasypostWebhookSource();

    @ParameterizedTest(name = "{0}/{1} -> {2} {3} {4}")
    @CsvSource({
            // status, status_detail, kind, canonical, reason
            "pre_transit, label_created, STATUS, LABEL_CREATED,",
            "pre_transit, awaiting_information, STATUS, LABEL_CREATED,",
            "pre_transit, , STATUS, LABEL_CREATED,",
            // "unknown" is LABEL_CREATED only when we bought the label: this adapter cannot know, so UNKNOWN
            "unknown, unknown, STATUS, UNKNOWN,",
            "in_transit, received_at_origin_facility, STATUS, COLLECTED,",
            "in_transit, arrived_at_facility, STATUS, IN_TRANSIT,",
            "in_transit, departed_facility, STATUS, IN_TRANSIT,",
            "in_transit, departed_origin_facility, STATUS, IN_TRANSIT,",
            "in_transit, received_at_destination_facility, STATUS, IN_TRANSIT,",
            "in_transit, arrived_at_destination, STATUS, IN_TRANSIT,",
            "in_transit, transferred_to_destination_carrier, STATUS, IN_TRANSIT,",
            "in_transit, status_update, STATUS, IN_TRANSIT,",
            "in_transit, in_transit, STATUS, IN_TRANSIT,",
            "in_transit, delayed, STATUS, EXCEPTION, DELAYED",
            "in_transit, weather_delay, STATUS, EXCEPTION, WEATHER",
            "in_transit, missorted, STATUS, EXCEPTION, DELAYED",
            "in_transit, transit_exception, STATUS, EXCEPTION, DELAYED",
            "in_transit, held, STATUS, EXCEPTION, HELD",
            "in_transit, address_correction, INFO, UNKNOWN,",
            "out_for_delivery, out_for_delivery, STATUS, OUT_FOR_DELIVERY,",
            "available_for_pickup, arrived_at_pickup_location, STATUS, READY_FOR_PICKUP,",
            "delivered, arrived_at_destination, STATUS, DELIVERED,",
            "delivered, , STATUS, DELIVERED,",
            "return_to_sender, return, STATUS, RETURNING_TO_SENDER,",
            "failure, delivery_exception, STATUS, DELIVERY_FAILED, OTHER",
            "failure, refused, STATUS, DELIVERY_FAILED, REFUSED",
            "failure, lost, STATUS, EXCEPTION, LOST",
            "failure, damaged, STATUS, EXCEPTION, DAMAGED",
            "cancelled, cancelled, STATUS, CANCELLED,",
            "error, unknown, INFO, UNKNOWN,",
            "in_transit, expired, INFO, UNKNOWN,",
            "unknown, expired, INFO, UNKNOWN,",
            // fallbacks
            "in_transit, unknown, STATUS, IN_TRANSIT,",
            "in_transit, some_new_detail, STATUS, IN_TRANSIT,",
            "failure, failure, STATUS, EXCEPTION, OTHER",
            "teleported, beamed_up, STATUS, UNKNOWN,",
            ", , STATUS, UNKNOWN,",
    })
    void mapsStatusAndDetail(String status, String detail, EventKind kind, TrackingStatus canonical, Reason reason) {
        List<CanonicalEvent> events = source.normalise(request(bytes(body(status, detail))));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(kind, e.kind(), "kind");
        assertEquals(canonical, e.status(), "status");
        assertEquals(reason, e.reason(), "reason");
        assertEquals(status, e.rawStatus(), "raw status kept verbatim");
        assertEquals(detail, e.rawCode(), "raw status_detail kept verbatim");
        assertEquals(canonical, EasypostWebhookSource.map(status, detail).status(), "the table agrees");
    }

    private static ObjectNode body(String status, String detail) {
        ObjectNode body = JSON.createObjectNode();
        body.put("id", "evt_map");
        body.put("object", "Event");
        body.put("description", "tracker.updated");
        ObjectNode tracker = body.putObject("result");
        tracker.put("id", "trk_map");
        tracker.put("object", "Tracker");
        tracker.put("tracking_code", "9400100000000000000000");
        tracker.put("carrier", "USPS");
        ObjectNode d = tracker.putArray("tracking_details").addObject();
        d.put("status", status);
        d.put("status_detail", detail);
        d.put("message", "scan");
        d.put("datetime", "2026-03-01T10:00:00Z");
        return body;
    }
}
