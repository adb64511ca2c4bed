package pl.trackbridge.carrier.fedex;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** status-mapping.md §5.7, every code of every row. */
class FedexStatusMappingTest {

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource(nullValues = "-", textBlock = """
            OC, STATUS, LABEL_CREATED,       -
            OX, STATUS, LABEL_CREATED,       -
            MD, STATUS, LABEL_CREATED,       -
            EP, STATUS, LABEL_CREATED,       -
            PU, STATUS, COLLECTED,           -
            PX, STATUS, COLLECTED,           -
            OF, STATUS, COLLECTED,           -
            AP, STATUS, COLLECTED,           -
            IT, STATUS, IN_TRANSIT,          -
            IX, STATUS, IN_TRANSIT,          -
            AA, STATUS, IN_TRANSIT,          -
            AC, STATUS, IN_TRANSIT,          -
            AF, STATUS, IN_TRANSIT,          -
            AR, STATUS, IN_TRANSIT,          -
            AX, STATUS, IN_TRANSIT,          -
            DP, STATUS, IN_TRANSIT,          -
            EA, STATUS, IN_TRANSIT,          -
            EO, STATUS, IN_TRANSIT,          -
            FD, STATUS, IN_TRANSIT,          -
            LO, STATUS, IN_TRANSIT,          -
            Ow, STATUS, IN_TRANSIT,          -
            OW, STATUS, IN_TRANSIT,          -
            PF, STATUS, IN_TRANSIT,          -
            PL, STATUS, IN_TRANSIT,          -
            PM, STATUS, IN_TRANSIT,          -
            SF, STATUS, IN_TRANSIT,          -
            TR, STATUS, IN_TRANSIT,          -
            OD, STATUS, OUT_FOR_DELIVERY,    -
            ED, STATUS, OUT_FOR_DELIVERY,    -
            AD, STATUS, OUT_FOR_DELIVERY,    -
            HL, STATUS, READY_FOR_PICKUP,    -
            HP, STATUS, READY_FOR_PICKUP,    -
            DL, STATUS, DELIVERED,           -
            DE, STATUS, DELIVERY_FAILED,     -
            SE, STATUS, EXCEPTION,           OTHER
            HA, STATUS, EXCEPTION,           HELD
            CD, STATUS, EXCEPTION,           CUSTOMS
            DY, STATUS, EXCEPTION,           DELAYED
            DD, STATUS, EXCEPTION,           DELAYED
            PY, STATUS, EXCEPTION,           DELAYED
            RS, STATUS, RETURNING_TO_SENDER, -
            RT, STATUS, RETURNING_TO_SENDER, -
            CA, STATUS, CANCELLED,           -
            RD, INFO,   UNKNOWN,             -
            dl, STATUS, DELIVERED,           -
            AO, STATUS, UNKNOWN,             -
            ZZ, STATUS, UNKNOWN,             -
            """)
    void everyCode(String code, EventKind kind, TrackingStatus status, Reason reason) {
        assertEquals(new StatusMapping(kind, status, reason), FedexStatuses.map(code));

        String body = """
                {"trackingNumber":"986578788855","scanEvents":[{"date":"2024-04-26T09:26:00-07:00","eventType":"%s",
                  "eventDescription":"text for %s"}]}""".formatted(code, code);
        CanonicalEvent e = new FedexWebhookSource().normalise(FedexTestSupport.request(body)).get(0);
        assertEquals(kind, e.kind());
        assertEquals(status, e.status());
        assertEquals(reason, e.reason());
        assertEquals(code, e.rawStatus(), "raw code verbatim");
        assertEquals("text for " + code, e.rawDescription());
    }
}
