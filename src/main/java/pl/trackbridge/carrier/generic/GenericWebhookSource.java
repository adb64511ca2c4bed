package pl.trackbridge.carrier.generic;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pl.trackbridge.carrier.CarrierIds;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.Timestamps;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * TrackBridge's own signed format (DESIGN §7), for the seller's WMS and carriers without an adapter.
 *
 * <pre>
 * X-TrackBridge-Timestamp: unix seconds, at most 300 s from our clock
 * X-TrackBridge-Signature: v1=hex(HMAC-SHA256(secret, timestamp + "." + raw body))  (several v1= comma-separated
 *                          are accepted, so a sender can sign with an old and a new secret during rotation)
 * </pre>
 *
 * Credentials: {@code secret}. Statuses are the canonical names, or {@code INFO} / {@code REVOKE}
 * ({@code revokes} names the revoked {@code eventId}).
 */
public final class GenericWebhookSource implements WebhookSource {
    public static final String NAME = "generic";
    public static final Duration REPLAY_WINDOW = Duration.ofSeconds(300);
    static final String TIMESTAMP_HEADER = "X-TrackBridge-Timestamp";
    static final String SIGNATURE_HEADER = "X-TrackBridge-Signature";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        String timestamp = request.header(TIMESTAMP_HEADER);
        String signature = request.header(SIGNATURE_HEADER);
        if (timestamp == null || signature == null) {
            throw WebhookRejectedException.unauthenticated(
                    "both " + TIMESTAMP_HEADER + " and " + SIGNATURE_HEADER + " are required");
        }
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException e) {
            throw WebhookRejectedException.unauthenticated(TIMESTAMP_HEADER + " must be unix seconds");
        }
        if (Math.abs(now.getEpochSecond() - seconds) > REPLAY_WINDOW.toSeconds()) {
            throw WebhookRejectedException.unauthenticated(
                    TIMESTAMP_HEADER + " is more than " + REPLAY_WINDOW.toSeconds() + " s from our clock (replayed or stale)");
        }
        byte[] expected = Signatures.hmacSha256(secret,
                (timestamp.trim() + ".").getBytes(StandardCharsets.UTF_8), request.body());
        boolean ok = false;
        for (String part : signature.split(",")) {
            String p = part.trim();
            if (p.startsWith("v1=") && Signatures.matchesHex(expected, p.substring(3))) {
                ok = true; // keep looping: constant work whichever candidate matches
            }
        }
        if (!ok) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " does not match the body");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        JsonNode events = request.json().get("events");
        if (events == null || !events.isArray() || events.isEmpty()) {
            throw WebhookRejectedException.malformed("events", "'events' must be a non-empty array");
        }
        List<CanonicalEvent> out = new ArrayList<>(events.size());
        for (int i = 0; i < events.size(); i++) {
            out.add(event(events.get(i), "events[" + i + "]"));
        }
        return out;
    }

    private static CanonicalEvent event(JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw WebhookRejectedException.malformed(at, at + " must be an object");
        }
        String waybill = JsonFields.text(e, "waybill");
        if (waybill == null) {
            throw WebhookRejectedException.malformed(at + ".waybill", at + " has no waybill");
        }
        String rawStatus = JsonFields.text(e, "status");
        if (rawStatus == null) {
            throw WebhookRejectedException.malformed(at + ".status", at + " has no status");
        }
        Instant occurredAt;
        try {
            occurredAt = Timestamps.parse(JsonFields.text(e, "occurredAt"), Timestamps.WARSAW);
        } catch (IllegalArgumentException ex) {
            throw WebhookRejectedException.malformed(at + ".occurredAt", at + ".occurredAt: " + ex.getMessage());
        }
        EventBuilder b = EventBuilder.from(NAME)
                .waybill(waybill)
                .carrierId(CarrierIds.normalise(JsonFields.text(e, "carrierId")))
                .rawStatus(rawStatus)
                .rawCode(JsonFields.text(e, "reason"))
                .occurredAt(occurredAt)
                .orderId(JsonFields.text(e, "orderId"))
                .location(Location.of(JsonFields.text(e, "location", "city"), JsonFields.text(e, "location", "postalCode"),
                        JsonFields.text(e, "location", "country")));
        String upper = rawStatus.trim().toUpperCase(Locale.ROOT);
        switch (upper) {
            case "INFO" -> b.kind(EventKind.INFO);
            case "REVOKE" -> {
                String revokes = JsonFields.text(e, "revokes");
                if (revokes == null) {
                    throw WebhookRejectedException.malformed(at + ".revokes", at + " is a REVOKE without 'revokes'");
                }
                b.kind(EventKind.REVOKE).revokes(revokes);
            }
            default -> b.status(parseStatus(upper)).reason(parseReason(JsonFields.text(e, "reason")));
        }
        String eventId = JsonFields.text(e, "eventId");
        b.sourceEventId(eventId)
                .dedupeKey(eventId != null ? eventId
                        : Signatures.sha256Hex(b.waybill() + "|" + upper + "|" + occurredAt + "|" + JsonFields.text(e, "reason")));
        return b.build();
    }

    private static TrackingStatus parseStatus(String upper) {
        try {
            return TrackingStatus.valueOf(upper);
        } catch (IllegalArgumentException e) {
            return TrackingStatus.UNKNOWN; // kept with its raw status, never rejected
        }
    }

    private static Reason parseReason(String reason) {
        if (reason == null) {
            return null;
        }
        try {
            return Reason.valueOf(reason.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return Reason.OTHER;
        }
    }
}
