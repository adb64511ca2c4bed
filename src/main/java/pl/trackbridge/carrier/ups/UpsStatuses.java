package pl.trackbridge.carrier.ups;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/**
 * UPS Track Alert {@code activityStatus.type}/{@code .code} in the canonical model (status-mapping.md §5.6).
 * UPS publishes no complete code table, so the code rows come from karrio's UPS map; a code wins over the
 * type because UPS files the same code (e.g. out-for-delivery {@code OT}) under different types.
 */
final class UpsStatuses {
    private static final Map<String, StatusMapping> CODES = new HashMap<>();

    /** Delivered codes (karrio): only trusted under type D. */
    private static final Set<String> DELIVERED_CODES = Set.of("KB", "FS", "F4");

    /** "Delivered" as a word, not "undelivered" or "not delivered". */
    private static final Pattern DELIVERED = Pattern.compile("(?<![a-z])(?<!not )delivered(?![a-z])");
    private static final Pattern OUT_FOR_DELIVERY = Pattern.compile("out for delivery|loaded on (the )?delivery vehicle");
    /** "Delivered to UPS Access Point, awaiting customer pickup" is not in the recipient's hands yet. */
    private static final Pattern ACCESS_POINT = Pattern.compile("access point|awaiting (customer )?pick ?up");

    static {
        put(StatusMapping.status(TrackingStatus.CANCELLED), "VD", "CA", "CN", "CV");
        put(StatusMapping.status(TrackingStatus.COLLECTED), "OR", "PU", "OC", "OG");
        put(StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY), "OT", "OD", "OF");
        put(StatusMapping.status(TrackingStatus.READY_FOR_PICKUP), "RP", "AC", "WC");
        put(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.REFUSED), "RF");
        put(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ADDRESS_PROBLEM), "UR", "UF");
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD), "HX", "HD", "HI", "HS", "HU");
        put(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED), "DY", "DE", "SD");
        put(StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER), "RS", "RT", "RH", "RU");
    }

    private UpsStatuses() {
    }

    private static void put(StatusMapping mapping, String... codes) {
        for (String c : codes) {
            if (CODES.put(c, mapping) != null) {
                throw new IllegalStateException("UPS code listed twice: " + c);
            }
        }
    }

    static StatusMapping map(String type, String code, String description) {
        String t = type == null ? "" : type.trim().toUpperCase(Locale.ROOT);
        String c = code == null ? "" : code.trim().toUpperCase(Locale.ROOT);
        String d = description == null ? "" : description.trim().toLowerCase(Locale.ROOT);
        if (t.equals("MV")) {
            return StatusMapping.status(TrackingStatus.CANCELLED);
        }
        if (t.equals("U")) {
            return StatusMapping.info(); // a new delivery date or window: ETA only
        }
        StatusMapping byCode = CODES.get(c);
        if (byCode != null) {
            return byCode;
        }
        switch (t) {
            case "M":
                return StatusMapping.status(TrackingStatus.LABEL_CREATED);
            case "I":
                return StatusMapping.status(TrackingStatus.IN_TRANSIT);
            case "D":
                // type D is both "loaded on vehicle / out for delivery" and "delivered": never guess DELIVERED
                if (ACCESS_POINT.matcher(d).find()) {
                    return StatusMapping.status(TrackingStatus.READY_FOR_PICKUP);
                }
                if (DELIVERED_CODES.contains(c) || DELIVERED.matcher(d).find()) {
                    return StatusMapping.status(TrackingStatus.DELIVERED);
                }
                if (OUT_FOR_DELIVERY.matcher(d).find()) {
                    return StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY);
                }
                return StatusMapping.unknown();
            default:
                // includes type X with a code the table does not list: logged as UNKNOWN, not guessed
                return StatusMapping.unknown();
        }
    }
}
