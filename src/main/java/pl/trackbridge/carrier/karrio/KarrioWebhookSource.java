package pl.trackbridge.carrier.karrio;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import pl.trackbridge.carrier.CarrierIds;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.Timestamps;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.tracking.Waybills;
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * Karrio outbound webhooks (docs/carriers/karrio.md, mapping status-mapping.md §5.12).
 *
 * <pre>
 * X-Event-Id: the webhook's secret (whsec_…), sent as-is — a static bearer-like token despite its name
 * body: {"event": "tracker_created" | "tracker_updated" | …, "data": {id, tracking_number, carrier_name, status, events[]}}
 * </pre>
 *
 * Credentials: {@code secret} = the Karrio webhook secret. Only tracker events carry tracking; the other event
 * types (shipment_*, order_*, batch_*, pickup_*) are accepted and yield nothing. One canonical event is emitted
 * per tracker event; Karrio resends the whole list each time, so each event's key is its own.
 */
public final class KarrioWebhookSource implements WebhookSource {
    public static final String NAME = "karrio";
    static final String SECRET_HEADER = "X-Event-Id";
    /**
     * Karrio's date/time pair is carrier-local without an offset; for a Polish seller Warsaw is the likely zone
     * (status-mapping.md §3). Only used when the ISO {@code timestamp} is missing.
     */
    static final ZoneId LOCAL_ZONE = Timestamps.WARSAW;

    private static final Map<String, StatusMapping> STATUS = new HashMap<>();
    private static final Map<String, Reason> REASON = new HashMap<>();

    /** "02:41 PM", "2:41 pm", "14:41", "14:41:05". */
    private static final DateTimeFormatter CLOCK_12H = new DateTimeFormatterBuilder()
            .parseCaseInsensitive().appendPattern("h:mm[:ss] a").toFormatter(Locale.US);
    private static final DateTimeFormatter CLOCK_24H = DateTimeFormatter.ofPattern("H:mm[:ss]", Locale.ROOT);

    static {
        STATUS.put("pending", StatusMapping.status(TrackingStatus.LABEL_CREATED));
        STATUS.put("picked_up", StatusMapping.status(TrackingStatus.COLLECTED));
        STATUS.put("in_transit", StatusMapping.status(TrackingStatus.IN_TRANSIT));
        STATUS.put("on_hold", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD));
        STATUS.put("delivery_delayed", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        STATUS.put("out_for_delivery", StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY));
        STATUS.put("ready_for_pickup", StatusMapping.status(TrackingStatus.READY_FOR_PICKUP));
        STATUS.put("delivery_failed", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.OTHER));
        STATUS.put("delivered", StatusMapping.status(TrackingStatus.DELIVERED));
        STATUS.put("return_to_sender", StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER));
        STATUS.put("cancelled", StatusMapping.status(TrackingStatus.CANCELLED));
        STATUS.put("unknown", StatusMapping.unknown());

        // Karrio TrackingIncidentReason → our Reason, by family (carrier_/retailer_/consignee_/customs_/other).
        reason(Reason.DAMAGED, "carrier_damaged_parcel");
        reason(Reason.DELAYED, "carrier_sorting_error", "carrier_not_enough_time", "carrier_vehicle_issue",
                "carrier_capacity_exceeded", "carrier_mechanical_delay", "force_majeure");
        reason(Reason.ADDRESS_PROBLEM, "carrier_address_not_found", "consignee_incorrect_address");
        reason(Reason.LOST, "carrier_parcel_lost");
        reason(Reason.OTHER, "retailer_cancelled", "retailer_incorrect_data", "retailer_incorrect_parcel",
                "retailer_packaging_issue", "consignee_verification_failed", "unknown");
        reason(Reason.PICKUP_FAILED, "retailer_not_ready");
        reason(Reason.OVERSIZED, "retailer_incorrect_dimensions");
        reason(Reason.REFUSED, "consignee_refused", "consignee_cancelled");
        reason(Reason.BUSINESS_CLOSED, "consignee_business_closed");
        reason(Reason.RECIPIENT_ABSENT, "consignee_not_available", "consignee_not_home", "consignee_safe_place_unavailable");
        reason(Reason.ACCESS_PROBLEM, "consignee_access_restricted");
        reason(Reason.CUSTOMS, "customs_delay", "customs_documentation", "customs_duties_unpaid", "customs_prohibited",
                "customs_inspection");
        reason(Reason.WEATHER, "weather_delay", "natural_disaster");
        reason(Reason.HELD, "parcel_being_researched", "security_issue", "regulatory_hold");
    }

    private static void reason(Reason r, String... codes) {
        for (String c : codes) {
            REASON.put(c, r);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        String presented = request.header(SECRET_HEADER);
        if (presented == null || presented.isEmpty()) {
            throw WebhookRejectedException.unauthenticated("the '" + SECRET_HEADER + "' header (Karrio's webhook secret) is missing");
        }
        // Karrio signs nothing: the header is the secret itself, so compare it like a password (constant-time).
        if (!Signatures.matches(secret, presented)) {
            throw WebhookRejectedException.unauthenticated("the '" + SECRET_HEADER + "' header does not match the webhook secret");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        return read(request);
    }

    private List<CanonicalEvent> read(WebhookRequest request) {
        JsonNode root = request.json();
        JsonNode eventNode = root.get("event");
        String event = JsonFields.text(root, "event");
        if (event == null || !eventNode.isTextual()) {
            throw WebhookRejectedException.malformed("event", "'event' must be a non-empty string");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw WebhookRejectedException.malformed("data", "'data' must be an object");
        }
        if (!event.startsWith("tracker_")) {
            return List.of(); // shipment/order/batch/pickup events: the tracker events carry the same tracking
        }
        String number = JsonFields.text(data, "tracking_number");
        if (number == null || !data.get("tracking_number").isValueNode()) {
            throw WebhookRejectedException.malformed("data.tracking_number", "'data.tracking_number' is missing");
        }
        String trackerId = JsonFields.text(data, "id");
        String carrierName = JsonFields.text(data, "carrier_name");
        String keyPrefix = trackerId != null ? trackerId : (carrierName == null ? "-" : carrierName) + ":" + Waybills.normalise(number);
        String carrierId = CarrierIds.normalise(carrierName);
        String trackerStatus = JsonFields.text(data, "status");

        JsonNode events = data.get("events");
        if (events != null && !events.isNull() && !events.isArray()) {
            throw WebhookRejectedException.malformed("data.events", "'data.events' must be an array");
        }
        List<TimedEvent> timed = new ArrayList<>();
        if (events != null && events.isArray()) {
            for (int i = 0; i < events.size(); i++) {
                String at = "data.events[" + i + "]";
                JsonNode e = events.get(i);
                if (!e.isObject()) {
                    throw WebhookRejectedException.malformed(at, at + " must be an object");
                }
                timed.add(new TimedEvent(e, occurredAt(e, at)));
            }
        }
        if (timed.isEmpty()) {
            // A fresh tracker (tracker_created, status pending) has no scan yet: one event from the tracker itself.
            return List.of(EventBuilder.from(NAME)
                    .dedupeKey(keyPrefix + "|" + (trackerStatus == null ? "-" : trackerStatus) + "|no-events")
                    .carrierId(carrierId)
                    .waybill(number)
                    .mapped(map(trackerStatus, null))
                    .rawStatus(trackerStatus)
                    .occurredAt(arrival(request))
                    .build());
        }

        TimedEvent newest = timed.get(0);
        for (TimedEvent t : timed) {
            if (t.occurredAt.isAfter(newest.occurredAt)) {
                newest = t;
            }
        }
        List<CanonicalEvent> out = new ArrayList<>(timed.size());
        for (TimedEvent t : timed) {
            String ownStatus = JsonFields.text(t.node, "status");
            // Older Karrio versions leave per-event status empty; the tracker's status describes the newest event only.
            String status = ownStatus != null ? ownStatus : t == newest ? trackerStatus : null;
            String code = JsonFields.text(t.node, "code");
            String description = JsonFields.text(t.node, "description");
            out.add(EventBuilder.from(NAME)
                    .dedupeKey(keyPrefix + "|" + t.occurredAt + "|" + (code == null ? "-" : code) + "|"
                            + Signatures.sha256Hex(description == null ? "" : description).substring(0, 16))
                    .carrierId(carrierId)
                    .waybill(number)
                    .mapped(map(status, JsonFields.text(t.node, "reason")))
                    .rawStatus(status)
                    .rawCode(code)
                    .rawDescription(description)
                    .occurredAt(t.occurredAt)
                    .location(Location.of(JsonFields.text(t.node, "location"), null, null))
                    .build());
        }
        return out;
    }

    /**
     * §5.12 plus the event's incident reason. The reason names why a delivery failed, an exception arose or a
     * return started; on {@code on_hold}/{@code delivery_delayed} it may only sharpen the overlay (HELD → CUSTOMS,
     * DELAYED → WEATHER), so a stray "lost" on a delay cannot end the parcel's life.
     */
    static StatusMapping map(String karrioStatus, String karrioReason) {
        StatusMapping base = karrioStatus == null ? null : STATUS.get(karrioStatus.trim().toLowerCase(Locale.ROOT));
        if (base == null) {
            return StatusMapping.unknown(); // kept with its raw status, never rejected
        }
        Reason reason = reasonOf(karrioReason);
        if (reason == null) {
            return base;
        }
        return switch (base.status()) {
            case DELIVERY_FAILED, RETURNING_TO_SENDER -> StatusMapping.status(base.status(), reason);
            case EXCEPTION -> reason.isOverlay() ? StatusMapping.status(TrackingStatus.EXCEPTION, reason) : base;
            default -> base;
        };
    }

    /** Karrio's incident reason by name family; unlisted codes fall back on their family, else OTHER. */
    static Reason reasonOf(String karrioReason) {
        if (karrioReason == null || karrioReason.isBlank()) {
            return null;
        }
        String r = karrioReason.trim().toLowerCase(Locale.ROOT);
        Reason known = REASON.get(r);
        if (known != null) {
            return known;
        }
        if (r.startsWith("customs_")) {
            return Reason.CUSTOMS;
        }
        if (r.startsWith("weather_")) {
            return Reason.WEATHER;
        }
        if (r.endsWith("_delay")) {
            return Reason.DELAYED;
        }
        return Reason.OTHER;
    }

    /** The ISO {@code timestamp} when present; otherwise {@code date} + {@code time} in {@link #LOCAL_ZONE}. */
    static Instant occurredAt(JsonNode e, String at) {
        String timestamp = JsonFields.text(e, "timestamp");
        if (timestamp != null) {
            try {
                return Timestamps.parse(timestamp, LOCAL_ZONE);
            } catch (IllegalArgumentException ex) {
                throw WebhookRejectedException.malformed(at + ".timestamp", at + ".timestamp: " + ex.getMessage());
            }
        }
        String date = JsonFields.text(e, "date");
        if (date == null) {
            throw WebhookRejectedException.malformed(at + ".date", at + " has neither a timestamp nor a date");
        }
        LocalDate day;
        try {
            day = LocalDate.parse(date.trim());
        } catch (DateTimeParseException ex) {
            throw WebhookRejectedException.malformed(at + ".date", at + ".date: unreadable date '" + date + "'");
        }
        String time = JsonFields.text(e, "time");
        if (time == null) {
            // Some carriers report the day only; rejecting would lose the whole delivery (Karrio never retries).
            return day.atStartOfDay(LOCAL_ZONE).toInstant();
        }
        return day.atTime(clock(time.trim(), at)).atZone(LOCAL_ZONE).toInstant();
    }

    private static LocalTime clock(String time, String at) {
        for (DateTimeFormatter f : new DateTimeFormatter[] {CLOCK_12H, CLOCK_24H}) {
            try {
                return LocalTime.parse(time, f);
            } catch (DateTimeParseException ignored) {
                // try the next shape
            }
        }
        throw WebhookRejectedException.malformed(at + ".time", at + ".time: unreadable time '" + time + "'");
    }

    private static Instant arrival(WebhookRequest request) {
        if (request.receivedAt() == null) {
            throw WebhookRejectedException.malformed("the tracker has no events and no arrival time is known");
        }
        return request.receivedAt();
    }

    private record TimedEvent(JsonNode node, Instant occurredAt) {
    }
}
