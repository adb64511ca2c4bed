package pl.trackbridge.reconciliation;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * One account's reconciliation on one day (the account's calendar). Repairs and adoptions are sets of stable
 * entries ({@code orderId/waybill/what}), so a repeated or concurrent run adds nothing twice; {@code missing} is
 * what the latest run still found missing, the input of the {@code RECONCILIATION_GAP} alert.
 *
 * @param ordersChecked orders whose dispatch deadline fell in the window
 * @param repaired      {@code orderId/waybill/WAYBILL} (re-posted), {@code …/FOUND} (on Allegro, our record caught
 *                      up without posting), {@code …/SENT} (SENT set after handover)
 * @param adopted       {@code orderId/waybill/carrierId}: waybills on Allegro we never sent, now the order's shipment
 */
public record ReconciliationReport(String accountId, LocalDate date, Instant runAt, Set<String> ordersChecked,
        Set<String> repaired, Set<String> adopted, List<Missing> missing, List<String> errors) {

    public ReconciliationReport {
        ordersChecked = new TreeSet<>(ordersChecked);
        repaired = new TreeSet<>(repaired);
        adopted = new TreeSet<>(adopted);
        missing = List.copyOf(missing);
        errors = List.copyOf(errors);
    }

    /**
     * Something that stays missing after the repairs.
     *
     * @param waybill null when the order has no waybill at all
     * @param reason  {@code NO_WAYBILL} (deadline passed, nothing on Allegro), {@code REJECTED} (Allegro refused our
     *                waybill: a person must act), {@code NOT_ACCEPTED_YET} (a repair is in flight or Allegro failed),
     *                {@code ABSENT_ON_ALLEGRO} (we recorded it accepted, Allegro does not show it), {@code SENT_MISSING}
     */
    public record Missing(String orderId, String waybill, String reason, Instant dispatchDeadline) {
    }
}
