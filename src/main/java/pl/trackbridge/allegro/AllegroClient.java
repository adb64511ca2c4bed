package pl.trackbridge.allegro;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;
import org.jboss.logging.Logger;
import pl.trackbridge.order.AllegroOrders;

/**
 * Calls Allegro for one seller account: bearer token, media type, one refresh-and-retry on 401, the shared
 * rate limit, and Allegro's error body mapped to {@link AllegroApiException} with the {@code trace-id} logged.
 */
public final class AllegroClient implements AllegroOrders, pl.trackbridge.forwarding.AllegroFulfillment {
    private static final Logger LOG = Logger.getLogger(AllegroClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final Duration BLOCK_AFTER_429 = Duration.ofMinutes(1);

    private final AllegroApi api;
    private final AccessTokens tokens;
    private final RateLimiter limiter;

    private final Duration blockAfter429;

    public AllegroClient(AllegroApi api, AccessTokens tokens, RateLimiter limiter) {
        this(api, tokens, limiter, BLOCK_AFTER_429);
    }

    /** @param blockAfter429 how long Allegro blocks the application after a 429 (a minute; shorter only in tests) */
    public AllegroClient(AllegroApi api, AccessTokens tokens, RateLimiter limiter, Duration blockAfter429) {
        this.blockAfter429 = blockAfter429;
        this.api = api;
        this.tokens = tokens;
        this.limiter = limiter;
    }

    @Override
    public JsonNode orderEvents(String accountId, String from, int limit) {
        return call(accountId, "GET /order/events", bearer -> api.orderEvents(bearer, AllegroApi.MEDIA_TYPE, from, limit));
    }

    @Override
    public JsonNode orderEventStats(String accountId) {
        return call(accountId, "GET /order/event-stats", bearer -> api.orderEventStats(bearer, AllegroApi.MEDIA_TYPE));
    }

    @Override
    public JsonNode checkoutForm(String accountId, String orderId) {
        return call(accountId, "GET /order/checkout-forms/" + orderId,
                bearer -> api.checkoutForm(bearer, AllegroApi.MEDIA_TYPE, orderId));
    }

    @Override
    public JsonNode checkoutForms(String accountId, String updatedAtGte, int offset, int limit) {
        return call(accountId, "GET /order/checkout-forms",
                bearer -> api.checkoutForms(bearer, AllegroApi.MEDIA_TYPE, updatedAtGte, offset, limit));
    }

    /** {@code GET /sale/quality}: {@code {quality: [{resultFor, score, grade, maxScore, metrics}]}}. */
    public JsonNode saleQuality(String accountId) {
        return call(accountId, "GET /sale/quality", bearer -> api.saleQuality(bearer, AllegroApi.MEDIA_TYPE));
    }

    /** {@code GET /order/carriers}: {@code {carriers: [{id, name}]}}, with the account's token. */
    public JsonNode carriers(String accountId) {
        return call(accountId, "GET /order/carriers", bearer -> api.carriers(bearer, AllegroApi.MEDIA_TYPE));
    }

    /** {@code GET /order/checkout-forms/{id}/shipments}: {@code {shipments: [{id, waybill, carrierId, createdAt}]}}. */
    @Override
    public JsonNode orderShipments(String accountId, String orderId) {
        return call(accountId, "GET /order/checkout-forms/" + orderId + "/shipments",
                bearer -> api.orderShipments(bearer, AllegroApi.MEDIA_TYPE, orderId));
    }

    /** {@code POST /order/checkout-forms/{id}/shipments} with {@code {carrierId, waybill, carrierName?, lineItems?}}. */
    @Override
    public JsonNode addShipment(String accountId, String orderId, JsonNode body) {
        String json = body.toString();
        return call(accountId, "POST /order/checkout-forms/" + orderId + "/shipments",
                bearer -> api.addShipment(bearer, AllegroApi.MEDIA_TYPE, orderId, json));
    }

    /** {@code PUT /order/checkout-forms/{id}/fulfillment?checkoutForm.revision=} with {@code {status}}. */
    @Override
    public void setFulfillment(String accountId, String orderId, String revision, String status) {
        String json = JSON.createObjectNode().put("status", status).toString();
        call(accountId, "PUT /order/checkout-forms/" + orderId + "/fulfillment",
                bearer -> api.setFulfillment(bearer, AllegroApi.MEDIA_TYPE, orderId, revision, json));
    }

    /**
     * {@code GET /order/carriers/{carrierId}/tracking?waybill=…} (at most 20 waybills):
     * {@code {carrierId, waybills: [{waybill, trackingDetails?: {createdAt, updatedAt, statuses: [{occurredAt, code, description?}]}}]}}.
     */
    public JsonNode parcelTracking(String accountId, String carrierId, java.util.List<String> waybills) {
        if (waybills.isEmpty() || waybills.size() > 20) {
            throw new IllegalArgumentException("Allegro's parcel tracking takes 1 to 20 waybills, not " + waybills.size());
        }
        java.util.List<String> copy = java.util.List.copyOf(waybills);
        return call(accountId, "GET /order/carriers/" + carrierId + "/tracking",
                bearer -> api.parcelTracking(bearer, AllegroApi.MEDIA_TYPE, carrierId, copy));
    }

    /**
     * The extra rate-limit bucket of a call besides {@link RateLimiter#APP}: {@link RateLimiter#SHIPMENTS} for
     * {@code /order/carriers} and {@code /order/checkout-forms/{id}/shipments} (50 a second each), otherwise
     * none. {@code what} is the method and path, e.g. {@code "POST /order/checkout-forms/abc/shipments"}.
     */
    public static String bucketFor(String what) {
        String path = what.substring(what.indexOf(' ') + 1);
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.startsWith("/order/carriers")) {
            return RateLimiter.SHIPMENTS;
        }
        String[] parts = path.split("/"); // "", "order", "checkout-forms", id, "shipments", ...
        if (parts.length >= 5 && parts[1].equals("order") && parts[2].equals("checkout-forms")
                && parts[4].equals("shipments")) {
            return RateLimiter.SHIPMENTS;
        }
        return null;
    }

    private JsonNode call(String accountId, String what, Function<String, Response> request) {
        return call(accountId, what, bucketFor(what), request);
    }

    /** One Allegro call; {@code bucket} is the extra rate-limit bucket it takes besides the application's, or null. */
    private JsonNode call(String accountId, String what, String bucket, Function<String, Response> request) {
        String token = tokens.accessToken(accountId);
        Outcome first = send(what, bucket, token, request);
        if (first.status == 401) {
            // The token may have been revoked or rotated elsewhere: refresh once, retry once.
            String fresh = tokens.onUnauthorized(accountId, token);
            Outcome second = send(what, bucket, fresh, request);
            return second.bodyOrThrow(accountId, what);
        }
        return first.bodyOrThrow(accountId, what);
    }

    private Outcome send(String what, String bucket, String token, Function<String, Response> request) {
        if (bucket != null) {
            limiter.acquire(bucket); // the narrower budget first: when it is full, no application request is spent
        }
        limiter.acquire(RateLimiter.APP);
        try (Response r = request.apply("Bearer " + token)) {
            String traceId = r.getHeaderString("trace-id");
            String body = r.hasEntity() ? r.readEntity(String.class) : "";
            if (r.getStatus() == 429) {
                limiter.blocked(blockAfter429);
            }
            return new Outcome(r.getStatus(), traceId, body);
        } catch (ProcessingException e) {
            // timeout, reset, refused: Allegro may or may not have acted; callers that write must re-read
            throw new AllegroApiException(0, "NO_RESPONSE", what + ": " + rootMessage(e), null, true);
        }
    }

    private record Outcome(int status, String traceId, String body) {
        JsonNode bodyOrThrow(String accountId, String what) {
            if (status >= 200 && status < 300) {
                if (body == null || body.isEmpty()) {
                    return JSON.createObjectNode();
                }
                try {
                    return JSON.readTree(body);
                } catch (IOException e) {
                    LOG.warnf("%s for account %s: unreadable 2xx body [trace-id %s]", what, accountId, traceId);
                    throw new AllegroApiException(status, "MALFORMED_RESPONSE", what + " answered an unreadable body",
                            traceId, true);
                }
            }
            String code = null;
            String message = body;
            try {
                JsonNode errors = JSON.readTree(body == null ? "" : body);
                if (errors != null && errors.path("errors").isArray() && !errors.path("errors").isEmpty()) {
                    code = errors.path("errors").get(0).path("code").asText(null);
                    message = errors.path("errors").get(0).path("message").asText(body);
                } else if (errors != null && errors.has("error")) {
                    code = errors.path("error").asText(); // AuthError: {"error":"unauthorized",...}
                    message = errors.path("error_description").asText(body);
                }
            } catch (IOException ignored) {
                // not JSON: keep the raw text as the message
            }
            boolean retryable = status >= 500 || status == 429;
            LOG.warnf("%s for account %s failed: %d %s %s [trace-id %s]", what, accountId, status, code, message, traceId);
            throw new AllegroApiException(status, code, what + ": " + message, traceId, retryable);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
    }
}
