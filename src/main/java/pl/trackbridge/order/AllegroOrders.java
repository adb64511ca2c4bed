package pl.trackbridge.order;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Allegro order endpoints the sync reads, as Allegro's JSON (allegro/openapi.yaml). Implemented by the
 * HTTP client; a fake serves the sync's unit tests. Failures are {@code AllegroApiException}s.
 */
public interface AllegroOrders {
    /** {@code GET /order/events?from=&limit=}: {@code {events: [...]}}, oldest first, after {@code from}. */
    JsonNode orderEvents(String accountId, String from, int limit);

    /** {@code GET /order/event-stats}: {@code {latestEvent: {id, occurredAt}}}. */
    JsonNode orderEventStats(String accountId);

    /** {@code GET /order/checkout-forms/{id}}. */
    JsonNode checkoutForm(String accountId, String orderId);

    /** {@code GET /order/checkout-forms?updatedAt.gte=&offset=&limit=}: {@code {checkoutForms: [...], count, totalCount}}. */
    JsonNode checkoutForms(String accountId, String updatedAtGte, int offset, int limit);

    /**
     * The same calls, each waiting for the next rate-limit window instead of failing when only a short window is
     * full (order-sync's batch of checkout forms); the refusal comes before the request, so repeating is safe.
     */
    static AllegroOrders paced(AllegroOrders allegro, pl.trackbridge.allegro.RatePacer.Pace pace) {
        return new AllegroOrders() {
            @Override
            public JsonNode orderEvents(String accountId, String from, int limit) {
                return pace.call(() -> allegro.orderEvents(accountId, from, limit));
            }

            @Override
            public JsonNode orderEventStats(String accountId) {
                return pace.call(() -> allegro.orderEventStats(accountId));
            }

            @Override
            public JsonNode checkoutForm(String accountId, String orderId) {
                return pace.call(() -> allegro.checkoutForm(accountId, orderId));
            }

            @Override
            public JsonNode checkoutForms(String accountId, String updatedAtGte, int offset, int limit) {
                return pace.call(() -> allegro.checkoutForms(accountId, updatedAtGte, offset, limit));
            }
        };
    }
}
