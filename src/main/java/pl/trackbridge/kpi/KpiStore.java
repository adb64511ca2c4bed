package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KPI roll-up's own state: per order its KPI inputs (copied there by every write that changes one, in the same
 * transaction, with a mark that the order changed), what the order last contributed to the cells (so a recompute
 * applies only the difference), and the daily cells. Every read follows a key.
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
     * @param nonce the change read (DynamoDB: the item's change count): a state older than the one applied is never
     *              applied over it
     * @param item  the store's own note of what it read, handed back in the {@link Update}; opaque to the roll-up
     */
    record Dirty(String accountId, String orderId, String nonce, Applied applied, OrderFacts facts, Object item) {
    }

    /**
     * A page of one shard's changed orders, one account's together; {@code next} is null after the last page. With
     * {@code completes} set, this page ends a change set: once every order read up to here is applied, the roll-up
     * says so ({@link #completed}) and no later run reads that set again.
     */
    record Page(List<Dirty> orders, String next, String completes) {
    }

    /**
     * One order's new contributions and the difference to ADD to the cells, applied only over what was applied when
     * read ({@code expectedVersion}, {@code nonce}): two roll-ups never apply the same delta twice. (DynamoDB keeps
     * what each order applied with its change count, and recomputes the difference if another run wrote meanwhile.)
     */
    record Update(String orderId, long expectedVersion, String nonce, OrderKpis kpis, Cells delta, Object item) {
    }

    int shards();

    /**
     * Up to {@code limit} changed orders of one shard, after {@code cursor}; null starts a pass (DynamoDB: closes the
     * shard's open change set; changes written after that wait for the next run).
     */
    Page dirty(int shard, String cursor, int limit);

    /**
     * Starts a run: closes every shard's open change set (DynamoDB: writers move on to the next one) and returns per
     * shard the cursor its pass starts from in {@link #dirty}. Null: each shard's pass starts from a null cursor.
     */
    default List<String> closeChangeSets() {
        return null;
    }

    /** Every order of the change set a page {@link Page#completes} has been applied: it need not be read again. */
    default void completed(int shard, String changeSet) {
    }

    /**
     * Orders read but not applied (their account failed, or other runs kept winning) are marked changed again, in
     * the open change set, so the set being read can still be completed; the next run reads them. False if the store
     * cannot: the set is then read again as a whole.
     */
    default boolean defer(int shard, String accountId, List<String> orderIds) {
        return false;
    }

    /**
     * Applies the updates: each order's new state and its cell deltas atomically (several orders per transaction);
     * returns the order ids applied (the others are read again by the next run).
     */
    Set<String> apply(String accountId, List<Update> updates);

    /** The stored cells of an account's days {@code [from, to]} (one Query), zero cells omitted. */
    Cells cells(String accountId, LocalDate from, LocalDate to);

    /** The stored cells of the given days per account (keyed reads). */
    Map<String, Cells> cells(Map<String, Set<LocalDate>> daysByAccount);
}
