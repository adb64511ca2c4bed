package pl.trackbridge.store;

/**
 * The outcome of appending one delivery's events for one shipment.
 *
 * @param before the shipment before the append (an empty record if it did not exist)
 * @param after  the shipment after it (same as before when everything was a duplicate)
 */
public record AppendResult(int accepted, int duplicates, ShipmentRecord before, ShipmentRecord after) {

    /** Handover evidence appeared with this append: Allegro must now learn of the shipment. */
    public boolean handoverStarted() {
        return before.state().firstScanAt() == null && after.state().firstScanAt() != null;
    }
}
