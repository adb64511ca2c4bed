package pl.trackbridge.carrier.ups;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Waybills;
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * UPS Track Alert callbacks ({@code webhooks.TrackingEvent}, docs/carriers/ups.md): one event per POST.
 *
 * <p>UPS does not sign the body. v2 sends {@code Authorization: Bearer <token>} with a token UPS fetched
 * from our token URL; v1 sends the opaque string registered with the subscription in a {@code credential}
 * header. Either must equal the account's {@code secret}. UPS never retries, so a rejection loses the event:
 * only auth failures and bodies that are not a tracking event are rejected.
 *
 * <p>Credentials: {@code secret}.
 */
public final class UpsWebhookSource implements WebhookSource {
    public static final String NAME = "ups";
    static final String CARRIER_ID = "UPS";
    static final String CREDENTIAL_HEADER = "credential";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        String secret = credentials.require(SourceCredentials.SECRET);
        boolean bearerOk = Signatures.matches(secret, bearerToken(request.header("Authorization")));
        boolean credentialOk = Signatures.matches(secret, trimmed(request.header(CREDENTIAL_HEADER)));
        // both compared before deciding: the time taken does not tell which header was checked
        if (!(bearerOk | credentialOk)) {
            throw WebhookRejectedException.unauthenticated(
                    "neither 'Authorization: Bearer' nor the 'credential' header matches this account's secret");
        }
    }

    private static String bearerToken(String authorization) {
        if (authorization == null) {
            return null;
        }
        String a = authorization.trim();
        if (a.length() < 7 || !a.substring(0, 7).toLowerCase(Locale.ROOT).equals("bearer ")) {
            return null;
        }
        return a.substring(7).trim();
    }

    private static String trimmed(String s) {
        return s == null ? null : s.trim();
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        JsonNode root = request.json();
        String trackingNumber = JsonFields.text(root, "trackingNumber");
        if (trackingNumber == null) {
            throw WebhookRejectedException.malformed("trackingNumber", "UPS tracking event without a trackingNumber");
        }
        JsonNode activity = root.get("activityStatus");
        if (activity == null || !activity.isObject()) {
            throw WebhookRejectedException.malformed("activityStatus",
                    "not a UPS tracking event: 'activityStatus' must be an object");
        }
        String type = JsonFields.text(activity, "type");
        String code = JsonFields.text(activity, "code");
        String description = JsonFields.text(activity, "description");
        String country = JsonFields.text(root, "activityLocation", "country");

        String gmtDate = JsonFields.text(root, "gmtActivityDate");
        String gmtTime = JsonFields.text(root, "gmtActivityTime");
        String localDate = JsonFields.text(root, "localActivityDate");
        String localTime = JsonFields.text(root, "localActivityTime");
        Instant occurredAt;
        String when;
        try {
            if (gmtDate != null && gmtTime != null) {
                occurredAt = UpsTimes.utc(UpsTimes.parse(gmtDate, gmtTime));
                when = gmtDate + "|" + gmtTime;
            } else if (localDate != null && localTime != null) {
                occurredAt = UpsTimes.parse(localDate, localTime)
                        .atZone(UpsTimes.zoneFor(JsonFields.text(root, "gmtOffset"), country)).toInstant();
                when = "local|" + localDate + "|" + localTime;
            } else {
                throw WebhookRejectedException.malformed("gmtActivityDate",
                        "UPS tracking event without gmtActivityDate/Time or localActivityDate/Time");
            }
        } catch (IllegalArgumentException | DateTimeException e) {
            throw WebhookRejectedException.malformed("gmtActivityDate", "unreadable UPS activity time: " + e.getMessage());
        }

        String waybill = Waybills.normalise(trackingNumber);
        CanonicalEvent event = EventBuilder.from(NAME)
                // ups.md: trackingNumber|gmtActivityDate|gmtActivityTime|type|code; hashed to bound its length
                .dedupeKey(Signatures.sha256Hex(String.join("|", waybill, when, orEmpty(type), orEmpty(code))))
                .carrierId(CARRIER_ID)
                .waybill(waybill)
                .mapped(UpsStatuses.map(type, code, description))
                .rawStatus(type)
                .rawCode(code)
                .rawDescription(description)
                .occurredAt(occurredAt)
                .location(Location.of(JsonFields.text(root, "activityLocation", "city"),
                        JsonFields.text(root, "activityLocation", "postalCode"), country))
                .build();
        return List.of(event);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
