package pl.trackbridge.carrier.fedex;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** FedEx scan event codes ({@code scanEvents[].eventType}) in the canonical model, status-mapping.md §5.7. */
final class FedexStatuses {
    private static final Map<String, StatusMapping> CODES = new HashMap<>();

    static {
        put(StatusMapping.status(TrackingStatus.LABEL_CREATED), "OC", "OX", "MD", "EP");
        put(StatusMapping.status(TrackingStatus.COLLECTED), "PU", "PX", "OF", "AP");
        // karrio lists "Ow" in mixed case; codes are compared upper-cased
        put(StatusMapping.status(TrackingStatus.IN_TRANSIT), "IT", "IX", "AA", "AC", "AF", "AR", "AX", "DP", "EA",
                "EO", "FD", "LO", "OW", "PF", "PL", "PM", "SF", "TR");
        put(StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY), "OD", "ED", "AD");
        put(StatusMapping.status(TrackingStatus.READY_FOR_PICKUP), "HL", "HP");
        put(StatusMapping.status(TrackingStatus.DELIVERED), "DL");
        put(StatusMapping.status(TrackingStatus.DELIVERY_FAILED), "DE");
        // the table says "SE, HA → EXCEPTION (HELD/OTHER)": SE is a generic shipment exception, HA a hold
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER), "SE");
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD), "HA");
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.CUSTOMS), "CD");
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED), "DY", "DD", "PY");
        put(StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER), "RS", "RT");
        put(StatusMapping.status(TrackingStatus.CANCELLED), "CA");
        put(StatusMapping.info(), "RD"); // return label expired: nothing happened to a parcel
    }

    private FedexStatuses() {
    }

    private static void put(StatusMapping mapping, String... codes) {
        for (String c : codes) {
            if (CODES.put(c, mapping) != null) {
                throw new IllegalStateException("FedEx code listed twice: " + c);
            }
        }
    }

    /** The canonical meaning; a code the table does not know is UNKNOWN (kept with its raw code, never rejected). */
    static StatusMapping map(String eventType) {
        if (eventType == null) {
            return StatusMapping.unknown();
        }
        StatusMapping m = CODES.get(eventType.trim().toUpperCase(Locale.ROOT));
        return m != null ? m : StatusMapping.unknown();
    }
}
