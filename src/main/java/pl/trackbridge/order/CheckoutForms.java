package pl.trackbridge.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import pl.trackbridge.webhook.JsonFields;

/**
 * Reads Allegro's {@code CheckoutForm} (GET /order/checkout-forms/{id}) into an {@link Order}. Lenient about
 * what it does not need, strict about the id: a form without one is not an order.
 */
public final class CheckoutForms {
    private CheckoutForms() {
    }

    /**
     * @param cancellation what the journal told us about a cancellation (the form itself does not say who
     *                     cancelled or when), or null
     * @throws IllegalArgumentException when the body is not a checkout form
     */
    public static Order toOrder(String accountId, JsonNode form, Order.Cancellation cancellation, Instant fetchedAt) {
        String id = JsonFields.text(form, "id");
        if (id == null) {
            throw new IllegalArgumentException("not a checkout form: no id");
        }
        List<Order.LineItem> items = new ArrayList<>();
        Instant boughtAt = null;
        for (JsonNode li : JsonFields.at(form, "lineItems")) {
            items.add(new Order.LineItem(JsonFields.text(li, "id"), JsonFields.text(li, "offer", "id"),
                    li.path("quantity").asInt(1)));
            Instant at = instant(JsonFields.text(li, "boughtAt"));
            if (at != null && (boughtAt == null || at.isBefore(boughtAt))) {
                boughtAt = at;
            }
        }
        JsonNode time = JsonFields.at(form, "delivery", "time");
        String status = JsonFields.text(form, "status");
        String fulfillment = JsonFields.text(form, "fulfillment", "status");
        Order.Cancellation c = cancellation;
        if (c == null && "CANCELLED".equals(fulfillment)) {
            // the seller set CANCELLED; when exactly is not on the form, the journal event gives it
            c = new Order.Cancellation(Order.Cancellation.SELLER, null);
        }
        return new Order(accountId, id, boughtAt,
                instant(JsonFields.text(time, "dispatch", "to")),
                instant(JsonFields.text(time, "from")),
                instant(JsonFields.text(time, "to")),
                JsonFields.at(form, "delivery", "smart").asBoolean(false),
                status, fulfillment, JsonFields.text(form, "revision"), items, c,
                JsonFields.text(form, "delivery", "method", "id"),
                instant(JsonFields.text(form, "updatedAt")), fetchedAt);
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return java.time.OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("unreadable date '" + text + "'");
        }
    }
}
