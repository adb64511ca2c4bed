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
}
