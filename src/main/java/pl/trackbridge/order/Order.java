package pl.trackbridge.order;

import java.time.Instant;
import java.util.List;

/**
 * What TrackBridge keeps of an Allegro order (checkout form): what the KPIs and forwarding need, and no
 * buyer personal data (no name, address, e-mail or phone).
 *
 * @param boughtAt          earliest line item {@code boughtAt}: the day of "orders bought on D"
 * @param dispatchDeadline  {@code delivery.time.dispatch.to}: the order's time to ship
 * @param deliveryFrom      {@code delivery.time.from}: the promised window's start, may be null
 * @param deliveryTo        {@code delivery.time.to}: the promised window's end, may be null (no promise)
 * @param status            Allegro's buyer/payment status (BOUGHT, FILLED_IN, READY_FOR_PROCESSING, CANCELLED)
 * @param fulfillmentStatus the seller's status (NEW, PROCESSING, …, SENT, CANCELLED)
 * @param revision          {@code revision}, required by PUT …/fulfillment
 * @param cancellation      who cancelled and when, or null
 * @param fetchedAt         when we read the checkout form: the later read wins when two syncs race
 */
public record Order(
        String accountId,
        String orderId,
        Instant boughtAt,
        Instant dispatchDeadline,
        Instant deliveryFrom,
        Instant deliveryTo,
        boolean smart,
        String status,
        String fulfillmentStatus,
        String revision,
        List<LineItem> lineItems,
        Cancellation cancellation,
        String deliveryMethodId,
        Instant updatedAt,
        Instant fetchedAt) {

    public Order {
        lineItems = lineItems == null ? List.of() : List.copyOf(lineItems);
    }

    /** A bought item; its id goes into the line items of a shipment posted to Allegro. */
    public record LineItem(String id, String offerId, int quantity) {
    }

    /**
     * @param by {@code BUYER_CANCELLED}, {@code AUTO_CANCELLED} or {@code SELLER}
     */
    public record Cancellation(String by, Instant at) {
        public static final String BUYER = "BUYER_CANCELLED";
        public static final String AUTO = "AUTO_CANCELLED";
        public static final String SELLER = "SELLER";

        /** DESIGN §4: a buyer or automatic cancellation strictly before the deadline removes the order from KPIs. */
        public boolean removesFromKpis(Instant dispatchDeadline) {
            return (BUYER.equals(by) || AUTO.equals(by)) && at != null && dispatchDeadline != null
                    && at.isBefore(dispatchDeadline);
        }
    }
}
