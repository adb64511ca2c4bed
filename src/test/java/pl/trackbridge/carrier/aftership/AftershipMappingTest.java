package pl.trackbridge.carrier.aftership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.JSON;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;

/** Every row of status-mapping.md §5.8, through a full delivery (checkpoint and tracking-level events). */
class AftershipMappingTest {
    private final AftershipWebhookSource source = new AftershipWebhookSource();

    @ParameterizedTest(name = "{0}/{1} -> {2} {3} {4}")
    @CsvSource({
            // tag, subtag, kind, status, reason
            "Pending, Pending_001, INFO, UNKNOWN,",
            "Pending, Pending_004, INFO, UNKNOWN,",
            "Pending, Pending_006, INFO, UNKNOWN,",
            "InfoReceived, InfoReceived_001, STATUS, LABEL_CREATED,",
            "InTransit, InTransit_002, STATUS, COLLECTED,",
            "InTransit, InTransit_001, STATUS, IN_TRANSIT,",
            "InTransit, InTransit_003, STATUS, IN_TRANSIT,",
            "InTransit, InTransit_004, STATUS, IN_TRANSIT,",
            "InTransit, InTransit_005, STATUS, IN_TRANSIT,",
            "InTransit, InTransit_007, STATUS, IN_TRANSIT,",
            "InTransit, InTransit_009, STATUS, IN_TRANSIT, REDIRECTED",
            "InTransit, InTransit_006, STATUS, IN_TRANSIT, CUSTOMS",
            "InTransit, InTransit_008, INFO, UNKNOWN,",
            "OutForDelivery, OutForDelivery_001, STATUS, OUT_FOR_DELIVERY,",
            "OutForDelivery, OutForDelivery_003, STATUS, OUT_FOR_DELIVERY,",
            "OutForDelivery, OutForDelivery_004, STATUS, OUT_FOR_DELIVERY,",
            "AvailableForPickup, AvailableForPickup_001, STATUS, READY_FOR_PICKUP,",
            "AttemptFail, AttemptFail_001, STATUS, DELIVERY_FAILED, OTHER",
            "AttemptFail, AttemptFail_002, STATUS, DELIVERY_FAILED, RECIPIENT_ABSENT",
            "AttemptFail, AttemptFail_003, STATUS, DELIVERY_FAILED, BUSINESS_CLOSED",
            "Delivered, Delivered_001, STATUS, DELIVERED,",
            "Delivered, Delivered_002, STATUS, DELIVERED,",
            "Delivered, Delivered_003, STATUS, DELIVERED,",
            "Delivered, Delivered_004, STATUS, DELIVERED,",
            "Delivered, Delivered_005, STATUS, DELIVERED,",
            "Exception, Exception_001, STATUS, EXCEPTION, OTHER",
            "Exception, Exception_002, STATUS, DELIVERY_FAILED, RECIPIENT_MOVED",
            "Exception, Exception_007, STATUS, DELIVERY_FAILED, ADDRESS_PROBLEM",
            "Exception, Exception_003, STATUS, DELIVERY_FAILED, REFUSED",
            "Exception, Exception_004, STATUS, EXCEPTION, CUSTOMS",
            "Exception, Exception_018, STATUS, EXCEPTION, CUSTOMS",
            "Exception, Exception_005, STATUS, EXCEPTION, DELAYED",
            "Exception, Exception_016, STATUS, EXCEPTION, DELAYED",
            "Exception, Exception_019, STATUS, EXCEPTION, DELAYED",
            "Exception, Exception_017, STATUS, EXCEPTION, WEATHER",
            "Exception, Exception_006, STATUS, EXCEPTION, HELD",
            "Exception, Exception_008, STATUS, EXCEPTION, PICKUP_EXPIRED",
            "Exception, Exception_009, STATUS, EXCEPTION, OTHER",
            "Exception, Exception_010, STATUS, RETURNING_TO_SENDER,",
            "Exception, Exception_011, STATUS, RETURNED_TO_SENDER,",
            "Exception, Exception_012, STATUS, EXCEPTION, DAMAGED",
            "Exception, Exception_013, STATUS, EXCEPTION, LOST",
            "Exception, Exception_020, STATUS, CANCELLED,",
            "Exception, Exception_021, STATUS, EXCEPTION, DESTROYED",
            "Expired, Expired_001, INFO, UNKNOWN,",
            // fallbacks: a new subtag of a known tag takes the tag's meaning; an unknown tag is UNKNOWN
            "InTransit, InTransit_099, STATUS, IN_TRANSIT,",
            "Exception, Exception_099, STATUS, EXCEPTION, OTHER",
            "Delivered, , STATUS, DELIVERED,",
            ", Delivered_001, STATUS, DELIVERED,",
            "Teleported, Teleported_001, STATUS, UNKNOWN,",
            ", , STATUS, UNKNOWN,",
    })
    void mapsTagAndSubtag(String tag, String subtag, EventKind kind, TrackingStatus status, Reason reason) {
        for (CanonicalEvent e : List.of(checkpointEvent(tag, subtag), trackingEvent(tag, subtag))) {
            assertEquals(kind, e.kind(), "kind");
            assertEquals(status, e.status(), "status");
            assertEquals(reason, e.reason(), "reason");
            assertEquals(tag, e.rawStatus(), "raw tag kept verbatim");
            assertEquals(subtag, e.rawCode(), "raw subtag kept verbatim");
        }
    }

    private CanonicalEvent checkpointEvent(String tag, String subtag) {
        ObjectNode body = body(tag, subtag);
        ObjectNode cp = ((ObjectNode) body.get("msg")).putArray("checkpoints").addObject();
        cp.put("checkpoint_time", "2026-03-01T10:00:00");
        cp.put("message", "scan");
        cp.put("tag", tag);
        cp.put("subtag", subtag);
        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(1, events.size());
        return events.get(0);
    }

    private CanonicalEvent trackingEvent(String tag, String subtag) {
        List<CanonicalEvent> events = source.normalise(request(bytes(body(tag, subtag))));
        assertEquals(1, events.size());
        return events.get(0);
    }

    private static ObjectNode body(String tag, String subtag) {
        ObjectNode body = JSON.createObjectNode();
        body.put("event", "tracking_update");
        body.put("event_id", "11111111-2222-4333-8444-555555555555");
        body.put("ts", 1772359200L);
        ObjectNode msg = body.putObject("msg");
        msg.put("tracking_number", "520000011234567890123456");
        msg.put("slug", "inpost-paczkomaty");
        msg.put("tag", tag);
        msg.put("subtag", subtag);
        return body;
    }
}
