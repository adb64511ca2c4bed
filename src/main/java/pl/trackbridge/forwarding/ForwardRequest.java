package pl.trackbridge.forwarding;

import java.time.Instant;

/**
 * Work for the tracking forwarder: a shipment whose state Allegro must now learn (DESIGN §2).
 *
 * @param reason      {@code HANDOVER} (first carrier scan) or {@code REGISTERED} (a waybill registered by the WMS)
 * @param evidenceAt  when the triggering fact happened (the scan's occurredAt, or the registration time)
 */
public record ForwardRequest(String reason, String accountId, String waybill, String carrierId, String orderId,
        Instant evidenceAt) {
    public static final String HANDOVER = "HANDOVER";
    public static final String REGISTERED = "REGISTERED";
}
