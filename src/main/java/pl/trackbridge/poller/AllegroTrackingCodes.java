package pl.trackbridge.poller;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.JsonFields;

/**
 * Allegro's parcel-tracking codes ({@code GET /order/carriers/{carrierId}/tracking}) as canonical events
 * (DESIGN §4): PENDING→LABEL_CREATED, IN_TRANSIT→IN_TRANSIT, RELEASED_FOR_DELIVERY→OUT_FOR_DELIVERY,
 * AVAILABLE_FOR_PICKUP→READY_FOR_PICKUP, NOTICE_LEFT→DELIVERY_FAILED, ISSUE→EXCEPTION, DELIVERED→DELIVERED,
 * RETURNED→RETURNING_TO_SENDER, or RETURNED_TO_SENDER when terminal.
 *
 * <p>Allegro's history carries no terminal flag and RETURNED means "being or already returned". Our reading: the
 * return is over (terminal) once the history shows the parcel delivered after a RETURNED — that DELIVERED is the
 * parcel reaching the sender, so it becomes RETURNED_TO_SENDER, never a delivery to the buyer.
 */
public final class AllegroTrackingCodes {
    /** The source name of polled events: their event keys never collide with a webhook source's. */
    public static final String SOURCE = "allegro-tracking";

    private AllegroTrackingCodes() {
    }

    public static StatusMapping map(String code) {
        if (code == null) {
            return StatusMapping.unknown();
        }
        return switch (code) {
            case "PENDING" -> StatusMapping.status(TrackingStatus.LABEL_CREATED);
            case "IN_TRANSIT" -> StatusMapping.status(TrackingStatus.IN_TRANSIT);
            case "RELEASED_FOR_DELIVERY" -> StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY);
            case "AVAILABLE_FOR_PICKUP" -> StatusMapping.status(TrackingStatus.READY_FOR_PICKUP);
            case "NOTICE_LEFT" -> StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.NOTICE_LEFT);
            case "ISSUE" -> StatusMapping.status(TrackingStatus.EXCEPTION);
            case "DELIVERED" -> StatusMapping.status(TrackingStatus.DELIVERED);
            case "RETURNED" -> StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER);
            default -> StatusMapping.unknown();
        };
    }

    /**
     * One waybill's {@code trackingDetails.statuses} as canonical events, oldest first. The dedupe key is the
     * carrier, code and instant, so the same history polled again yields the same keys (stored once).
     */
    public static List<CanonicalEvent> events(String carrierId, String waybill, JsonNode waybillNode, String orderId) {
        List<JsonNode> statuses = new ArrayList<>();
        waybillNode.path("trackingDetails").path("statuses").forEach(statuses::add);
        statuses.removeIf(s -> instant(JsonFields.text(s, "occurredAt")) == null);
        statuses.sort(Comparator.comparing(s -> instant(JsonFields.text(s, "occurredAt"))));
        List<CanonicalEvent> out = new ArrayList<>();
        boolean returned = false;
        for (JsonNode s : statuses) {
            String code = JsonFields.text(s, "code");
            Instant at = instant(JsonFields.text(s, "occurredAt"));
            StatusMapping m = map(code);
            if ("RETURNED".equals(code)) {
                returned = true;
            } else if ("DELIVERED".equals(code) && returned) {
                m = StatusMapping.status(TrackingStatus.RETURNED_TO_SENDER);
            }
            out.add(EventBuilder.from(SOURCE).dedupeKey(carrierId + ":" + code + ":" + at)
                    .carrierId(carrierId).waybill(waybill).mapped(m).rawStatus(code)
                    .rawDescription(JsonFields.text(s, "description")).occurredAt(at).orderId(orderId).build());
        }
        return out;
    }

    static Instant instant(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
