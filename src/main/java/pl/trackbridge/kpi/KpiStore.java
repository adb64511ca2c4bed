package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KPI roll-up's own state: one item per order holding the order's KPI inputs (copied there by every write that
 * changes one, in the same transaction), what the order last contributed to the cells (so a recompute applies only
 * the difference), and whether it changed since (dirty); and the daily cells. Every read follows a key or the
 * dirty index.
 */
public interface KpiStore {

    /**
     * What the cells hold of one order.
     *
     * @param version 0 when the order was never applied
     */
    record Applied(long version, OrderKpis kpis) {
        public static final Applied NONE = new Applied(0, OrderKpis.NONE);
    }

    /**
     * An order whose KPI inputs changed since the roll-up last applied it.
     *
     * @param facts its inputs as its writers copied them; null while order-sync has not stored the order (it then
     *              counts nowhere, its registrations are kept for when it arrives)
     * @param nonce the change read: the write-back is conditional on it, so a change arriving meanwhile stays dirty
     * @param item  the store's own copy of what it read, handed back in the {@link Update} (DynamoDB: the item, put
     *              back whole, which DynamoDB Local applies faster than an update expression); opaque to the roll-up
     */
    record Dirty(String accountId, String orderId, String nonce, Applied applied, OrderFacts facts, Object item) {
    }

    /** A page of one shard's dirty orders, one account's together; {@code next} is null after the last page. */
    record Page(List<Dirty> orders, String next) {
    }

    /**
     * One order's new contributions and the difference to ADD to the cells, written only if the order's item is
     * still as read, at {@code expectedVersion} and {@code nonce} (two roll-ups never apply the same delta twice, and
     * a change written since the read keeps the order dirty; DynamoDB checks the nonce alone, which every write of the
     * item changes, the roll-up's too). The write takes the order out of the dirty index.
     */
    record Update(String orderId, long expectedVersion, String nonce, OrderKpis kpis, Cells delta, Object item) {
    }

    int shards();

    /** Up to {@code limit} dirty orders of one shard, after {@code cursor} (null: from the start). */
    Page dirty(int shard, String cursor, int limit);

    /**
     * Applies the updates: each order's new state and its cell deltas atomically (several orders per transaction);
     * returns the order ids written (an order whose condition failed is left dirty).
     */
    Set<String> apply(String accountId, List<Update> updates);

    /** The stored cells of an account's days {@code [from, to]} (one Query), zero cells omitted. */
    Cells cells(String accountId, LocalDate from, LocalDate to);

    /** The stored cells of the given days per account (keyed reads). */
    Map<String, Cells> cells(Map<String, Set<LocalDate>> daysByAccount);
}
