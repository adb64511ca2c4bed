package pl.trackbridge.carrier.seventeentrack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
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
 * 17TRACK Tracking API push (docs/carriers/17track.md, mapping status-mapping.md §5.11).
 *
 * <pre>
 * sign: hex(SHA-256(raw body + "/" + API key))   — a keyed hash, not an HMAC
 * body: {"event": "TRACKING_UPDATED" | "TRACKING_STOPPED", "data": {number, carrier, track_info{…}}}
 * </pre>
 *
 * Credentials: {@code secret} = the account's 17TRACK API key. One canonical event is emitted per provider
 * event ({@code track_info.tracking.providers[].events[]}); 17TRACK resends the whole history on every
 * update, so the dedupe key is built from the event's own fields only and old events dedupe.
 *
 * <p>Per event: {@code rawCode} is the event's {@code sub_status} (for the newest event, {@code latest_status.sub_status}
 * when the event has none); {@code rawStatus} is the matching main status ({@code latest_status.status}, or the
 * sub-status's own prefix), else the event's {@code stage}. An event with neither sub-status nor stage is UNKNOWN
 * with its description: the free text is kept, not guessed from.
 */
public final class SeventeenTrackWebhookSource implements WebhookSource {
    public static final String NAME = "17track";
    static final String SIGN_HEADER = "sign";
    static final String TRACKING_UPDATED = "TRACKING_UPDATED";
    static final String TRACKING_STOPPED = "TRACKING_STOPPED";

    /** Full sub-status table, §5.11. Keys lower-cased: 17TRACK's casing is not something to reject on. */
    private static final Map<String, StatusMapping> SUB_STATUS = new HashMap<>();
    /** Main status (the part before '_'), used when the sub-status itself is new to us. */
    private static final Map<String, StatusMapping> MAIN_STATUS = new HashMap<>();
    /** {@code stage} / {@code milestone.key_stage}: the second, simpler axis, used as tie-breaker. */
    private static final Map<String, StatusMapping> STAGE = new HashMap<>();
    /**
     * 17TRACK numeric carrier keys we can vouch for (17track.md: provider key 100002 = UPS). Everything else
     * falls back to the provider's name; Polish carriers' keys still need confirming against 17TRACK's list.
     */
    private static final Map<String, String> CARRIER_KEYS = Map.of("100002", "UPS");

    static {
        sub(StatusMapping.unknown(), "NotFound_Other", "NotFound_InvalidCode");
        sub(StatusMapping.status(TrackingStatus.LABEL_CREATED), "InfoReceived");
        sub(StatusMapping.status(TrackingStatus.COLLECTED), "InTransit_PickedUp");
        sub(StatusMapping.status(TrackingStatus.IN_TRANSIT), "InTransit_Other", "InTransit_Departure",
                "InTransit_Arrival", "InTransit_CustomsProcessing", "InTransit_CustomsReleased");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.CUSTOMS), "InTransit_CustomsRequiringInformation");
        sub(StatusMapping.info(), "Expired_Other");
        sub(StatusMapping.status(TrackingStatus.READY_FOR_PICKUP), "AvailableForPickup_Other");
        sub(StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY), "OutForDelivery_Other");
        sub(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.OTHER), "DeliveryFailure_Other");
        sub(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT),
                "DeliveryFailure_NoBody", "Exception_NoBody");
        sub(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ACCESS_PROBLEM),
                "DeliveryFailure_Security", "Exception_Security");
        sub(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.REFUSED),
                "DeliveryFailure_Rejected", "Exception_Rejected");
        sub(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.ADDRESS_PROBLEM), "DeliveryFailure_InvalidAddress");
        sub(StatusMapping.status(TrackingStatus.DELIVERED), "Delivered_Other");
        sub(StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER), "Exception_Returning");
        sub(StatusMapping.status(TrackingStatus.RETURNED_TO_SENDER), "Exception_Returned");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DAMAGED), "Exception_Damage");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DELAYED), "Exception_Delayed");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.LOST), "Exception_Lost");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.DESTROYED), "Exception_Destroyed");
        sub(StatusMapping.status(TrackingStatus.CANCELLED), "Exception_Cancel");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.HELD), "Exception_Held");
        sub(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER), "Exception_Other");

        main(StatusMapping.unknown(), "NotFound");
        main(StatusMapping.status(TrackingStatus.LABEL_CREATED), "InfoReceived");
        main(StatusMapping.status(TrackingStatus.IN_TRANSIT), "InTransit");
        main(StatusMapping.info(), "Expired");
        main(StatusMapping.status(TrackingStatus.READY_FOR_PICKUP), "AvailableForPickup");
        main(StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY), "OutForDelivery");
        main(StatusMapping.status(TrackingStatus.DELIVERY_FAILED, Reason.OTHER), "DeliveryFailure");
        main(StatusMapping.status(TrackingStatus.DELIVERED), "Delivered");
        main(StatusMapping.status(TrackingStatus.EXCEPTION, Reason.OTHER), "Exception");

        stage(StatusMapping.status(TrackingStatus.LABEL_CREATED), "InfoReceived");
        stage(StatusMapping.status(TrackingStatus.COLLECTED), "PickedUp");
        stage(StatusMapping.status(TrackingStatus.IN_TRANSIT), "Departure", "Arrival");
        stage(StatusMapping.status(TrackingStatus.READY_FOR_PICKUP), "AvailableForPickup");
        stage(StatusMapping.status(TrackingStatus.OUT_FOR_DELIVERY), "OutForDelivery");
        stage(StatusMapping.status(TrackingStatus.DELIVERED), "Delivered");
        stage(StatusMapping.status(TrackingStatus.RETURNING_TO_SENDER), "Returning");
        stage(StatusMapping.status(TrackingStatus.RETURNED_TO_SENDER), "Returned");
    }

    private static void sub(StatusMapping m, String... codes) {
        for (String c : codes) {
            SUB_STATUS.put(c.toLowerCase(Locale.ROOT), m);
        }
    }

    private static void main(StatusMapping m, String... codes) {
        for (String c : codes) {
            MAIN_STATUS.put(c.toLowerCase(Locale.ROOT), m);
        }
    }

    private static void stage(StatusMapping m, String... codes) {
        for (String c : codes) {
            STAGE.put(c.toLowerCase(Locale.ROOT), m);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String apiKey = credentials.require(SourceCredentials.SECRET);
        String sign = request.header(SIGN_HEADER);
        if (sign == null || sign.isBlank()) {
            throw WebhookRejectedException.unauthenticated("the '" + SIGN_HEADER + "' header is missing");
        }
        // Over the exact bytes received: re-serialised JSON would never match.
        byte[] expected = Signatures.sha256(request.body(), ("/" + apiKey).getBytes(StandardCharsets.UTF_8));
        if (!Signatures.matchesHex(expected, sign)) {
            throw WebhookRejectedException.unauthenticated("the '" + SIGN_HEADER + "' header does not match the body");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        return read(request);
    }

    private List<CanonicalEvent> read(WebhookRequest request) {
        JsonNode root = request.json();
        String event = JsonFields.text(root, "event");
        if (event == null || !root.get("event").isTextual()) {
            throw WebhookRejectedException.malformed("event", "'event' must be a non-empty string");
        }
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw WebhookRejectedException.malformed("data", "'data' must be an object");
        }
        if (!TRACKING_UPDATED.equals(event) && !TRACKING_STOPPED.equals(event)) {
            return List.of(); // 17TRACK adds event types over time; receivers are expected to ignore them
        }
        String number = JsonFields.text(data, "number");
        if (number == null || !data.get("number").isValueNode()) {
            throw WebhookRejectedException.malformed("data.number", "'data.number' (the tracking number) is missing");
        }
        JsonNode trackInfo = optionalObject(data, "track_info", "data.track_info");
        JsonNode latestStatus = optionalObject(trackInfo, "latest_status", "data.track_info.latest_status");
        JsonNode latestEvent = optionalObject(trackInfo, "latest_event", "data.track_info.latest_event");
        JsonNode tracking = optionalObject(trackInfo, "tracking", "data.track_info.tracking");
        JsonNode providers = optionalArray(tracking, "providers", "data.track_info.tracking.providers");
        String carrierId = carrierId(JsonFields.text(data, "carrier"), providers);

        if (TRACKING_STOPPED.equals(event)) {
            return List.of(stopped(request, number, carrierId, latestEvent));
        }

        List<ProviderEvent> events = providerEvents(providers);
        if (events.isEmpty() && latestEvent != null && (has(latestEvent, "time_utc") || has(latestEvent, "time_iso"))) {
            // No provider list (trimmed push): latest_event is the same fact as the newest provider event.
            events.add(new ProviderEvent(latestEvent, "data.track_info.latest_event", occurredAt(latestEvent,
                    "data.track_info.latest_event")));
        }
        String latestMain = JsonFields.text(latestStatus, "status");
        String latestSub = JsonFields.text(latestStatus, "sub_status");
        if (events.isEmpty()) {
            // NotFound and friends: a status with no scan yet. The arrival time is all the time there is.
            return List.of(EventBuilder.from(NAME)
                    .dedupeKey(Waybills.normalise(number) + "|-|" + dash(latestSub))
                    .carrierId(carrierId)
                    .waybill(number)
                    .mapped(map(latestSub, latestMain, null))
                    .rawStatus(latestMain)
                    .rawCode(latestSub)
                    .occurredAt(arrival(request))
                    .build());
        }

        // 17TRACK's latest_status describes the newest event only; older events stand on their own fields.
        ProviderEvent newest = events.get(0);
        for (ProviderEvent e : events) {
            if (e.occurredAt.isAfter(newest.occurredAt)) {
                newest = e;
            }
        }
        List<CanonicalEvent> out = new ArrayList<>(events.size());
        for (ProviderEvent e : events) {
            String ownSub = JsonFields.text(e.node, "sub_status");
            String stage = JsonFields.text(e.node, "stage");
            boolean isNewest = e == newest;
            String sub = ownSub != null ? ownSub : isNewest ? latestSub : null;
            String mainStatus = ownSub != null ? mainOf(ownSub) : isNewest ? latestMain : null;
            String description = JsonFields.text(e.node, "description");
            String locationText = JsonFields.text(e.node, "location");
            out.add(EventBuilder.from(NAME)
                    .dedupeKey(dedupeKey(number, e.occurredAt, ownSub, description, locationText))
                    .carrierId(carrierId)
                    .waybill(number)
                    .mapped(map(sub, mainStatus, stage))
                    .rawStatus(mainStatus != null ? mainStatus : stage)
                    .rawCode(sub)
                    .rawDescription(description)
                    .occurredAt(e.occurredAt)
                    .location(location(e.node, locationText))
                    .build());
        }
        return out;
    }

    private static CanonicalEvent stopped(WebhookRequest request, String number, String carrierId, JsonNode latestEvent) {
        boolean timed = latestEvent != null && (has(latestEvent, "time_utc") || has(latestEvent, "time_iso"));
        Instant last = timed ? occurredAt(latestEvent, "data.track_info.latest_event") : null;
        // A subscription notice, not a parcel state: INFO, keyed so that a redelivery dedupes.
        return EventBuilder.from(NAME)
                .dedupeKey(Waybills.normalise(number) + "|" + TRACKING_STOPPED + "|" + (last == null ? "-" : last.toString()))
                .carrierId(carrierId)
                .waybill(number)
                .mapped(StatusMapping.info())
                .rawStatus(TRACKING_STOPPED)
                .occurredAt(last != null ? last : arrival(request))
                .build();
    }

    /**
     * The canonical meaning of one 17TRACK event (§5.11): the sub-status decides; the stage refines the generic
     * sub-statuses and stands in when there is none; the main status is the last resort for sub-statuses 17TRACK
     * adds later. Anything else is UNKNOWN, never an error.
     */
    static StatusMapping map(String subStatus, String mainStatus, String stage) {
        StatusMapping bySub = subStatus == null ? null : SUB_STATUS.get(key(subStatus));
        StatusMapping byStage = stage == null ? null : STAGE.get(key(stage));
        if (bySub != null) {
            // 17track.md: the stage pins down COLLECTED and RETURNING/RETURNED where the sub-status stays vague
            // (an "InTransit_Other" at stage PickedUp is the acceptance scan, an "Exception_Other" at Returning the return).
            boolean vague = bySub.status() == TrackingStatus.IN_TRANSIT
                    || (bySub.status() == TrackingStatus.EXCEPTION && bySub.reason() == Reason.OTHER);
            boolean precise = byStage != null && (byStage.status() == TrackingStatus.COLLECTED
                    || byStage.status() == TrackingStatus.RETURNING_TO_SENDER
                    || byStage.status() == TrackingStatus.RETURNED_TO_SENDER);
            return vague && precise ? byStage : bySub;
        }
        if (byStage != null) {
            return byStage;
        }
        StatusMapping byMain = mainStatus == null ? null : MAIN_STATUS.get(key(mainStatus));
        if (byMain == null && subStatus != null) {
            byMain = MAIN_STATUS.get(key(mainOf(subStatus)));
        }
        return byMain != null ? byMain : StatusMapping.unknown();
    }

    /**
     * The Allegro carrier id: the registered carrier's 17TRACK key, else a provider's key, else a provider's
     * name or alias. The sample's {@code carrier: 3011} is China Post in 17TRACK's list (a hand-edited fixture,
     * see its README), so the key table alone would give OTHER there and the provider (100002, UPS) decides.
     */
    static String carrierId(String carrierKey, JsonNode providers) {
        String id = carrierKey == null ? null : CARRIER_KEYS.get(carrierKey.trim());
        if (id != null) {
            return id;
        }
        if (providers == null) {
            return CarrierIds.OTHER;
        }
        for (JsonNode p : providers) {
            String key = JsonFields.text(p, "provider", "key");
            if (key != null && CARRIER_KEYS.containsKey(key.trim())) {
                return CARRIER_KEYS.get(key.trim());
            }
        }
        for (JsonNode p : providers) {
            for (String field : new String[] {"name", "alias"}) {
                String byName = CarrierIds.normalise(JsonFields.text(p, "provider", field));
                if (!CarrierIds.OTHER.equals(byName)) {
                    return byName;
                }
            }
        }
        return CarrierIds.OTHER;
    }

    private List<ProviderEvent> providerEvents(JsonNode providers) {
        List<ProviderEvent> out = new ArrayList<>();
        if (providers == null) {
            return out;
        }
        for (int i = 0; i < providers.size(); i++) {
            String at = "data.track_info.tracking.providers[" + i + "]";
            JsonNode provider = providers.get(i);
            if (!provider.isObject()) {
                throw WebhookRejectedException.malformed(at, at + " must be an object");
            }
            JsonNode events = optionalArray(provider, "events", at + ".events");
            if (events == null) {
                continue;
            }
            for (int j = 0; j < events.size(); j++) {
                String eventAt = at + ".events[" + j + "]";
                JsonNode e = events.get(j);
                if (!e.isObject()) {
                    throw WebhookRejectedException.malformed(eventAt, eventAt + " must be an object");
                }
                out.add(new ProviderEvent(e, eventAt, occurredAt(e, eventAt)));
            }
        }
        return out;
    }

    /** time_utc is authoritative; time_iso (with the carrier's offset) is the same instant when utc is absent. */
    private static Instant occurredAt(JsonNode e, String at) {
        String field = has(e, "time_utc") ? "time_utc" : "time_iso";
        String text = JsonFields.text(e, field);
        if (text == null || !e.get(field).isTextual()) {
            throw WebhookRejectedException.malformed(at + ".time_utc", at + " has no time_utc or time_iso");
        }
        try {
            return Timestamps.parse(text, ZoneOffset.UTC);
        } catch (IllegalArgumentException ex) {
            throw WebhookRejectedException.malformed(at + "." + field, at + "." + field + ": " + ex.getMessage());
        }
    }

    /**
     * Built from the event's own fields only: the same scan keeps its key whether or not it is the newest one
     * (only the newest borrows latest_status), so history resent with later updates dedupes.
     */
    static String dedupeKey(String number, Instant occurredAt, String ownSubStatus, String description, String location) {
        String text = (description == null ? "" : description) + "\n" + (location == null ? "" : location);
        return Waybills.normalise(number) + "|" + occurredAt + "|" + dash(ownSubStatus) + "|" + Signatures.sha256Hex(text).substring(0, 16);
    }

    private static Location location(JsonNode e, String locationText) {
        JsonNode address = e.get("address");
        Location structured = address != null && address.isObject()
                ? Location.of(JsonFields.text(address, "city"), JsonFields.text(address, "postal_code"),
                        JsonFields.text(address, "country"))
                : null;
        // The free-text "City, ST, CC" is the only place some carriers put it: better than nothing.
        return structured != null ? structured : Location.of(locationText, null, null);
    }

    private static Instant arrival(WebhookRequest request) {
        if (request.receivedAt() == null) {
            throw WebhookRejectedException.malformed("the delivery carries no event time and no arrival time is known");
        }
        return request.receivedAt();
    }

    private static JsonNode optionalObject(JsonNode parent, String field, String at) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isObject()) {
            throw WebhookRejectedException.malformed(at, "'" + at + "' must be an object");
        }
        return n;
    }

    private static JsonNode optionalArray(JsonNode parent, String field, String at) {
        JsonNode n = parent == null ? null : parent.get(field);
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isArray()) {
            throw WebhookRejectedException.malformed(at, "'" + at + "' must be an array");
        }
        return n;
    }

    private static boolean has(JsonNode node, String field) {
        JsonNode n = node.get(field);
        return n != null && !n.isNull();
    }

    /** "InTransit_Arrival" → "InTransit"; "InfoReceived" has no detail part and is its own main status. */
    private static String mainOf(String subStatus) {
        if (subStatus == null) {
            return null;
        }
        int us = subStatus.indexOf('_');
        return us < 0 ? subStatus : subStatus.substring(0, us);
    }

    private static String key(String code) {
        return code.trim().toLowerCase(Locale.ROOT);
    }

    private static String dash(String s) {
        return s == null ? "-" : s;
    }

    private record ProviderEvent(JsonNode node, String at, Instant occurredAt) {
    }
}
