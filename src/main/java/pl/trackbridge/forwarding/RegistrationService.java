package pl.trackbridge.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import pl.trackbridge.account.Account;
import pl.trackbridge.api.ApiException;
import pl.trackbridge.carrier.CarrierIds;
import pl.trackbridge.tracking.waybill.WaybillCheck;
import pl.trackbridge.tracking.waybill.WaybillValidator;
import pl.trackbridge.webhook.JsonFields;

/**
 * Shipment registration from the seller's WMS: validates the waybill for its carrier before anything can
 * reach Allegro (waybills can never be edited there), resolves the carrier to an Allegro id, stores the
 * registration once per (order, waybill) and queues the forward. A repeated request answers the same result
 * and queues nothing new (unless the first send never reached the queue).
 */
public final class RegistrationService {
    /** Allegro checkout-form ids are UUIDs (a malformed one gets 422 from Allegro). */
    private static final Pattern ORDER_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    private static final Duration FUTURE_TOLERANCE = Duration.ofHours(24);
    static final int MAX_CARRIER_NAME = 30;

    private final RegistrationStore store;
    private final ForwardingQueue queue;
    private final Clock clock;
    private final CarrierCatalog carriers;
    private final java.util.function.Consumer<Registration> onStored;

    public RegistrationService(RegistrationStore store, ForwardingQueue queue, Clock clock, CarrierCatalog carriers) {
        this(store, queue, clock, carriers, r -> { });
    }

    /**
     * @param carriers Allegro's carrier list (cached), against which carrier ids are checked
     * @param onStored called with the stored registration on every accepted request (idempotent work only): the
     *                 tracking poller's schedule starts here, so a parcel nobody pushes is polled before any event
     */
    public RegistrationService(RegistrationStore store, ForwardingQueue queue, Clock clock, CarrierCatalog carriers,
            java.util.function.Consumer<Registration> onStored) {
        this.store = store;
        this.queue = queue;
        this.clock = clock;
        this.carriers = carriers;
        this.onStored = onStored;
    }

    public record Result(Registration registration, boolean created) {
    }

    public Result register(Account account, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.badRequest("the body must be a JSON object");
        }
        Map<String, String> errors = new LinkedHashMap<>();
        Instant now = clock.instant();
        String orderId = JsonFields.text(body, "orderId");
        if (orderId == null || !ORDER_ID.matcher(orderId).matches()) {
            errors.put("orderId", "the Allegro checkout-form id (a UUID)");
        }
        String carrierId = resolveCarrier(account, JsonFields.text(body, "carrierId"), errors);
        String carrierName = JsonFields.text(body, "carrierName");
        if (CarrierIds.OTHER.equals(carrierId) && (carrierName == null || carrierName.length() > MAX_CARRIER_NAME)) {
            errors.put("carrierName", "required with carrier OTHER, at most " + MAX_CARRIER_NAME + " characters");
        }
        String rawWaybill = JsonFields.text(body, "waybill");
        WaybillCheck check = null;
        if (rawWaybill == null) {
            errors.put("waybill", "required");
        } else if (carrierId != null) {
            check = WaybillValidator.validate(carrierId, rawWaybill);
            if (!check.accepted()) {
                errors.put("waybill", check.message());
            }
        }
        List<String> lineItems = lineItems(body.get("lineItems"), errors);
        Instant labelCreatedAt = time(body, "labelCreatedAt", now, errors);
        Instant handedOverAt = time(body, "handedOverAt", now, errors);
        if (!errors.isEmpty()) {
            throw ApiException.invalid(errors);
        }
        String warning = check.verdict() == WaybillCheck.Verdict.UNVERIFIED_WARNING ? check.message() : null;
        Registration wanted = new Registration(account.accountId(), orderId.toLowerCase(Locale.ROOT), check.waybill(),
                carrierId, CarrierIds.OTHER.equals(carrierId) ? carrierName : null, lineItems, labelCreatedAt,
                handedOverAt, now, warning, false);
        RegistrationStore.Stored result = store.createIfAbsent(wanted);
        Registration stored = result.registration();
        if (!stored.sameAs(wanted)) {
            throw new ApiException(409, "ALREADY_REGISTERED", "waybill " + stored.waybill() + " is already registered for order "
                    + stored.orderId() + " with carrier " + stored.carrierId()
                    + "; waybills cannot be changed once they are on Allegro", Map.of("carrierId", stored.carrierId()));
        }
        onStored.accept(stored);
        if (!stored.queued()) {
            queue.enqueue(new ForwardRequest(ForwardRequest.REGISTERED, stored.accountId(), stored.waybill(),
                    stored.carrierId(), stored.orderId(), stored.registeredAt()));
            store.markQueued(stored.accountId(), stored.waybill(), stored.orderId());
            stored = new Registration(stored.accountId(), stored.orderId(), stored.waybill(), stored.carrierId(),
                    stored.carrierName(), stored.lineItemIds(), stored.labelCreatedAt(), stored.handedOverAt(),
                    stored.registeredAt(), stored.warning(), true);
        }
        return new Result(stored, result.created());
    }

    /** Every registration of a waybill on the account (shown with the shipment). */
    public List<Forward> forWaybill(String accountId, String waybill) {
        return store.forWaybill(accountId, waybill);
    }

    /**
     * The seller's own name first (case-insensitive), then an id on Allegro's carrier list, then the aliases
     * sources use ("dpd-poland", "Paczkomaty"); anything else is {@code OTHER} and needs a carrier name. An id that
     * Allegro's list lacks is refused here, not later as Allegro's {@code CarrierIdValidationException}.
     */
    private String resolveCarrier(Account account, String raw, Map<String, String> errors) {
        if (raw == null) {
            errors.put("carrierId", "required: an Allegro carrier id or a name in the account's carrierNames");
            return null;
        }
        String id = null;
        for (Map.Entry<String, String> e : account.carrierNames().entrySet()) {
            if (e.getKey().equalsIgnoreCase(raw.trim())) {
                id = e.getValue();
            }
        }
        if (id == null) {
            String upper = raw.trim().toUpperCase(Locale.ROOT);
            id = carriers.listed(account.accountId(), upper) ? upper : CarrierIds.normalise(raw);
        }
        if (CarrierIds.OTHER.equals(id)) {
            return id; // Allegro accepts OTHER with a carrier name (checked by the caller)
        }
        switch (carriers.check(account.accountId(), id)) {
            case KNOWN:
                return id;
            case UNKNOWN:
                errors.put("carrierId", id + " is not on Allegro's carrier list (GET /order/carriers); map the name in the"
                        + " account's carrierNames, or send OTHER with a carrierName");
                return null;
            default:
                if (CarrierIds.isKnownId(id)) {
                    return id; // Allegro's list is unreachable right now; our own list of its ids vouches for this one
                }
                throw new ApiException(503, "CARRIERS_UNAVAILABLE", "Allegro's carrier list cannot be read right now to check "
                        + id + "; retry later", Map.of());
        }
    }

    private static List<String> lineItems(JsonNode node, Map<String, String> errors) {
        List<String> ids = new ArrayList<>();
        if (node == null || node.isNull()) {
            return ids;
        }
        if (!node.isArray()) {
            errors.put("lineItems", "an array of Allegro line-item ids (or objects with an id)");
            return ids;
        }
        for (JsonNode li : node) {
            String id = li.isTextual() ? li.asText() : JsonFields.text(li, "id");
            if (id == null) {
                errors.put("lineItems", "every line item needs an id");
            } else {
                ids.add(id);
            }
        }
        return ids;
    }

    private static Instant time(JsonNode body, String field, Instant now, Map<String, String> errors) {
        String text = JsonFields.text(body, field);
        if (text == null) {
            return null;
        }
        try {
            Instant t = OffsetDateTime.parse(text).toInstant();
            if (t.isBefore(EARLIEST_PLAUSIBLE) || t.isAfter(now.plus(FUTURE_TOLERANCE))) {
                errors.put(field, "not a plausible time: " + text);
            }
            return t;
        } catch (DateTimeParseException e) {
            errors.put(field, "an ISO-8601 time with offset, e.g. 2026-11-21T15:04:05+01:00");
            return null;
        }
    }
}
