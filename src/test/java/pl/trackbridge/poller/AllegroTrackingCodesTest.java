package pl.trackbridge.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.TrackingStatus;

class AllegroTrackingCodesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @ParameterizedTest
    @CsvSource({"PENDING,LABEL_CREATED", "IN_TRANSIT,IN_TRANSIT", "RELEASED_FOR_DELIVERY,OUT_FOR_DELIVERY",
        "AVAILABLE_FOR_PICKUP,READY_FOR_PICKUP", "NOTICE_LEFT,DELIVERY_FAILED", "ISSUE,EXCEPTION",
        "DELIVERED,DELIVERED", "RETURNED,RETURNING_TO_SENDER", "SOMETHING_NEW,UNKNOWN"})
    void everyAllegroCodeHasItsCanonicalStatus(String code, TrackingStatus expected) {
        assertEquals(expected, AllegroTrackingCodes.map(code).status());
    }

    private static JsonNode waybill(String... statuses) throws Exception {
        StringBuilder s = new StringBuilder("{\"waybill\":\"W1\",\"trackingDetails\":{\"createdAt\":\"2026-11-18T08:00:00Z\","
                + "\"updatedAt\":\"2026-11-20T08:00:00Z\",\"statuses\":[");
        for (int i = 0; i < statuses.length; i += 2) {
            s.append(i == 0 ? "" : ",").append("{\"occurredAt\":\"").append(statuses[i + 1]).append("\",\"code\":\"")
                    .append(statuses[i]).append("\"}");
        }
        return JSON.readTree(s.append("]}}").toString());
    }

    @Test
    void eventsCarryTheCarriersTimesInOrderWithStableKeys() throws Exception {
        // Allegro's list is not promised in time order
        JsonNode w = waybill("DELIVERED", "2026-11-20T08:00:00+01:00", "PENDING", "2026-11-18T08:00:00Z",
                "NOTICE_LEFT", "2026-11-19T12:00:00Z");
        List<CanonicalEvent> events = AllegroTrackingCodes.events("DPD", "W1", w, "order-1");
        assertEquals(List.of(TrackingStatus.LABEL_CREATED, TrackingStatus.DELIVERY_FAILED, TrackingStatus.DELIVERED),
                events.stream().map(CanonicalEvent::status).toList());
        assertEquals(Instant.parse("2026-11-20T07:00:00Z"), events.get(2).occurredAt());
        assertEquals(Reason.NOTICE_LEFT, events.get(1).reason());
        assertEquals("allegro-tracking", events.get(0).source());
        assertEquals("order-1", events.get(0).orderId());
        assertEquals(events.stream().map(CanonicalEvent::eventKey).toList(),
                AllegroTrackingCodes.events("DPD", "W1", w, "order-1").stream().map(CanonicalEvent::eventKey).toList(),
                "the same history gives the same keys: a repeated poll stores nothing twice");
    }

    @Test
    void aDeliveryAfterAReturnIsTheParcelBackWithTheSender() throws Exception {
        JsonNode w = waybill("IN_TRANSIT", "2026-11-18T08:00:00Z", "RETURNED", "2026-11-19T08:00:00Z",
                "DELIVERED", "2026-11-21T08:00:00Z");
        List<CanonicalEvent> events = AllegroTrackingCodes.events("DPD", "W1", w, null);
        assertEquals(TrackingStatus.RETURNING_TO_SENDER, events.get(1).status());
        assertEquals(TrackingStatus.RETURNED_TO_SENDER, events.get(2).status());
        assertEquals(true, events.get(2).isTerminal());
    }

    @Test
    void aWaybillWithoutHistoryGivesNoEvents() throws Exception {
        assertEquals(List.of(), AllegroTrackingCodes.events("DPD", "W1", JSON.readTree("{\"waybill\":\"W1\"}"), null));
        assertNull(AllegroTrackingCodes.instant("not a time"));
    }
}
