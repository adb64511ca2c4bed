package pl.trackbridge.carrier.shippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.JSON;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;

/** Every row of status-mapping.md §5.10, through a full track_updated delivery. */
class ShippoMappingTest {
    private final ShippoWebhookSource source = new ShippoWebhookSource();

    @ParameterizedTest(name = "{0}/{1} -> {2} {3} {4}")
    @CsvSource({
            // status, substatus.code, kind, canonical, reason
            "PRE_TRANSIT, information_received, STATUS, LABEL_CREATED,",
            "TRANSIT, package_accepted, STATUS, COLLECTED,",
            "TRANSIT, package_arrived, STATUS, IN_TRANSIT,",
            "TRANSIT, package_departed, STATUS, IN_TRANSIT,",
            "TRANSIT, package_processing, STATUS, IN_TRANSIT,",
            "TRANSIT, package_processed, STATUS, IN_TRANSIT,",
            "TRANSIT, package_forwarded, STATUS, IN_TRANSIT, REDIRECTED",
            "TRANSIT, delivery_scheduled, STATUS, IN_TRANSIT,",
            "TRANSIT, delivery_rescheduled, STATUS, IN_TRANSIT,",
            "TRANSIT, out_for_delivery, STATUS, OUT_FOR_DELIVERY,",
            "TRANSIT, pickup_available, STATUS, READY_FOR_PICKUP,",
            "TRANSIT, delivery_attempted, STATUS, DELIVERY_FAILED, RECIPIENT_ABSENT",
            "TRANSIT, notice_left, STATUS, DELIVERY_FAILED, NOTICE_LEFT",
            "TRANSIT, reschedule_delivery, STATUS, DELIVERY_FAILED, RECIPIENT_ABSENT",
            "TRANSIT, address_issue, STATUS, DELIVERY_FAILED, ADDRESS_PROBLEM",
            "TRANSIT, location_inaccessible, STATUS, DELIVERY_FAILED, ACCESS_PROBLEM",
            "TRANSIT, delayed, STATUS, EXCEPTION, DELAYED",
            "TRANSIT, package_held, STATUS, EXCEPTION, HELD",
            "TRANSIT, contact_carrier, STATUS, EXCEPTION, OTHER",
            "TRANSIT, package_damaged, STATUS, EXCEPTION, DAMAGED",
            "DELIVERED, delivered, STATUS, DELIVERED,",
            "RETURNED, return_to_sender, STATUS, RETURNING_TO_SENDER,",
            "RETURNED, package_unclaimed, STATUS, RETURNING_TO_SENDER, PICKUP_EXPIRED",
            "FAILURE, package_undeliverable, STATUS, EXCEPTION, OTHER",
            "FAILURE, package_lost, STATUS, EXCEPTION, LOST",
            "FAILURE, package_disposed, STATUS, EXCEPTION, DESTROYED",
            "UNKNOWN, other, STATUS, UNKNOWN,",
            // fallbacks: the status alone when the substatus is absent or new; an unknown status is UNKNOWN
            "TRANSIT, , STATUS, IN_TRANSIT,",
            "TRANSIT, some_new_code, STATUS, IN_TRANSIT,",
            "DELIVERED, information_received, STATUS, DELIVERED,",
            "RETURNED, , STATUS, RETURNING_TO_SENDER,",
            "FAILURE, , STATUS, EXCEPTION, OTHER",
            "transit, out_for_delivery, STATUS, OUT_FOR_DELIVERY,",
            "TELEPORTED, beamed_up, STATUS, UNKNOWN,",
            ", , STATUS, UNKNOWN,",
    })
    void mapsStatusAndSubstatus(String status, String substatus, EventKind kind, TrackingStatus canonical,
            Reason reason) {
        List<CanonicalEvent> events = source.normalise(request(bytes(body(status, substatus))));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(kind, e.kind(), "kind");
        assertEquals(canonical, e.status(), "status");
        assertEquals(reason, e.reason(), "reason");
        assertEquals(status, e.rawStatus(), "raw status kept verbatim");
        assertEquals(substatus, e.rawCode(), "raw substatus kept verbatim");
    }

    private static ObjectNode body(String status, String substatus) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event", "track_updated");
        body.put("test", false);
        ObjectNode data = body.putObject("data");
        data.put("carrier", "usps");
        data.put("tracking_number", "9205590164917312751089");
        ObjectNode s = data.putObject("tracking_status");
        s.put("object_id", "4f1b9c2e0f8a4d6b9e3c7a5d2b1e0f9a");
        s.put("status", status);
        s.putObject("substatus").put("code", substatus);
        s.put("status_details", "details");
        s.put("status_date", "2026-03-01T10:00:00Z");
        return body;
    }
}
