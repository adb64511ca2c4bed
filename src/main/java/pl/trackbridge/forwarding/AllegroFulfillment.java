package pl.trackbridge.forwarding;

import com.fasterxml.jackson.databind.JsonNode;

/** The Allegro calls the forwarder makes (allegro/openapi.yaml); failures are {@code AllegroApiException}s. */
public interface AllegroFulfillment {
    JsonNode orderShipments(String accountId, String orderId);

    JsonNode addShipment(String accountId, String orderId, JsonNode body);

    JsonNode checkoutForm(String accountId, String orderId);

    void setFulfillment(String accountId, String orderId, String revision, String status);
}
