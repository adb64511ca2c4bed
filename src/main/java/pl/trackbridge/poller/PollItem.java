package pl.trackbridge.poller;

import java.time.Instant;

/**
 * A shipment's poll schedule (docs/storage.md, {@code PollScheduleTable}): when Allegro's parcel tracking is next
 * asked about it, and the facts that decide it. Only items with {@code nextPollAt} are in the due index.
 *
 * @param startedAt          first registration or event: polling stops {@code max-age} after it
 * @param lastPushAt         arrival of the latest event from a webhook source; null for a parcel nobody pushes
 * @param lastEventArrivedAt arrival of the latest new event from any source (push or poll)
 * @param polledUpTo         latest {@code occurredAt} of Allegro's statuses already taken in
 * @param nextPollAt         when it is due, or null when it is no longer polled (see {@code stopped})
 * @param stopped            why it is no longer polled: {@code TERMINAL}, {@code MAX_AGE}, {@code CARRIER_REFUSED}
 * @param confirmTerminal    a terminal status an unsigned source (InPost) reported, waiting for Allegro to confirm it
 * @param terminalConfirmedAt when a signed source or Allegro's tracking confirmed the terminal status
 */
public record PollItem(
        String accountId,
        String waybill,
        String carrierId,
        String orderId,
        Instant startedAt,
        Instant lastPushAt,
        Instant lastEventArrivedAt,
        Instant lastPolledAt,
        Instant polledUpTo,
        Instant nextPollAt,
        String stopped,
        String confirmTerminal,
        Instant terminalConfirmedAt) {

    public static final String TERMINAL = "TERMINAL";
    public static final String MAX_AGE = "MAX_AGE";
    public static final String CARRIER_REFUSED = "CARRIER_REFUSED";

    /** Whether a terminal status is known only from an unsigned source: KPIs should not count it yet. */
    public boolean terminalUnconfirmed() {
        return confirmTerminal != null && terminalConfirmedAt == null;
    }
}
