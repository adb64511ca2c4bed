package pl.trackbridge.forwarding;

import java.time.Instant;
import java.util.List;

/**
 * A waybill the seller's WMS registered for an Allegro order ({@code POST /accounts/{id}/shipments}): what the
 * tracking forwarder will post to {@code POST /order/checkout-forms/{orderId}/shipments}. One per
 * (order, waybill); the forwarder adds its attempts and outcome to the same record.
 *
 * @param carrierId     Allegro carrier id, resolved through the account's name mapping
 * @param carrierName   required by Allegro only with {@code OTHER} (≤ 30 characters)
 * @param lineItemIds   Allegro line-item ids the parcel carries (empty: the whole order)
 * @param warning       set when the waybill's format could only be checked loosely for this carrier
 * @param queued        whether the forward reached the queue (false after a failed send: re-sent on retry)
 */
public record Registration(
        String accountId,
        String orderId,
        String waybill,
        String carrierId,
        String carrierName,
        List<String> lineItemIds,
        Instant labelCreatedAt,
        Instant handedOverAt,
        Instant registeredAt,
        String warning,
        boolean queued) {

    public Registration {
        lineItemIds = lineItemIds == null ? List.of() : List.copyOf(lineItemIds);
    }

    /** Same shipment as another registration: a repeated request, not a change. */
    public boolean sameAs(Registration other) {
        return carrierId.equals(other.carrierId) && java.util.Objects.equals(carrierName, other.carrierName)
                && lineItemIds.equals(other.lineItemIds);
    }
}
