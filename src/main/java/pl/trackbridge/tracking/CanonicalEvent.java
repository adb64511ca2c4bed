package pl.trackbridge.tracking;

import java.time.Instant;
import java.util.Objects;

/**
 * One scan or notice from one source, in the canonical vocabulary (status-mapping.md §3). Adapters emit
 * these; nothing downstream looks at a carrier's own codes except through {@code rawCode}/{@code rawStatus}.
 *
 * @param source          the webhook source that delivered it ({@code inpost}, {@code aftership}, …)
 * @param sourceEventId   the source's own id where it has one (AfterShip event_id, EasyPost evt_…), else null
 * @param dedupeKey       unique per source for the same fact; duplicates of it are stored once
 * @param carrierId       Allegro carrier id ({@code INPOST}, {@code DPD}, … or {@code OTHER})
 * @param waybill         normalised tracking number (upper-case, no spaces)
 * @param newWaybill      a replacement number (return or redirect), else null
 * @param kind            STATUS, INFO or REVOKE
 * @param status          canonical status; for INFO the status the source reported (often UNKNOWN)
 * @param reason          optional reason
 * @param revokes         for REVOKE, the dedupe key of the revoked event
 * @param rawStatus       the source's status name, verbatim
 * @param rawCode         the source's finer code (substatus, event code), verbatim, may be null
 * @param rawDescription  the source's text, verbatim, may be null
 * @param occurredAt      when it happened at the carrier (UTC); never the arrival time unless the source gives none
 * @param location        where, may be null
 * @param orderId         Allegro checkout-form id when the source knows it (generic webhook), else null
 */
public record CanonicalEvent(
        String source,
        String sourceEventId,
        String dedupeKey,
        String carrierId,
        String waybill,
        String newWaybill,
        EventKind kind,
        TrackingStatus status,
        Reason reason,
        String revokes,
        String rawStatus,
        String rawCode,
        String rawDescription,
        Instant occurredAt,
        Location location,
        String orderId) {

    public CanonicalEvent {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(dedupeKey, "dedupeKey");
        Objects.requireNonNull(waybill, "waybill");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    /** The key that makes this event unique across sources: the same fact from two aggregators is two events. */
    public String eventKey() {
        return source + "#" + dedupeKey;
    }

    public boolean isStatus() {
        return kind == EventKind.STATUS;
    }

    /** Terminal per rule 2: DELIVERED, RETURNED_TO_SENDER, CANCELLED, or EXCEPTION lost/destroyed. */
    public boolean isTerminal() {
        if (kind != EventKind.STATUS) {
            return false;
        }
        return switch (status) {
            case DELIVERED, RETURNED_TO_SENDER, CANCELLED -> true;
            case EXCEPTION -> reason != null && reason.isTerminal();
            default -> false;
        };
    }

    /** A non-terminal exception that only flags the current milestone (rule 3). */
    public boolean isOverlay() {
        return kind == EventKind.STATUS && status == TrackingStatus.EXCEPTION && reason != null && reason.isOverlay();
    }
}
