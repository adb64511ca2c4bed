package pl.trackbridge.carrier.easypost;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
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
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * EasyPost Event webhooks (docs/carriers/easypost.md); only {@code tracker.*} events carry tracking.
 *
 * <pre>
 * X-Hmac-Signature: hmac-sha256-hex=hex(HMAC-SHA256(key = NFKD(webhook secret) as UTF-8, msg = raw body))
 * </pre>
 *
 * Credentials: {@code secret}. One event per {@code result.tracking_details[]} entry. Mapping:
 * status-mapping.md §5.9.
 */
public final class EasypostWebhookSource implements WebhookSource {
    public static final String NAME = "easypost";
    static final String SIGNATURE_HEADER = "X-Hmac-Signature";
    static final String SIGNATURE_PREFIX = "hmac-sha256-hex=";

    private static final Map<String, StatusMapping> IN_TRANSIT_DETAILS = new LinkedHashMap<>();
    private static final Map<String, StatusMapping> FAILURE_DETAILS = new LinkedHashMap<>();

    static {
        IN_TRANSIT_DETAILS.put("received_at_origin_facility", StatusMapping.status(TrackingStatus.COLLECTED));
        // EasyPost's "in transit, but…" details are overlays (rule 3): DELAYED/WEATHER keep the milestone.
        IN_TRANSIT_DETAILS.put("delayed", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        IN_TRANSIT_DETAILS.put("weather_delay", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.WEATHER));
        IN_TRANSIT_DETAILS.put("missorted", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        IN_TRANSIT_DETAILS.put("transit_exception", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        IN_TRANSIT_DETAILS.put("held", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD));
        IN_TRANSIT_DETAILS.put("address_correction", StatusMapping.info());
        // arrived_at_facility, departed_facility, … and any other detail: plain IN_TRANSIT.

        FAILURE_DETAILS.put("delivery_exception", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.OTHER));
        FAILURE_DETAILS.put("refused", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.REFUSED));
        FAILURE_DETAILS.put("lost", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.LOST));
        FAILURE_DETAILS.put("damaged", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DAMAGED));
        // any other failure detail: EXCEPTION(OTHER)
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        String header = request.header(SIGNATURE_HEADER);
        if (header == null || header.isBlank()) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " header is required");
        }
        String h = header.trim();
        if (!h.regionMatches(true, 0, SIGNATURE_PREFIX, 0, SIGNATURE_PREFIX.length())) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " must be " + SIGNATURE_PREFIX + "<hex>");
        }
        if (!Signatures.matchesHex(hmac(secret, request.body()), h.substring(SIGNATURE_PREFIX.length()))) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " does not match the body");
        }
    }

    /** EasyPost's clients NFKD-normalise the secret before keying, so "sécret" typed either way verifies. */
    static byte[] hmac(String secret, byte[] body) {
        byte[] key = Normalizer.normalize(secret, Normalizer.Form.NFKD).getBytes(StandardCharsets.UTF_8);
        return Signatures.hmacSha256(key, body);
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        return read(request);
    }

    private static List<CanonicalEvent> read(WebhookRequest request) {
        JsonNode root = request.json();
        String description = JsonFields.text(root, "description");
        String object = JsonFields.text(root, "object");
        if (object != null && !"Event".equals(object)) {
            throw WebhookRejectedException.malformed("object", "not an EasyPost Event: object is '" + object + "'");
        }
        if (description == null) {
            throw WebhookRejectedException.malformed("description", "not an EasyPost Event: no 'description'");
        }
        if (!description.startsWith("tracker.")) {
            return List.of(); // batch.*, shipment.*, … : valid deliveries with nothing to track
        }
        JsonNode tracker = root.get("result");
        if (tracker == null || !tracker.isObject()) {
            throw WebhookRejectedException.malformed("result", description + " has no Tracker in 'result'");
        }
        String trackingCode = JsonFields.text(tracker, "tracking_code");
        if (trackingCode == null) {
            throw WebhookRejectedException.malformed("result.tracking_code", "the Tracker has no tracking_code");
        }
        String eventId = JsonFields.text(root, "id");
        String carrier = JsonFields.text(tracker, "carrier");
        // EasyPost dedupes trackers per (tracking_code, carrier), so that pair stands in for a missing trk_ id.
        String trackerId = JsonFields.text(tracker, "id");
        String trackerKey = trackerId != null ? trackerId : carrier + ":" + trackingCode;
        Context ctx = new Context(eventId, CarrierIds.normalise(carrier), trackingCode, trackerKey);

        JsonNode details = tracker.get("tracking_details");
        if (details != null && !details.isNull() && !details.isArray()) {
            throw WebhookRejectedException.malformed("result.tracking_details", "tracking_details must be an array");
        }
        if (details == null || details.isNull() || details.isEmpty()) {
            // tracker.created before the first scan: the Tracker's own status is the only fact.
            return List.of(trackerEvent(tracker, ctx));
        }
        Map<String, CanonicalEvent> out = new LinkedHashMap<>();
        for (int i = 0; i < details.size(); i++) {
            CanonicalEvent e = detailEvent(details.get(i), "result.tracking_details[" + i + "]", ctx);
            out.putIfAbsent(e.dedupeKey(), e);
        }
        return new ArrayList<>(out.values());
    }

    private record Context(String eventId, String carrierId, String trackingCode, String trackerKey) {
    }

    private static CanonicalEvent detailEvent(JsonNode d, String at, Context ctx) {
        if (d == null || !d.isObject()) {
            throw WebhookRejectedException.malformed(at, at + " must be an object");
        }
        Instant occurredAt = time(JsonFields.text(d, "datetime"), at + ".datetime");
        String status = JsonFields.text(d, "status");
        String detail = JsonFields.text(d, "status_detail");
        String message = JsonFields.text(d, "message");
        return EventBuilder.from(NAME)
                .sourceEventId(ctx.eventId())
                // Every tracker.updated resends the whole history under a new evt_: key on the scan itself.
                .dedupeKey(Signatures.sha256Hex(String.join("|", ctx.trackerKey(), occurredAt.toString(),
                        String.valueOf(status), String.valueOf(detail))))
                .carrierId(ctx.carrierId())
                .waybill(ctx.trackingCode())
                .mapped(map(status, detail))
                .rawStatus(status)
                .rawCode(detail)
                .rawDescription(message != null ? message : JsonFields.text(d, "description"))
                .occurredAt(occurredAt)
                .location(Location.of(JsonFields.text(d, "tracking_location", "city"),
                        JsonFields.text(d, "tracking_location", "zip"),
                        JsonFields.text(d, "tracking_location", "country")))
                .build();
    }

    private static CanonicalEvent trackerEvent(JsonNode tracker, Context ctx) {
        String at = JsonFields.text(tracker, "updated_at") != null ? "result.updated_at" : "result.created_at";
        Instant occurredAt = time(JsonFields.text(tracker, at.substring("result.".length())), at);
        String status = JsonFields.text(tracker, "status");
        String detail = JsonFields.text(tracker, "status_detail");
        return EventBuilder.from(NAME)
                .sourceEventId(ctx.eventId())
                .dedupeKey(Signatures.sha256Hex(String.join("|", ctx.trackerKey(), occurredAt.toString(),
                        String.valueOf(status), String.valueOf(detail))))
                .carrierId(ctx.carrierId())
                .waybill(ctx.trackingCode())
                .mapped(map(status, detail))
                .rawStatus(status)
                .rawCode(detail)
                .occurredAt(occurredAt)
                .build();
    }

    private static Instant time(String text, String at) {
        try {
            return Timestamps.parse(text, ZoneOffset.UTC); // EasyPost sends UTC ("…Z")
        } catch (IllegalArgumentException | DateTimeException e) {
            throw WebhookRejectedException.malformed(at, at + ": " + e.getMessage());
        }
    }

    /** §5.9 by (status, status_detail); an unknown status is UNKNOWN with its raw code, never rejected. */
    static StatusMapping map(String status, String statusDetail) {
        String detail = statusDetail == null ? "" : statusDetail.trim().toLowerCase(Locale.ROOT);
        if (detail.equals("expired")) {
            return StatusMapping.info(); // EasyPost stopped tracking: a meta-state, not a parcel state
        }
        String s = status == null ? "" : status.trim().toLowerCase(Locale.ROOT);
        return switch (s) {
            case "pre_transit" -> StatusMapping.status(TrackingStatus.LABEL_CREATED);
            case "in_transit" -> IN_TRANSIT_DETAILS.getOrDefault(detail, StatusMapping.status(TrackingStatus.IN_TRANSIT));
            case "out_for_delivery" -> StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY);
            case "available_for_pickup" -> StatusMapping.status(TrackingStatus.READY_FOR_PICKUP);
            case "delivered" -> StatusMapping.status(TrackingStatus.DELIVERED);
            // EasyPost has no "delivered back" detail we can rely on; a return stays non-terminal.
            case "return_to_sender" -> StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER);
            case "failure" -> FAILURE_DETAILS.getOrDefault(detail, StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER));
            case "cancelled" -> StatusMapping.status(TrackingStatus.CANCELLED);
            case "error" -> StatusMapping.info(); // the tracker failed at EasyPost, not the parcel
            // "unknown" means LABEL_CREATED only when we bought the label, which this adapter cannot know.
            default -> StatusMapping.unknown();
        };
    }
}
