package pl.trackbridge.carrier.shippo;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
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
 * Shippo {@code track_updated} webhooks (docs/carriers/shippo.md).
 *
 * <pre>
 * with credentials.secret:    Shippo-Auth-Signature: t=unix seconds,v1=hex(HMAC-SHA256(secret, t + "." + raw body))
 *                             (t at most 300 s from our clock)
 * without it:                 ?token= in the webhook URL must equal credentials.token
 * </pre>
 *
 * Shippo's HMAC is opt-in (enabled by Shippo support), so an account without a secret falls back to the URL
 * token. One event per {@code tracking_history[]} entry plus {@code tracking_status}. Mapping:
 * status-mapping.md §5.10.
 */
public final class ShippoWebhookSource implements WebhookSource {
    public static final String NAME = "shippo";
    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(300);
    static final String SIGNATURE_HEADER = "Shippo-Auth-Signature";
    static final String TRACK_UPDATED = "track_updated";

    private static final Map<String, StatusMapping> TRANSIT = new LinkedHashMap<>();
    private static final Map<String, StatusMapping> RETURNED = new LinkedHashMap<>();
    private static final Map<String, StatusMapping> FAILURE = new LinkedHashMap<>();

    static {
        // Shippo files out-for-delivery, attempts and pickup under TRANSIT (§6): the substatus decides.
        TRANSIT.put("package_accepted", StatusMapping.status(TrackingStatus.COLLECTED));
        for (String c : List.of("package_arrived", "package_departed", "package_processing", "package_processed",
                "delivery_scheduled", "delivery_rescheduled")) {
            TRANSIT.put(c, StatusMapping.status(TrackingStatus.IN_TRANSIT));
        }
        TRANSIT.put("package_forwarded", StatusMapping.status(TrackingStatus.IN_TRANSIT, Reason.REDIRECTED));
        TRANSIT.put("out_for_delivery", StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY));
        TRANSIT.put("pickup_available", StatusMapping.status(TrackingStatus.READY_FOR_PICKUP));
        TRANSIT.put("delivery_attempted", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT));
        TRANSIT.put("notice_left", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.NOTICE_LEFT));
        TRANSIT.put("reschedule_delivery", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT));
        TRANSIT.put("address_issue", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ADDRESS_PROBLEM));
        TRANSIT.put("location_inaccessible", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ACCESS_PROBLEM));
        TRANSIT.put("delayed", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        TRANSIT.put("package_held", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD));
        TRANSIT.put("contact_carrier", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER));
        TRANSIT.put("package_damaged", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DAMAGED));

        // Shippo does not tell returning from returned: stay non-terminal so a later scan can still move it.
        RETURNED.put("return_to_sender", StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER));
        RETURNED.put("package_unclaimed", StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER, Reason.PICKUP_EXPIRED));

        FAILURE.put("package_undeliverable", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER));
        FAILURE.put("package_lost", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.LOST));
        FAILURE.put("package_disposed", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DESTROYED));
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        SourceCredentials creds = credentials;
        String secret = creds.get(SourceCredentials.SECRET);
        if (secret == null) {
            Signatures.requireUrlToken(request, creds);
            return;
        }
        String header = request.header(SIGNATURE_HEADER);
        if (header == null || header.isBlank()) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " header is required");
        }
        String t = null;
        List<String> v1 = new ArrayList<>();
        for (String part : header.split(",")) {
            String p = part.trim();
            if (p.startsWith("t=")) {
                t = p.substring(2).trim();
            } else if (p.startsWith("v1=")) {
                v1.add(p.substring(3).trim());
            }
        }
        if (t == null || v1.isEmpty()) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " must be t=<unix>,v1=<hex>");
        }
        long seconds;
        try {
            seconds = Long.parseLong(t);
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " t= must be unix seconds");
        }
        Instant clock = now != null ? now : Instant.now();
        // Math.abs of a difference can overflow for absurd t: compare without subtracting first.
        long nowSeconds = clock.getEpochSecond();
        long window = REPLAY_WINDOW.toSeconds();
        if (seconds < nowSeconds - window || seconds > nowSeconds + window) {
            throw WebhookRejectedException.unauthenticated(
                    SIGNATURE_HEADER + " t= is more than " + window + " s from our clock (replayed or stale)");
        }
        // Sign over t exactly as sent: re-formatting it would break a sender that pads or zero-prefixes.
        byte[] expected = Signatures.hmacSha256(secret, (t + ".").getBytes(StandardCharsets.UTF_8), request.body());
        boolean ok = false;
        for (String candidate : v1) {
            if (Signatures.matchesHex(expected, candidate)) {
                ok = true; // keep looping: constant work whichever candidate matches
            }
        }
        if (!ok) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " does not match the body");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        return read(request);
    }

    private static List<CanonicalEvent> read(WebhookRequest request) {
        JsonNode root = request.json();
        String event = JsonFields.text(root, "event");
        if (event == null) {
            throw WebhookRejectedException.malformed("event", "not a Shippo webhook: no 'event'");
        }
        if (!TRACK_UPDATED.equals(event)) {
            return List.of(); // transaction_*, batch_* (an "all" subscription): nothing to track
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw WebhookRejectedException.malformed("data", "track_updated has no Track object in 'data'");
        }
        String trackingNumber = JsonFields.text(data, "tracking_number");
        if (trackingNumber == null) {
            throw WebhookRejectedException.malformed("data.tracking_number", "the Track has no tracking_number");
        }
        String carrier = JsonFields.text(data, "carrier");
        String carrierId = CarrierIds.normalise(carrier);

        JsonNode history = data.get("tracking_history");
        if (history != null && !history.isNull() && !history.isArray()) {
            throw WebhookRejectedException.malformed("data.tracking_history", "tracking_history must be an array");
        }
        // The current status is normally also the last history entry: keyed by dedupe key, it is emitted once.
        Map<String, CanonicalEvent> out = new LinkedHashMap<>();
        if (history != null && history.isArray()) {
            for (int i = 0; i < history.size(); i++) {
                CanonicalEvent e = statusEvent(history.get(i), "data.tracking_history[" + i + "]", carrier, carrierId,
                        trackingNumber);
                out.putIfAbsent(e.dedupeKey(), e);
            }
        }
        JsonNode current = data.get("tracking_status");
        if (current != null && !current.isNull()) {
            CanonicalEvent e = statusEvent(current, "data.tracking_status", carrier, carrierId, trackingNumber);
            out.putIfAbsent(e.dedupeKey(), e);
        }
        return new ArrayList<>(out.values()); // a Track with no status yet: nothing to store
    }

    private static CanonicalEvent statusEvent(JsonNode s, String at, String carrier, String carrierId,
            String trackingNumber) {
        if (s == null || !s.isObject()) {
            throw WebhookRejectedException.malformed(at, at + " must be an object");
        }
        Instant occurredAt = occurredAt(s, at);
        String status = JsonFields.text(s, "status");
        String substatus = JsonFields.text(s, "substatus", "code");
        String details = JsonFields.text(s, "status_details");
        String objectId = JsonFields.text(s, "object_id");
        EventBuilder b = EventBuilder.from(NAME)
                .sourceEventId(objectId)
                .carrierId(carrierId)
                .waybill(trackingNumber)
                .mapped(map(status, substatus))
                .rawStatus(status)
                .rawCode(substatus)
                .rawDescription(details != null ? details : JsonFields.text(s, "substatus", "text"))
                .occurredAt(occurredAt)
                .location(Location.of(JsonFields.text(s, "location", "city"), JsonFields.text(s, "location", "zip"),
                        JsonFields.text(s, "location", "country")));
        // object_id is stable per status record (Shippo sends no event id and is "not idempotent").
        String key = objectId != null
                ? String.join("|", "status", String.valueOf(carrier), b.waybill(), objectId)
                : String.join("|", "fact", String.valueOf(carrier), b.waybill(), String.valueOf(status),
                        occurredAt.toString());
        return b.dedupeKey(Signatures.sha256Hex(key)).build();
    }

    /** status_date; when absent (e.g. an UNKNOWN status), when Shippo recorded it. Unreadable is malformed. */
    private static Instant occurredAt(JsonNode s, String at) {
        String field = JsonFields.text(s, "status_date") != null ? "status_date" : "object_created";
        String text = JsonFields.text(s, field);
        if (text == null) {
            throw WebhookRejectedException.malformed(at + ".status_date", at + " has no status_date");
        }
        try {
            return Timestamps.parse(text, ZoneOffset.UTC); // Shippo sends UTC ("…Z")
        } catch (IllegalArgumentException | DateTimeException e) {
            throw WebhookRejectedException.malformed(at + "." + field, at + "." + field + ": " + e.getMessage());
        }
    }

    /** §5.10 by (status, substatus.code); an unknown status is UNKNOWN with its raw code, never rejected. */
    static StatusMapping map(String status, String substatus) {
        String code = substatus == null ? "" : substatus.trim().toLowerCase(Locale.ROOT);
        String s = status == null ? "" : status.trim().toUpperCase(Locale.ROOT);
        return switch (s) {
            case "PRE_TRANSIT" -> StatusMapping.status(TrackingStatus.LABEL_CREATED);
            case "TRANSIT" -> TRANSIT.getOrDefault(code, StatusMapping.status(TrackingStatus.IN_TRANSIT));
            case "DELIVERED" -> StatusMapping.status(TrackingStatus.DELIVERED);
            case "RETURNED" -> RETURNED.getOrDefault(code, StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER));
            case "FAILURE" -> FAILURE.getOrDefault(code, StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER));
            default -> StatusMapping.unknown(); // includes Shippo's own UNKNOWN (other)
        };
    }
}
