package pl.trackbridge.carrier.inpost;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.List;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.Timestamps;
import pl.trackbridge.webhook.JsonFields;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookSource;

/**
 * InPost ShipX webhooks (docs/carriers/inpost-shipx.md).
 *
 * <p>InPost does not sign its deliveries, so a delivery is accepted only when it carries the secret
 * {@code ?token=} of our URL, names our {@code organization_id}, and (when {@code allowedCidrs} is set,
 * normally {@code 91.216.25.0/24}) comes from InPost's address range. Terminal statuses from here must still
 * be re-read from the ShipX API before they are acted on (status-mapping.md §4 rule 7).
 *
 * <p>Credentials: {@code token}, {@code organizationId}, optional {@code allowedCidrs}.
 */
public final class InpostWebhookSource implements WebhookSource {
    public static final String NAME = "inpost";
    static final String CARRIER_ID = "INPOST";

    static final String SHIPMENT_CONFIRMED = "shipment_confirmed";
    static final String SHIPMENT_STATUS_CHANGED = "shipment_status_changed";
    static final String OFFERS_PREPARED = "offers_prepared";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
        Signatures.requireUrlToken(request, credentials);
        String expectedOrganization = credentials.require(SourceCredentials.ORGANIZATION_ID);
        String allowed = credentials.get(SourceCredentials.ALLOWED_CIDRS);
        if (allowed != null && !Ipv4Cidr.anyContains(allowed, request.sourceIp())) {
            throw WebhookRejectedException.unauthenticated(
                    "source address " + request.sourceIp() + " is not in the allowed InPost ranges");
        }
        String presented;
        try {
            presented = JsonFields.text(request.json(), "organization_id");
        } catch (WebhookRejectedException e) {
            // the organisation check is part of the proof of origin: an unreadable body proves nothing
            throw WebhookRejectedException.unauthenticated("organization_id cannot be read: " + e.getMessage());
        }
        if (!Signatures.matches(expectedOrganization.trim(), presented == null ? null : presented.trim())) {
            throw WebhookRejectedException.unauthenticated("organization_id does not match this account");
        }
    }

    @Override
    public List<CanonicalEvent> normalise(WebhookRequest request) {
        JsonNode root = request.json();
        String event = JsonFields.text(root, "event");
        if (event == null) {
            throw WebhookRejectedException.malformed("event", "not an InPost webhook: 'event' is missing");
        }
        JsonNode payload = root.get("payload");
        if (payload == null || !payload.isObject()) {
            throw WebhookRejectedException.malformed("payload", "'payload' must be an object");
        }
        if (OFFERS_PREPARED.equals(event)) {
            return List.of(); // async offer flow: no tracking number yet, nothing to track
        }
        String rawStatus = JsonFields.text(payload, "status");
        boolean knownEvent = SHIPMENT_CONFIRMED.equals(event) || SHIPMENT_STATUS_CHANGED.equals(event);
        String status;
        if (SHIPMENT_CONFIRMED.equals(event)) {
            status = "confirmed"; // the event is the confirmed status; its payload has no 'status'
        } else if (SHIPMENT_STATUS_CHANGED.equals(event)) {
            if (rawStatus == null) {
                throw WebhookRejectedException.malformed("payload.status", "shipment_status_changed without a status");
            }
            status = rawStatus;
        } else {
            // events we do not know (the docs name a "ZDN returned_to_sender" one): kept, never rejected
            status = rawStatus != null ? rawStatus : event;
        }
        String trackingNumber = JsonFields.text(payload, "tracking_number");
        StatusMapping mapping = InpostStatuses.map(status);
        if (trackingNumber == null) {
            if (InpostStatuses.isPreLabel(rawStatus)) {
                return List.of(); // before the label there is no number to attach the event to
            }
            throw WebhookRejectedException.malformed("tracking_number",
                    "InPost " + event + " event without a tracking_number");
        }
        String eventTs = JsonFields.text(root, "event_ts");
        Instant occurredAt = parseTime(eventTs);
        String organizationId = JsonFields.text(root, "organization_id");
        String shipmentId = JsonFields.text(payload, "shipment_id");

        CanonicalEvent out = EventBuilder.from(NAME)
                .dedupeKey(Signatures.sha256Hex(String.join("|", orEmpty(organizationId), orEmpty(shipmentId),
                        event, orEmpty(rawStatus), orEmpty(eventTs))))
                .carrierId(CARRIER_ID)
                .waybill(trackingNumber)
                .newWaybill(JsonFields.text(payload, "return_tracking_number"))
                .mapped(mapping)
                // verbatim: shipment_confirmed has no status of its own, so its event name stands in
                .rawStatus(rawStatus != null ? rawStatus : event)
                .rawCode(knownEvent ? null : event)
                .occurredAt(occurredAt)
                .build();
        return List.of(out);
    }

    private static Instant parseTime(String eventTs) {
        if (eventTs == null) {
            throw WebhookRejectedException.malformed("event_ts", "InPost event without event_ts");
        }
        try {
            // the offset is always present in practice; Warsaw only covers a sender that drops it
            return Timestamps.parse(eventTs, Timestamps.WARSAW);
        } catch (IllegalArgumentException | DateTimeException e) {
            throw WebhookRejectedException.malformed("event_ts", "unreadable event_ts '" + eventTs + "'");
        }
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }
}
