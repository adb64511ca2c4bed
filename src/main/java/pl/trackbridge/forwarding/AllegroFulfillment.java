package pl.trackbridge.forwarding;

import com.fasterxml.jackson.databind.JsonNode;

/** The Allegro calls the forwarder makes (allegro/openapi.yaml); failures are {@code AllegroApiException}s. */
public interface AllegroFulfillment {
    JsonNode orderShipments(String accountId, String orderId);

    JsonNode addShipment(String accountId, String orderId, JsonNode body);

    JsonNode checkoutForm(String accountId, String orderId);

    void setFulfillment(String accountId, String orderId, String revision, String status);

    /**
     * The same calls, each waiting for the next rate-limit window instead of failing when only a short window is
     * full: for scheduled batch jobs (reconciliation) that forward through the forwarder; queue consumers keep the
     * plain client and fail fast.
     */
    static AllegroFulfillment paced(AllegroFulfillment allegro, pl.trackbridge.allegro.RatePacer.Pace pace) {
        return new AllegroFulfillment() {
            @Override
            public JsonNode orderShipments(String accountId, String orderId) {
                return pace.call(() -> allegro.orderShipments(accountId, orderId));
            }

            @Override
            public JsonNode addShipment(String accountId, String orderId, JsonNode body) {
                // safe to repeat: a refusal by the limiter comes before the request, so nothing was posted
                return pace.call(() -> allegro.addShipment(accountId, orderId, body));
            }

            @Override
            public JsonNode checkoutForm(String accountId, String orderId) {
                return pace.call(() -> allegro.checkoutForm(accountId, orderId));
            }

            @Override
            public void setFulfillment(String accountId, String orderId, String revision, String status) {
                pace.run(() -> allegro.setFulfillment(accountId, orderId, revision, status));
            }
        };
    }
}
