package pl.trackbridge.carrier.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** Every row of status-mapping.md §5.11, through the same path a delivery takes. */
class SeventeenTrackMappingTest {

    @ParameterizedTest(name = "{0} / {1} (stage {2}) -> {3} {4} {5}")
    @CsvSource(nullValues = "-", textBlock = """
            # main status,     sub_status,                             stage,    kind,   status,              reason
            NotFound,           NotFound_Other,                         -,        STATUS, UNKNOWN,             -
            NotFound,           NotFound_InvalidCode,                   -,        STATUS, UNKNOWN,             -
            InfoReceived,       InfoReceived,                           -,        STATUS, LABEL_CREATED,       -
            InTransit,          InTransit_PickedUp,                     PickedUp, STATUS, COLLECTED,           -
            InTransit,          InTransit_PickedUp,                     -,        STATUS, COLLECTED,           -
            InTransit,          InTransit_Other,                        -,        STATUS, IN_TRANSIT,          -
            InTransit,          InTransit_Departure,                    -,        STATUS, IN_TRANSIT,          -
            InTransit,          InTransit_Arrival,                      -,        STATUS, IN_TRANSIT,          -
            InTransit,          InTransit_CustomsProcessing,            -,        STATUS, IN_TRANSIT,          -
            InTransit,          InTransit_CustomsReleased,              -,        STATUS, IN_TRANSIT,          -
            InTransit,          InTransit_CustomsRequiringInformation,  -,        STATUS, EXCEPTION,           CUSTOMS
            OutForDelivery,     OutForDelivery_Other,                   -,        STATUS, OUT_FOR_DELIVERY,    -
            AvailableForPickup, AvailableForPickup_Other,               -,        STATUS, READY_FOR_PICKUP,    -
            DeliveryFailure,    DeliveryFailure_Other,                  -,        STATUS, DELIVERY_FAILED,     OTHER
            DeliveryFailure,    DeliveryFailure_NoBody,                 -,        STATUS, DELIVERY_FAILED,     RECIPIENT_ABSENT
            DeliveryFailure,    DeliveryFailure_Security,               -,        STATUS, DELIVERY_FAILED,     ACCESS_PROBLEM
            DeliveryFailure,    DeliveryFailure_Rejected,               -,        STATUS, DELIVERY_FAILED,     REFUSED
            DeliveryFailure,    DeliveryFailure_InvalidAddress,         -,        STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            Delivered,          Delivered_Other,                        -,        STATUS, DELIVERED,           -
            Exception,          Exception_Returning,                    Returning,STATUS, RETURNING_TO_SENDER, -
            Exception,          Exception_Returned,                     Returned, STATUS, RETURNED_TO_SENDER,  -
            Exception,          Exception_NoBody,                       -,        STATUS, DELIVERY_FAILED,     RECIPIENT_ABSENT
            Exception,          Exception_Security,                     -,        STATUS, DELIVERY_FAILED,     ACCESS_PROBLEM
            Exception,          Exception_Rejected,                     -,        STATUS, DELIVERY_FAILED,     REFUSED
            Exception,          Exception_Damage,                       -,        STATUS, EXCEPTION,           DAMAGED
            Exception,          Exception_Delayed,                      -,        STATUS, EXCEPTION,           DELAYED
            Exception,          Exception_Lost,                         -,        STATUS, EXCEPTION,           LOST
            Exception,          Exception_Destroyed,                    -,        STATUS, EXCEPTION,           DESTROYED
            Exception,          Exception_Cancel,                       -,        STATUS, CANCELLED,           -
            Exception,          Exception_Held,                         -,        STATUS, EXCEPTION,           HELD
            Exception,          Exception_Other,                        -,        STATUS, EXCEPTION,           OTHER
            Expired,            Expired_Other,                          -,        INFO,   UNKNOWN,             -
            # stage as tie-breaker where the sub-status is vague, and as the answer where there is none
            InTransit,          InTransit_Other,                        PickedUp, STATUS, COLLECTED,           -
            Exception,          Exception_Other,                        Returning,STATUS, RETURNING_TO_SENDER, -
            Exception,          Exception_Other,                        Returned, STATUS, RETURNED_TO_SENDER,  -
            Delivered,          Delivered_Other,                        PickedUp, STATUS, DELIVERED,           -
            -,                  -,                                      InfoReceived, STATUS, LABEL_CREATED,   -
            -,                  -,                                      PickedUp, STATUS, COLLECTED,           -
            -,                  -,                                      Departure,STATUS, IN_TRANSIT,          -
            -,                  -,                                      Arrival,  STATUS, IN_TRANSIT,          -
            -,                  -,                                      AvailableForPickup, STATUS, READY_FOR_PICKUP, -
            -,                  -,                                      OutForDelivery, STATUS, OUT_FOR_DELIVERY, -
            -,                  -,                                      Delivered,STATUS, DELIVERED,           -
            -,                  -,                                      Returning,STATUS, RETURNING_TO_SENDER, -
            -,                  -,                                      Returned, STATUS, RETURNED_TO_SENDER,  -
            # sub-statuses 17TRACK adds later fall back on their main status; wholly unknown ones are UNKNOWN
            InTransit,          InTransit_SomethingNew,                 -,        STATUS, IN_TRANSIT,          -
            Exception,          Exception_SomethingNew,                 -,        STATUS, EXCEPTION,           OTHER
            Teleported,         Teleported_Other,                       -,        STATUS, UNKNOWN,             -
            -,                  -,                                      Teleported, STATUS, UNKNOWN,           -
            """)
    void mapsTheTableRowAsTheNewestEventOfADelivery(String main, String sub, String stage, EventKind kind,
            TrackingStatus status, Reason reason) {
        StatusMapping expected = new StatusMapping(kind, status, reason);
        assertEquals(expected, SeventeenTrackWebhookSource.map(sub, main, stage));

        // And through a real delivery: the event carries the stage, latest_status the (sub-)status.
        String body = """
                {"event": "TRACKING_UPDATED", "data": {"number": "PL 123", "carrier": 0, "track_info": {
                  "latest_status": {"status": %s, "sub_status": %s},
                  "tracking": {"providers": [{"provider": {"key": 1, "name": "Somebody"}, "events": [
                    {"time_utc": "2026-01-02T03:04:05Z", "description": "scan", "stage": %s, "sub_status": null}]}]}}}}
                """.formatted(json(main), json(sub), json(stage));
        List<CanonicalEvent> events = new SeventeenTrackWebhookSource().normalise(SeventeenTrackRequests.unsigned(body));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(expected, new StatusMapping(e.kind(), e.status(), e.reason()));
        assertEquals(sub, e.rawCode(), "the raw sub-status is kept verbatim");
        assertEquals(main != null ? main : stage, e.rawStatus(), "the raw status is kept verbatim");
        assertEquals("PL123", e.waybill());
        assertEquals("OTHER", e.carrierId());
    }

    @ParameterizedTest(name = "carrier {0}, provider key {1}, name {2} -> {3}")
    @CsvSource(nullValues = "-", textBlock = """
            100002, 9,      -,               UPS
            3011,   100002, -,               UPS
            3011,   3011,   China Post,      OTHER
            0,      190000, InPost,          INPOST
            0,      190001, DPD Poland,      DPD
            0,      190002, Poczta Polska,   POCZTA_POLSKA
            0,      190003, Some Local Post, OTHER
            -,      -,      -,               OTHER
            """)
    void carrierIdFromKeyThenProviderName(String carrier, String providerKey, String providerName, String expected) {
        String body = """
                {"event": "TRACKING_STOPPED", "data": {"number": "X1", "carrier": %s, "track_info": {"tracking":
                  {"providers": [{"provider": {"key": %s, "name": %s}, "events": []}]}}}}
                """.formatted(json(carrier), json(providerKey), json(providerName));
        CanonicalEvent e = new SeventeenTrackWebhookSource().normalise(SeventeenTrackRequests.unsigned(body)).get(0);
        assertEquals(expected, e.carrierId());
        assertEquals(EventKind.INFO, e.kind(), "TRACKING_STOPPED is a subscription notice");
    }

    private static String json(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
