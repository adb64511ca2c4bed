package pl.trackbridge.reconciliation;

import java.time.LocalDate;
import java.util.Optional;

/** Reconciliation reports per account and day. */
public interface ReconciliationStore {
    /** Merges a run into the day's report: sets grow (never twice the same entry), {@code missing} is replaced. */
    void merge(ReconciliationReport run);

    Optional<ReconciliationReport> find(String accountId, LocalDate date);
}
