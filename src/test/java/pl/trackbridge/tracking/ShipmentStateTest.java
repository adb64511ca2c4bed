package pl.trackbridge.tracking;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The state rules of status-mapping.md §4, one case each, with hand-written expectations. */
class ShipmentStateTest {

    private static int seq;

    private static CanonicalEvent ev(TrackingStatus status, Reason reason, String hhmm) {
        return EventBuilder.from("generic").dedupeKey("e" + (seq++)).waybill("W1").status(status).reason(reason)
                .occurredAt(Instant.parse("2026-11-20T" + hhmm + ":00Z")).build();
    }

    private static CanonicalEvent ev(TrackingStatus status, String hhmm) {
        return ev(status, null, hhmm);
    }

    @Test
    void ordersByOccurredAtNotArrival() {
        ShipmentState s = ShipmentState.EMPTY.merge(ev(TrackingStatus.IN_TRANSIT, "12:00"))
                .merge(ev(TrackingStatus.COLLECTED, "10:00"));
        assertEquals(TrackingStatus.IN_TRANSIT, s.status());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), s.firstScanAt());
        assertEquals(Instant.parse("2026-11-20T10:00:00Z"), s.firstCollectedAt());
        assertEquals(Instant.parse("2026-11-20T12:00:00Z"), s.lastEventAt());
    }

    @Test
    void deliveredIsStickyAgainstLaterScans() {
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.DELIVERED, "10:00"),
                ev(TrackingStatus.IN_TRANSIT, "11:00")));
        assertEquals(TrackingStatus.DELIVERED, s.status());
        assertTrue(s.isTerminal());
        assertFalse(s.needsReview());
    }

    @Test
    void returnAfterDeliveryKeepsDeliveredAndAsksForReview() {
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.DELIVERED, "10:00"),
                ev(TrackingStatus.RETURNING_TO_SENDER, "15:00")));
        assertEquals(TrackingStatus.DELIVERED, s.status());
        assertTrue(s.needsReview());
    }

    @Test
    void cancelledLabelFollowedByRealMovementMovesOn() {
        ShipmentState moved = ShipmentState.fold(List.of(ev(TrackingStatus.CANCELLED, "09:00"),
                ev(TrackingStatus.COLLECTED, "10:00")));
        assertEquals(TrackingStatus.COLLECTED, moved.status());
        assertFalse(moved.isTerminal());
        ShipmentState stillCancelled = ShipmentState.fold(List.of(ev(TrackingStatus.CANCELLED, "09:00"),
                ev(TrackingStatus.LABEL_CREATED, "10:00")));
        assertEquals(TrackingStatus.CANCELLED, stillCancelled.status());
    }

    @Test
    void overlayExceptionFlagsTheMilestoneUntilTheNextMove() {
        ShipmentState delayed = ShipmentState.fold(List.of(ev(TrackingStatus.IN_TRANSIT, "10:00"),
                ev(TrackingStatus.EXCEPTION, Reason.DELAYED, "11:00")));
        assertEquals(TrackingStatus.IN_TRANSIT, delayed.status());
        assertEquals(Reason.DELAYED, delayed.flag());
        ShipmentState movedOn = delayed.merge(ev(TrackingStatus.OUT_FOR_DELIVERY, "12:00"));
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, movedOn.status());
        assertNull(movedOn.flag());
    }

    @Test
    void lostIsTerminalDamagedIsNot() {
        ShipmentState lost = ShipmentState.fold(List.of(ev(TrackingStatus.EXCEPTION, Reason.LOST, "10:00"),
                ev(TrackingStatus.IN_TRANSIT, "11:00")));
        assertEquals(TrackingStatus.EXCEPTION, lost.status());
        assertEquals(Reason.LOST, lost.reason());
        ShipmentState damaged = ShipmentState.fold(List.of(ev(TrackingStatus.EXCEPTION, Reason.DAMAGED, "10:00"),
                ev(TrackingStatus.IN_TRANSIT, "11:00")));
        assertEquals(TrackingStatus.IN_TRANSIT, damaged.status());
    }

    @Test
    void backAndForthAmongMidRanksFollowsTime() {
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.READY_FOR_PICKUP, "10:00"),
                ev(TrackingStatus.IN_TRANSIT, "11:00")));
        assertEquals(TrackingStatus.IN_TRANSIT, s.status());
    }

    @Test
    void infoAndUnknownNeverMoveTheStatus() {
        CanonicalEvent info = EventBuilder.from("generic").dedupeKey("i").waybill("W1").kind(EventKind.INFO)
                .occurredAt(Instant.parse("2026-11-20T13:00:00Z")).build();
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.OUT_FOR_DELIVERY, "10:00"), info,
                ev(TrackingStatus.UNKNOWN, "14:00")));
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, s.status());
        assertEquals(Instant.parse("2026-11-20T14:00:00Z"), s.lastEventAt());
    }

    @Test
    void sameInstantTieBreaksOnRank() {
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.OUT_FOR_DELIVERY, "10:00"),
                ev(TrackingStatus.IN_TRANSIT, "10:00")));
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, s.status());
    }

    @Test
    void revocationRemovesTheRevokedEvent() {
        CanonicalEvent delivered = ev(TrackingStatus.DELIVERED, "12:00");
        CanonicalEvent revoke = EventBuilder.from("generic").dedupeKey("r").waybill("W1").kind(EventKind.REVOKE)
                .revokes(delivered.dedupeKey()).occurredAt(Instant.parse("2026-11-20T12:30:00Z")).build();
        ShipmentState s = ShipmentState.fold(List.of(ev(TrackingStatus.OUT_FOR_DELIVERY, "10:00"), delivered, revoke));
        assertEquals(TrackingStatus.OUT_FOR_DELIVERY, s.status());
        assertTrue(s.hasRevocations());
    }

    @Test
    void noEventsMeansUnknown() {
        assertEquals(TrackingStatus.UNKNOWN, ShipmentState.EMPTY.status());
        assertNull(ShipmentState.EMPTY.current());
    }
}
