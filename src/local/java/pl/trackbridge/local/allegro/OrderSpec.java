package pl.trackbridge.local.allegro;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a new checkout form looks like, for {@link AllegroStandIn#addOrder(String, OrderSpec)}. Anything left unset
 * gets a plausible default derived from the stand-in's clock (bought now, dispatch by the end of tomorrow,
 * delivery the two days after).
 */
public final class OrderSpec {
    static final Set<String> STATUSES = Set.of("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "CANCELLED");

    record Item(String offerId, String name, int quantity, String price, String externalId) {
    }

    String status = "READY_FOR_PROCESSING";
    String fulfillmentStatus = "NEW";
    String provider = "SELLER";
    String paymentType = "ONLINE";
    final List<Item> items = new ArrayList<>();
    Instant boughtAt;
    Instant dispatchFrom;
    Instant dispatchTo;
    Instant deliveryFrom;
    Instant deliveryTo;
    boolean smart;
    String deliveryMethodId = "b20ef9e1-faa2-4f25-9032-adbea23e5cb9";
    String deliveryMethodName = "Allegro Paczkomaty InPost";
    String pickupPointId;
    String buyerLogin;
    String messageToSeller;
    String currency = "PLN";

    /** A paid order, the usual starting point for shipping. */
    public static OrderSpec readyForProcessing() {
        return new OrderSpec();
    }

    public static OrderSpec withStatus(String status) {
        return new OrderSpec().status(status);
    }

    public OrderSpec status(String status) {
        if (!STATUSES.contains(status)) {
            throw new IllegalArgumentException("unknown checkout form status " + status);
        }
        this.status = status;
        return this;
    }

    public OrderSpec fulfillmentStatus(String status) {
        this.fulfillmentStatus = status;
        return this;
    }

    /** price is a decimal string as Allegro sends it, e.g. "19.99". */
    public OrderSpec lineItem(String offerId, String name, int quantity, String price) {
        return lineItem(offerId, name, quantity, price, null);
    }

    public OrderSpec lineItem(String offerId, String name, int quantity, String price, String externalId) {
        items.add(new Item(offerId, name, quantity, price, externalId));
        return this;
    }

    public OrderSpec boughtAt(Instant boughtAt) {
        this.boughtAt = boughtAt;
        return this;
    }

    /** delivery.time.dispatch.from/to; dispatch.to is the seller's ship-by deadline. */
    public OrderSpec dispatch(Instant from, Instant to) {
        this.dispatchFrom = from;
        this.dispatchTo = to;
        return this;
    }

    /** delivery.time.from/to, the delivery window promised to the buyer. */
    public OrderSpec deliveryTime(Instant from, Instant to) {
        this.deliveryFrom = from;
        this.deliveryTo = to;
        return this;
    }

    public OrderSpec smart(boolean smart) {
        this.smart = smart;
        return this;
    }

    public OrderSpec deliveryMethod(String id, String name) {
        this.deliveryMethodId = id;
        this.deliveryMethodName = name;
        return this;
    }

    public OrderSpec pickupPoint(String id) {
        this.pickupPointId = id;
        return this;
    }

    /** One Fulfillment: Allegro ships, the seller must not. */
    public OrderSpec fulfilledByAllegro() {
        this.provider = "ALLEGRO";
        return this;
    }

    public OrderSpec cashOnDelivery() {
        this.paymentType = "CASH_ON_DELIVERY";
        return this;
    }

    public OrderSpec buyerLogin(String login) {
        this.buyerLogin = login;
        return this;
    }

    public OrderSpec messageToSeller(String message) {
        this.messageToSeller = message;
        return this;
    }
}
