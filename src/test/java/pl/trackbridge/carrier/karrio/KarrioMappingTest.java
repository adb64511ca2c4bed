package pl.trackbridge.carrier.karrio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** status-mapping.md §5.12 row by row, and Karrio's TrackingIncidentReason (karrio.md) by name family. */
class KarrioMappingTest {
    private static final String ONE_EVENT = """
            {"event": "tracker_updated", "data": {"id": "trk_m", "tracking_number": "X1", "carrier_name": "dpd",
             "status": "in_transit", "events": [{"date": "2026-01-02", "time": "10:00 AM", "timestamp": "2026-01-02T09:00:00Z",
             "code": "C1", "status": %s, "reason": %s, "description": "d", "location": "L"}]}}""";

    @ParameterizedTest(name = "{0} + reason {1} -> {2} {3}")
    @CsvSource(nullValues = "-", textBlock = """
            # karrio status,   event reason,            canonical status,    reason
            pending,           -,                       LABEL_CREATED,       -
            picked_up,         -,                       COLLECTED,           -
            in_transit,        -,                       IN_TRANSIT,          -
            on_hold,           -,                       EXCEPTION,           HELD
            delivery_delayed,  -,                       EXCEPTION,           DELAYED
            out_for_delivery,  -,                       OUT_FOR_DELIVERY,    -
            ready_for_pickup,  -,                       READY_FOR_PICKUP,    -
            delivery_failed,   -,                       DELIVERY_FAILED,     OTHER
            delivered,         -,                       DELIVERED,           -
            return_to_sender,  -,                       RETURNING_TO_SENDER, -
            cancelled,         -,                       CANCELLED,           -
            unknown,           -,                       UNKNOWN,             -
            # the event reason names the failure / return / overlay
            delivery_failed,   consignee_not_home,      DELIVERY_FAILED,     RECIPIENT_ABSENT
            delivery_failed,   consignee_refused,       DELIVERY_FAILED,     REFUSED
            delivery_failed,   carrier_address_not_found, DELIVERY_FAILED,   ADDRESS_PROBLEM
            delivery_failed,   unknown,                 DELIVERY_FAILED,     OTHER
            return_to_sender,  consignee_refused,       RETURNING_TO_SENDER, REFUSED
            on_hold,           customs_inspection,      EXCEPTION,           CUSTOMS
            delivery_delayed,  weather_delay,           EXCEPTION,           WEATHER
            # on an overlay status only an overlay reason may refine: a delay stays a delay
            delivery_delayed,  carrier_parcel_lost,     EXCEPTION,           DELAYED
            on_hold,           carrier_damaged_parcel,  EXCEPTION,           HELD
            # reasons on movement statuses do not change them
            in_transit,        weather_delay,           IN_TRANSIT,          -
            delivered,         consignee_not_home,      DELIVERED,           -
            # unknown statuses are kept, never rejected
            teleported,        -,                       UNKNOWN,             -
            IN_TRANSIT,        -,                       IN_TRANSIT,          -
            """)
    void mapsStatusAndReason(String status, String reason, TrackingStatus expectedStatus, Reason expectedReason) {
        StatusMapping expected = new StatusMapping(EventKind.STATUS, expectedStatus, expectedReason);
        assertEquals(expected, KarrioWebhookSource.map(status, reason));

        List<CanonicalEvent> events = new KarrioWebhookSource().normalise(
                KarrioRequests.unsigned(ONE_EVENT.formatted(json(status), json(reason))));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(expected, new StatusMapping(e.kind(), e.status(), e.reason()));
        assertEquals(status, e.rawStatus(), "raw status verbatim");
        assertEquals("C1", e.rawCode(), "raw carrier code verbatim");
        assertEquals("DPD", e.carrierId());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(textBlock = """
            carrier_damaged_parcel,          DAMAGED
            carrier_sorting_error,           DELAYED
            carrier_address_not_found,       ADDRESS_PROBLEM
            carrier_parcel_lost,             LOST
            carrier_not_enough_time,         DELAYED
            carrier_vehicle_issue,           DELAYED
            carrier_capacity_exceeded,       DELAYED
            carrier_mechanical_delay,        DELAYED
            retailer_cancelled,              OTHER
            retailer_incorrect_data,         OTHER
            retailer_not_ready,              PICKUP_FAILED
            retailer_incorrect_parcel,       OTHER
            retailer_incorrect_dimensions,   OVERSIZED
            retailer_packaging_issue,        OTHER
            consignee_refused,               REFUSED
            consignee_business_closed,       BUSINESS_CLOSED
            consignee_not_available,         RECIPIENT_ABSENT
            consignee_not_home,              RECIPIENT_ABSENT
            consignee_cancelled,             REFUSED
            consignee_verification_failed,   OTHER
            consignee_incorrect_address,     ADDRESS_PROBLEM
            consignee_access_restricted,     ACCESS_PROBLEM
            consignee_safe_place_unavailable, RECIPIENT_ABSENT
            customs_delay,                   CUSTOMS
            customs_documentation,           CUSTOMS
            customs_duties_unpaid,           CUSTOMS
            customs_prohibited,              CUSTOMS
            customs_inspection,              CUSTOMS
            weather_delay,                   WEATHER
            natural_disaster,                WEATHER
            force_majeure,                   DELAYED
            parcel_being_researched,         HELD
            security_issue,                  HELD
            regulatory_hold,                 HELD
            unknown,                         OTHER
            customs_quarantine,              CUSTOMS
            carrier_strike_delay,            DELAYED
            consignee_on_holiday,            OTHER
            """)
    void everyIncidentReasonHasAFamily(String karrioReason, Reason expected) {
        assertEquals(expected, KarrioWebhookSource.reasonOf(karrioReason));
        // Through a delivery_failed event, where the reason is always kept.
        CanonicalEvent e = new KarrioWebhookSource().normalise(KarrioRequests.unsigned(
                ONE_EVENT.formatted(json("delivery_failed"), json(karrioReason)))).get(0);
        assertEquals(TrackingStatus.DELIVERY_FAILED, e.status());
        assertEquals(expected, e.reason());
    }

    private static String json(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
