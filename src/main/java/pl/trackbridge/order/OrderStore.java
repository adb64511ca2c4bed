package pl.trackbridge.order;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Persistence of orders. */
public interface OrderStore {
    Optional<Order> find(String accountId, String orderId);

    /**
     * Stores the order unless a later read of it is already stored ({@code fetchedAt}), so two syncs racing
     * on one order end with the newest copy whatever the order of their writes.
     *
     * @return whether this copy was written
     */
    boolean upsert(Order order);

    /** Orders of the account whose dispatch deadline is in {@code [from, to)}, by deadline (an index, never a scan). */
    List<Order> withDeadlineBetween(String accountId, Instant from, Instant to);
}
