package pl.trackbridge.alert;

import java.util.List;
import java.util.Optional;

/** Persistence of alerts, one item per account and key; every write is conditional. */
public interface AlertStore {

    /**
     * Stores a new alert (version 1) unless one with its key exists; when {@code replaceResolved}, a RESOLVED one
     * may be replaced (a KPI level opens again later: a new episode under the same key).
     *
     * @return whether this call stored it
     */
    boolean create(Alert alert, boolean replaceResolved);

    /** Stores {@code next} only if the stored version is {@code next.version() - 1}. */
    boolean update(Alert next);

    Optional<Alert> find(String accountId, String key);

    /** The account's KPI alerts, open or not (one read of the account's KPI keys, consistent). */
    List<Alert> kpiAlerts(String accountId);

    /** The account's open alerts and those with a notice still to send (an index designed for it). */
    List<Alert> openOrPending(String accountId);

    /** Open and recently resolved alerts, newest first (resolved ones expire after a while). */
    List<Alert> recent(String accountId, int limit);

    /** Until when the account's order deadlines were checked (the order alerts' cursor), if ever. */
    Optional<java.time.Instant> ordersCheckedUntil(String accountId);

    /** Moves the cursor forward to {@code until} (never back: a slower concurrent run cannot undo a faster one). */
    void advanceOrdersChecked(String accountId, java.time.Instant until);
}
