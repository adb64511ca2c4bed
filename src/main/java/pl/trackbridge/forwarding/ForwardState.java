package pl.trackbridge.forwarding;

import java.time.Instant;
import java.util.List;

/**
 * Where a registration's forwarding to Allegro stands: the waybill (POST …/shipments) and the order's SENT
 * (PUT …/fulfillment), each with its own state, and every attempt so far — what the seller reads as a green
 * or red icon with its reason.
 *
 * @param waybill {@code PENDING}, {@code UNKNOWN} (no answer: Allegro may have it; read before posting again),
 *                {@code RETRYING}, {@code ACCEPTED}, {@code REJECTED} (needs a person), {@code STUCK}
 * @param sent    {@code PENDING}, {@code DONE}, {@code SKIPPED} (Allegro already past SENT, or cancelled),
 *                {@code RETRYING}, {@code REJECTED}, {@code STUCK}
 */
public record ForwardState(String waybill, String allegroShipmentId, Instant acceptedAt, String sent, Instant sentAt,
        List<Attempt> attempts) {

    public static final ForwardState NEW = new ForwardState("PENDING", null, null, "PENDING", null, List.of());

    public ForwardState {
        waybill = waybill == null ? "PENDING" : waybill;
        sent = sent == null ? "PENDING" : sent;
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
    }

    public boolean waybillSettled() {
        return waybill.equals("ACCEPTED") || waybill.equals("REJECTED");
    }

    public boolean sentSettled() {
        return sent.equals("DONE") || sent.equals("SKIPPED") || sent.equals("REJECTED");
    }

    public ForwardState withWaybill(String state, String shipmentId, Instant accepted) {
        return new ForwardState(state, shipmentId != null ? shipmentId : allegroShipmentId,
                accepted != null ? accepted : acceptedAt, sent, sentAt, attempts);
    }

    public ForwardState withSent(String state, Instant at) {
        return new ForwardState(waybill, allegroShipmentId, acceptedAt, state, at != null ? at : sentAt, attempts);
    }

    /**
     * One call to Allegro and what came of it.
     *
     * @param action  {@code WAYBILL}, {@code CHECK} (read after an unknown outcome) or {@code SENT}
     * @param outcome {@code ACCEPTED}, {@code FOUND}, {@code REJECTED}, {@code RETRY}, {@code NO_RESPONSE}, {@code DONE}, {@code SKIPPED}
     */
    public record Attempt(Instant at, String action, String outcome, int httpStatus, String errorCode, String message,
            String traceId) {
    }
}
