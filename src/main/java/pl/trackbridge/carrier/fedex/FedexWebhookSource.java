package pl.trackbridge.carrier.fedex;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Timestamps;
import pl.trackbridge.tracking.Waybills;
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * FedEx Advanced Integrated Visibility webhooks (docs/carriers/fedex.md).
 *
 * <p>{@code fdx-signature} = base64(HMAC-SHA256(key = the project's security token, raw body)). No public
 * sample body exists; FedEx says the payload "matches the Track API response", so this reads that shape
 * leniently: {@code output.completeTrackResults[].trackResults[]}, or those levels without their wrappers,
 * or a single track result. Every scan event becomes one event: FedEx delivers out of order and repeats
 * history, so the per-scan dedupe key stores each fact once and the ordering is left to {@code occurredAt}.
 *
 * <p>Credentials: {@code secret} (the security token).
 */
public final class FedexWebhookSource implements WebhookSource {
    public static final String NAME = "fedex";
    static final String CARRIER_ID = "FEDEX";
    static final String SIGNATURE_HEADER = "fdx-signature";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        String signature = request.header(SIGNATURE_HEADER);
        if (signature == null) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " header is missing");
        }
        if (!Signatures.matchesBase64(Signatures.hmacSha256(secret, request.body()), signature)) {
            throw WebhookRejectedException.unauthenticated(SIGNATURE_HEADER + " does not match the body");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        List<CanonicalEvent> out = new ArrayList<>();
        for (TrackResult r : trackResults(request.json())) {
            readResult(r, out);
        }
        return out;
    }

    /** One {@code trackResults[]} element with the tracking number of its enclosing complete result. */
    private record TrackResult(JsonNode node, String outerTrackingNumber, String at) {
    }

    private static List<TrackResult> trackResults(JsonNode root) {
        JsonNode output = root.get("output");
        JsonNode base = output != null && output.isObject() ? output : root;
        List<TrackResult> results = new ArrayList<>();
        JsonNode complete = base.get("completeTrackResults");
        if (complete != null && complete.isArray()) {
            for (int i = 0; i < complete.size(); i++) {
                JsonNode c = complete.get(i);
                String at = "completeTrackResults[" + i + "]";
                if (!c.isObject()) {
                    throw WebhookRejectedException.malformed(at, at + " must be an object");
                }
                addResults(c, JsonFields.text(c, "trackingNumber"), at, results);
            }
        } else {
            addResults(base, JsonFields.text(base, "trackingNumber"), "body", results);
        }
        if (results.isEmpty()) {
            throw WebhookRejectedException.malformed("completeTrackResults",
                    "not a FedEx tracking payload: no completeTrackResults, trackResults or scanEvents");
        }
        return results;
    }

    private static void addResults(JsonNode holder, String outerTrackingNumber, String at, List<TrackResult> results) {
        JsonNode trs = holder.get("trackResults");
        if (trs != null && trs.isArray()) {
            for (int i = 0; i < trs.size(); i++) {
                results.add(new TrackResult(trs.get(i), outerTrackingNumber, at + ".trackResults[" + i + "]"));
            }
        } else if (looksLikeTrackResult(holder)) {
            results.add(new TrackResult(holder, outerTrackingNumber, at));
        }
    }

    private static boolean looksLikeTrackResult(JsonNode n) {
        return n.has("scanEvents") || n.has("latestStatusDetail") || n.has("trackingNumberInfo");
    }

    private static void readResult(TrackResult r, List<CanonicalEvent> out) {
        JsonNode tr = r.node();
        if (!tr.isObject()) {
            throw WebhookRejectedException.malformed(r.at(), r.at() + " must be an object");
        }
        JsonNode scans = tr.get("scanEvents");
        boolean hasScans = scans != null && scans.isArray() && !scans.isEmpty();
        JsonNode latest = tr.get("latestStatusDetail");
        boolean hasLatest = latest != null && latest.isObject() && !latest.isEmpty();
        if (!hasScans && !hasLatest && tr.has("error")) {
            return; // a Track API per-number error (e.g. NOTFOUND): says nothing about a parcel
        }
        String trackingNumber = JsonFields.text(tr, "trackingNumberInfo", "trackingNumber");
        if (trackingNumber == null) {
            trackingNumber = r.outerTrackingNumber() != null ? r.outerTrackingNumber() : JsonFields.text(tr, "trackingNumber");
        }
        if (trackingNumber == null) {
            throw WebhookRejectedException.malformed("trackingNumber", r.at() + " has no trackingNumber");
        }
        String waybill = Waybills.normalise(trackingNumber);
        if (hasScans) {
            for (int i = 0; i < scans.size(); i++) {
                out.add(scanEvent(waybill, scans.get(i), r.at() + ".scanEvents[" + i + "]"));
            }
        } else if (hasLatest) {
            out.add(latestStatus(waybill, latest, tr.get("dateAndTimes"), r.at()));
        } else {
            throw WebhookRejectedException.malformed("scanEvents", r.at() + " has neither scanEvents nor latestStatusDetail");
        }
    }

    private static CanonicalEvent scanEvent(String waybill, JsonNode e, String at) {
        if (e == null || !e.isObject()) {
            throw WebhookRejectedException.malformed(at, at + " must be an object");
        }
        String eventType = JsonFields.text(e, "eventType");
        String code = eventType != null ? eventType : JsonFields.text(e, "derivedStatusCode");
        String date = JsonFields.text(e, "date");
        Instant occurredAt = parseTime(date, at + ".date");
        String exceptionDescription = JsonFields.text(e, "exceptionDescription");
        return EventBuilder.from(NAME)
                // status-mapping.md §3: trackingNumber + eventType + scan date
                .dedupeKey(Signatures.sha256Hex(String.join("|", waybill, orEmpty(code), date)))
                .carrierId(CARRIER_ID)
                .waybill(waybill)
                .mapped(FedexStatuses.map(code))
                .rawStatus(code)
                .rawCode(JsonFields.text(e, "exceptionCode"))
                // the exception text says why (e.g. "Customer not available"); the event text is generic then
                .rawDescription(exceptionDescription != null ? exceptionDescription : JsonFields.text(e, "eventDescription"))
                .occurredAt(occurredAt)
                .location(location(e.get("scanLocation")))
                .build();
    }

    /** A result without scans: its latest status, dated by its newest ACTUAL_* date. */
    private static CanonicalEvent latestStatus(String waybill, JsonNode latest, JsonNode dateAndTimes, String at) {
        String code = JsonFields.text(latest, "code");
        if (code == null) {
            code = JsonFields.text(latest, "derivedCode");
        }
        String newestText = null;
        Instant newest = null;
        if (dateAndTimes != null && dateAndTimes.isArray()) {
            for (JsonNode d : dateAndTimes) {
                String type = JsonFields.text(d, "type");
                String text = JsonFields.text(d, "dateTime");
                if (type != null && text != null && type.toUpperCase(Locale.ROOT).startsWith("ACTUAL_")) {
                    Instant t = parseTime(text, at + ".dateAndTimes");
                    if (newest == null || t.isAfter(newest)) {
                        newest = t;
                        newestText = text;
                    }
                }
            }
        }
        if (newest == null) {
            throw WebhookRejectedException.malformed("scanEvents",
                    at + " has no scan events and no ACTUAL_* date for its latestStatusDetail");
        }
        String description = JsonFields.text(latest, "description");
        return EventBuilder.from(NAME)
                .dedupeKey(Signatures.sha256Hex(String.join("|", waybill, orEmpty(code), newestText)))
                .carrierId(CARRIER_ID)
                .waybill(waybill)
                .mapped(FedexStatuses.map(code))
                .rawStatus(code)
                .rawCode(JsonFields.text(latest, "derivedCode"))
                .rawDescription(description != null ? description : JsonFields.text(latest, "statusByLocale"))
                .occurredAt(newest)
                .location(location(latest.get("scanLocation")))
                .build();
    }

    private static Instant parseTime(String text, String at) {
        if (text == null) {
            throw WebhookRejectedException.malformed(at, at + " is missing");
        }
        try {
            // FedEx sends an offset; a bare local time is read as UTC rather than rejected
            return Timestamps.parse(text, ZoneOffset.UTC);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw WebhookRejectedException.malformed(at, at + ": unreadable time '" + text + "'");
        }
    }

    private static Location location(JsonNode scanLocation) {
        if (scanLocation == null || !scanLocation.isObject()) {
            return null;
        }
        return Location.of(JsonFields.text(scanLocation, "city"), JsonFields.text(scanLocation, "postalCode"),
                JsonFields.text(scanLocation, "countryCode"));
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
