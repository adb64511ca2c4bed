package pl.trackbridge.carrier.ups;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** status-mapping.md §5.6, every code of every row, plus the type-D decisions. */
class UpsStatusMappingTest {

    @ParameterizedTest(name = "{0}/{1} \"{2}\" -> {3} {4} {5}")
    @CsvSource(nullValues = "-", textBlock = """
            # M Manifest (MP, OA, DD...)
            M,  MP, Shipment Ready for UPS,             STATUS, LABEL_CREATED,       -
            M,  OA, Order Processed,                    STATUS, LABEL_CREATED,       -
            M,  DD, Shipper created a label,            STATUS, LABEL_CREATED,       -
            # MV Manifest Void, and the void/cancel codes under any type
            MV, XX, Shipment voided,                    STATUS, CANCELLED,           -
            MV, -,  -,                                  STATUS, CANCELLED,           -
            M,  VD, Voided,                             STATUS, CANCELLED,           -
            X,  CA, Cancelled,                          STATUS, CANCELLED,           -
            M,  CN, Cancelled,                          STATUS, CANCELLED,           -
            M,  CV, Cancelled,                          STATUS, CANCELLED,           -
            # origin scan / picked up
            I,  OR, On the Way,                         STATUS, COLLECTED,           -
            I,  PU, Pickup Scan,                        STATUS, COLLECTED,           -
            I,  OC, Origin Scan,                        STATUS, COLLECTED,           -
            I,  OG, Origin Scan,                        STATUS, COLLECTED,           -
            # I In progress
            I,  DP, On the Way,                         STATUS, IN_TRANSIT,          -
            I,  AR, Arrival Scan,                       STATUS, IN_TRANSIT,          -
            I,  AF, Arrived at Facility,                STATUS, IN_TRANSIT,          -
            I,  AL, Arrived Late,                       STATUS, IN_TRANSIT,          -
            I,  DS, Destination Scan,                   STATUS, IN_TRANSIT,          -
            I,  IH, Import Scan,                        STATUS, IN_TRANSIT,          -
            I,  AP, Arrived,                            STATUS, IN_TRANSIT,          -
            I,  YP, Preparing for Delivery,             STATUS, IN_TRANSIT,          -
            # out for delivery under I or D
            I,  OT, Out for Delivery,                   STATUS, OUT_FOR_DELIVERY,    -
            D,  OT, Out for Delivery,                   STATUS, OUT_FOR_DELIVERY,    -
            I,  OD, Out for Delivery,                   STATUS, OUT_FOR_DELIVERY,    -
            D,  OF, Out for Delivery,                   STATUS, OUT_FOR_DELIVERY,    -
            # D delivered codes, or description
            D,  KB, Delivered,                          STATUS, DELIVERED,           -
            D,  FS, Delivered,                          STATUS, DELIVERED,           -
            D,  F4, -,                                  STATUS, DELIVERED,           -
            D,  ZZ, DELIVERED,                          STATUS, DELIVERED,           -
            D,  ZZ, Delivered to front porch,           STATUS, DELIVERED,           -
            D,  ZZ, Loaded on Delivery Vehicle,         STATUS, OUT_FOR_DELIVERY,    -
            D,  ZZ, out for delivery today,             STATUS, OUT_FOR_DELIVERY,    -
            D,  ZZ, Not delivered,                      STATUS, UNKNOWN,             -
            D,  ZZ, Undelivered,                        STATUS, UNKNOWN,             -
            D,  ZZ, -,                                  STATUS, UNKNOWN,             -
            D,  ZZ, Delivered to UPS Access Point,      STATUS, READY_FOR_PICKUP,    -
            # Access Point / will call
            X,  RP, Ready for pickup,                   STATUS, READY_FOR_PICKUP,    -
            I,  AC, At UPS Access Point,                STATUS, READY_FOR_PICKUP,    -
            I,  WC, Will call,                          STATUS, READY_FOR_PICKUP,    -
            # X attempt-related
            X,  RF, Refused,                            STATUS, DELIVERY_FAILED,     REFUSED
            X,  UR, Address problem,                    STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            X,  UF, Address problem,                    STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            # X hold
            X,  HX, Held,                               STATUS, EXCEPTION,           HELD
            X,  HD, Held,                               STATUS, EXCEPTION,           HELD
            X,  HI, Held,                               STATUS, EXCEPTION,           HELD
            X,  HS, Held,                               STATUS, EXCEPTION,           HELD
            X,  HU, Held,                               STATUS, EXCEPTION,           HELD
            # X delay
            X,  DY, Delay,                              STATUS, EXCEPTION,           DELAYED
            X,  DE, Delay,                              STATUS, EXCEPTION,           DELAYED
            X,  SD, Delay,                              STATUS, EXCEPTION,           DELAYED
            # returns
            X,  RS, Returning to Sender,                STATUS, RETURNING_TO_SENDER, -
            I,  RT, Return,                             STATUS, RETURNING_TO_SENDER, -
            X,  RH, Return,                             STATUS, RETURNING_TO_SENDER, -
            X,  RU, Return,                             STATUS, RETURNING_TO_SENDER, -
            # U updated delivery date/time
            U,  SD, Updated Delivery Date,              INFO,   UNKNOWN,             -
            U,  -,  -,                                  INFO,   UNKNOWN,             -
            # anything else
            X,  ZZ, Something happened,                 STATUS, UNKNOWN,             -
            Q,  QQ, -,                                  STATUS, UNKNOWN,             -
            -,  -,  -,                                  STATUS, UNKNOWN,             -
            # case and whitespace of type/code do not matter
            i,  ' ot ', Out for Delivery,               STATUS, OUT_FOR_DELIVERY,    -
            """)
    void everyRow(String type, String code, String description, EventKind kind, TrackingStatus status, Reason reason) {
        assertEquals(new StatusMapping(kind, status, reason), UpsStatuses.map(type, code, description));

        String body = """
                {"trackingNumber":"1Z204W4R0308071865","gmtActivityDate":"20240423","gmtActivityTime":"131519",
                 "activityStatus":{"type":%s,"code":%s,"description":%s}}"""
                .formatted(q(type), q(code), q(description));
        CanonicalEvent e = new UpsWebhookSource().normalise(UpsTestSupport.request(body)).get(0);
        assertEquals(kind, e.kind());
        assertEquals(status, e.status());
        assertEquals(reason, e.reason());
        assertEquals(type, e.rawStatus(), "raw type verbatim");
        assertEquals(code == null || code.isBlank() ? null : code, e.rawCode(), "raw code verbatim");
        assertEquals(description, e.rawDescription(), "raw description verbatim");
    }

    private static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }
}
