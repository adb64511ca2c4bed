package pl.trackbridge.carrier.aftership;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 * AfterShip Tracking webhooks (docs/carriers/aftership.md): {@code tracking_update}, {@code edd_revise},
 * {@code tracking_pending_time}, all carrying the Tracking object in {@code msg}.
 *
 * <pre>
 * aftership-hmac-sha256: base64(HMAC-SHA256(key = webhook secret, msg = raw body))
 * </pre>
 *
 * Credentials: {@code secret}. One event per checkpoint when the tracking has checkpoints (each a fact
 * of its own), else one event for the tracking's current tag/subtag. Mapping: status-mapping.md §5.8.
 */
public final class AftershipWebhookSource implements WebhookSource {
    public static final String NAME = "aftership";
    static final String SIGNATURE_HEADER = "aftership-hmac-sha256";

    /**
     * AfterShip slugs of Polish domestic carriers: their checkpoint_time (no offset) is Polish local time.
     * Not derived from CarrierIds, which also maps international networks ("dhl", "dpd") to the same ids.
     */
    private static final Set<String> POLISH_SLUGS = Set.of("inpost-paczkomaty", "dpd-poland", "dhl-poland",
            "poczta-polska", "gls-pl", "orlen-paczka");
    private static final Set<String> POLAND = Set.of("POL", "PL", "POLAND", "POLSKA");

    private static final Map<String, StatusMapping> SUBTAGS = new LinkedHashMap<>();
    private static final Map<String, StatusMapping> TAGS = new LinkedHashMap<>();

    static {
        // Meta-states of AfterShip itself, not of the parcel: never forwarded (§6).
        tag("Pending", StatusMapping.info());
        tag("Expired", StatusMapping.info());
        tag("InfoReceived", StatusMapping.status(TrackingStatus.LABEL_CREATED));
        tag("InTransit", StatusMapping.status(TrackingStatus.IN_TRANSIT));
        subtag("InTransit_002", StatusMapping.status(TrackingStatus.COLLECTED));
        subtag("InTransit_006", StatusMapping.status(TrackingStatus.IN_TRANSIT, Reason.CUSTOMS));
        subtag("InTransit_008", StatusMapping.info());
        subtag("InTransit_009", StatusMapping.status(TrackingStatus.IN_TRANSIT, Reason.REDIRECTED));
        tag("OutForDelivery", StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY));
        tag("AvailableForPickup", StatusMapping.status(TrackingStatus.READY_FOR_PICKUP));
        tag("AttemptFail", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.OTHER));
        subtag("AttemptFail_002", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT));
        subtag("AttemptFail_003", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.BUSINESS_CLOSED));
        tag("Delivered", StatusMapping.status(TrackingStatus.DELIVERED));
        tag("Exception", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER));
        subtag("Exception_002", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_MOVED));
        subtag("Exception_003", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.REFUSED));
        subtag("Exception_004", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.CUSTOMS));
        subtag("Exception_005", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        subtag("Exception_006", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD));
        subtag("Exception_007", StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ADDRESS_PROBLEM));
        subtag("Exception_008", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.PICKUP_EXPIRED));
        subtag("Exception_010", StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER));
        subtag("Exception_011", StatusMapping.status(TrackingStatus.RETURNED_TO_SENDER));
        subtag("Exception_012", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DAMAGED));
        subtag("Exception_013", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.LOST));
        subtag("Exception_016", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        subtag("Exception_017", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.WEATHER));
        subtag("Exception_018", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.CUSTOMS));
        subtag("Exception_019", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED));
        subtag("Exception_020", StatusMapping.status(TrackingStatus.CANCELLED));
        subtag("Exception_021", StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DESTROYED));
        // Exception_001 / _009 and unknown Exception_* fall back to the tag: EXCEPTION(OTHER).
    }

    private static void tag(String tag, StatusMapping m) {
        TAGS.put(tag.toLowerCase(Locale.ROOT), m);
    }

    private static void subtag(String subtag, StatusMapping m) {
        SUBTAGS.put(subtag.toLowerCase(Locale.ROOT), m);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null || signature.isBlank()) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " header is required");
        }
        byte[] expected = Signatures.hmacSha256(secret, request.body());
        if (!Signatures.matchesBase64(expected, signature)) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " does not match the body");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        return read(request);
    }

    private static List<CanonicalEvent> read(WebhookRequest request) {
        JsonNode root = request.json();
        JsonNode msg = root.get("msg");
        if (msg == null || !msg.isObject()) {
            throw WebhookRejectedException.malformed("msg", "not an AfterShip webhook: 'msg' must be the Tracking object");
        }
        String trackingNumber = JsonFields.text(msg, "tracking_number");
        if (trackingNumber == null) {
            throw WebhookRejectedException.malformed("msg.tracking_number", "msg has no tracking_number");
        }
        String slug = JsonFields.text(msg, "slug");
        String eventId = JsonFields.text(root, "event_id");

        JsonNode checkpoints = msg.get("checkpoints");
        if (checkpoints != null && !checkpoints.isNull() && !checkpoints.isArray()) {
            throw WebhookRejectedException.malformed("msg.checkpoints", "msg.checkpoints must be an array");
        }
        if (checkpoints == null || checkpoints.isNull() || checkpoints.isEmpty()) {
            return List.of(trackingEvent(root, msg, trackingNumber, slug, eventId, request.receivedAt()));
        }
        // Keyed by dedupe key: the same checkpoint listed twice in one body is one fact.
        Map<String, CanonicalEvent> out = new LinkedHashMap<>();
        for (int i = 0; i < checkpoints.size(); i++) {
            CanonicalEvent e = checkpointEvent(checkpoints.get(i), "msg.checkpoints[" + i + "]", trackingNumber, slug);
            out.putIfAbsent(e.dedupeKey(), e);
        }
        return new ArrayList<>(out.values());
    }

    private static CanonicalEvent checkpointEvent(JsonNode cp, String at, String trackingNumber, String trackingSlug) {
        if (cp == null || !cp.isObject()) {
            throw WebhookRejectedException.malformed(at, at + " must be an object");
        }
        String country = firstNonNull(JsonFields.text(cp, "country_region"), JsonFields.text(cp, "country_iso3"));
        String time = JsonFields.text(cp, "checkpoint_time");
        Instant occurredAt;
        try {
            occurredAt = Timestamps.parse(time, zoneFor(trackingSlug, country));
        } catch (IllegalArgumentException | DateTimeException ex) {
            throw WebhookRejectedException.malformed(at + ".checkpoint_time", at + ".checkpoint_time: " + ex.getMessage());
        }
        String tag = JsonFields.text(cp, "tag");
        String subtag = JsonFields.text(cp, "subtag");
        String message = JsonFields.text(cp, "message");
        // The tracking's slug names the waybill's carrier; a checkpoint's slug only says who scanned it.
        String slug = trackingSlug != null ? trackingSlug : JsonFields.text(cp, "slug");
        EventBuilder b = EventBuilder.from(NAME)
                .waybill(trackingNumber)
                .carrierId(CarrierIds.normalise(slug))
                .mapped(map(tag, subtag))
                .rawStatus(tag)
                .rawCode(subtag)
                .rawDescription(message)
                .occurredAt(occurredAt)
                .location(location(cp, country));
        // event_id names the delivery, not the checkpoint: a later update resends the same checkpoint under a
        // new event_id, so the key is built from the checkpoint itself.
        return b.dedupeKey(Signatures.sha256Hex(String.join("|", "checkpoint", String.valueOf(slug), b.waybill(),
                        occurredAt.toString(), String.valueOf(subtag), String.valueOf(message))))
                .build();
    }

    /** No checkpoints yet (Pending, InfoReceived, Expired): the tracking's own tag is the only fact. */
    private static CanonicalEvent trackingEvent(JsonNode root, JsonNode msg, String trackingNumber, String slug,
            String eventId, Instant receivedAt) {
        String tag = JsonFields.text(msg, "tag");
        String subtag = JsonFields.text(msg, "subtag");
        Instant occurredAt = eventTime(root, msg, receivedAt);
        EventBuilder b = EventBuilder.from(NAME)
                .waybill(trackingNumber)
                .carrierId(CarrierIds.normalise(slug))
                .mapped(map(tag, subtag))
                .rawStatus(tag)
                .rawCode(subtag)
                .rawDescription(JsonFields.text(msg, "subtag_message"))
                .occurredAt(occurredAt)
                .sourceEventId(eventId);
        // AfterShip keeps event_id across retries of one delivery (§3); without it, hash the snapshot.
        return b.dedupeKey(eventId != null ? eventId
                        : Signatures.sha256Hex(String.join("|", "tracking", String.valueOf(slug), b.waybill(),
                                String.valueOf(tag), String.valueOf(subtag), occurredAt.toString())))
                .build();
    }

    /** When AfterShip saw the tag: the webhook's ts (unix seconds), else msg.updated_at, else our arrival time. */
    private static Instant eventTime(JsonNode root, JsonNode msg, Instant receivedAt) {
        JsonNode ts = root.get("ts");
        if (ts != null && !ts.isNull()) {
            try {
                if (ts.isIntegralNumber() && ts.canConvertToLong()) {
                    return Instant.ofEpochSecond(ts.asLong());
                }
                if (ts.isTextual()) {
                    return Instant.ofEpochSecond(Long.parseLong(ts.asText().trim()));
                }
            } catch (NumberFormatException | DateTimeException e) {
                // reported below
            }
            throw WebhookRejectedException.malformed("ts", "ts must be unix seconds");
        }
        String updatedAt = JsonFields.text(msg, "updated_at");
        if (updatedAt != null) {
            try {
                return Timestamps.parse(updatedAt, ZoneOffset.UTC);
            } catch (IllegalArgumentException | DateTimeException e) {
                throw WebhookRejectedException.malformed("msg.updated_at", "msg.updated_at: " + e.getMessage());
            }
        }
        if (receivedAt == null) {
            throw WebhookRejectedException.malformed("ts", "the webhook carries no time (ts)");
        }
        return receivedAt;
    }

    /**
     * checkpoint_time has no offset: local time where the scan happened. Poland when the checkpoint says so or
     * the carrier is Polish (§3); otherwise we know no zone and read it as UTC.
     */
    static ZoneId zoneFor(String slug, String country) {
        if (country != null) {
            return POLAND.contains(country.trim().toUpperCase(Locale.ROOT)) ? Timestamps.WARSAW : ZoneOffset.UTC;
        }
        return slug != null && POLISH_SLUGS.contains(slug.trim().toLowerCase(Locale.ROOT)) ? Timestamps.WARSAW
                : ZoneOffset.UTC;
    }

    private static Location location(JsonNode cp, String country) {
        String city = JsonFields.text(cp, "city");
        if (city == null) {
            city = JsonFields.text(cp, "location"); // free-text "where" when the carrier gives no city
        }
        return Location.of(city, JsonFields.text(cp, "zip"), country);
    }

    /** §5.8: the subtag when we know it, else the tag's general meaning, else UNKNOWN (never rejected). */
    static StatusMapping map(String tag, String subtag) {
        if (subtag != null) {
            StatusMapping m = SUBTAGS.get(subtag.trim().toLowerCase(Locale.ROOT));
            if (m != null) {
                return m;
            }
        }
        String t = tag;
        if (t == null && subtag != null && subtag.indexOf('_') > 0) {
            t = subtag.substring(0, subtag.indexOf('_')); // "Delivered_001" names its tag
        }
        if (t != null) {
            StatusMapping m = TAGS.get(t.trim().toLowerCase(Locale.ROOT));
            if (m != null) {
                return m;
            }
        }
        return StatusMapping.unknown();
    }

    private static String firstNonNull(String a, String b) {
        return a != null ? a : b;
    }
}
