package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The KPI roll-up's own state: dirty marks (written by the stores that change KPI inputs), what each order
 * last contributed (so a recompute applies only the difference), and the daily cells. Every read follows a key.
 */
public interface KpiStore {

    /**
     * A change to recompute: an order ({@code ORDER}, with the waybills registrations named) or a waybill
     * ({@code WAYBILL}). Deleted only while its {@code nonce} is the one read: a newer change keeps it.
     */
    record Mark(String accountId, String kind, String ref, Set<String> waybills, String nonce, String key) {
        public static final String ORDER = "O";
        public static final String WAYBILL = "W";
    }

    /**
     * What the cells hold of one order, and the waybills registered for it so far.
     *
     * @param version 0 when the order was never applied
     */
    record Applied(long version, Set<String> waybills, OrderKpis kpis) {
        public static final Applied NONE = new Applied(0, Set.of(), OrderKpis.NONE);

        /** What {@link #apply} did: the orders whose state and deltas were written, the marks it deleted. */
        public record Result(Set<String> written, Set<String> clearedMarks) {
        }
    }

    /**
     * One order's new contributions and the difference to ADD to the cells, written only if the order's
     * applied version is still {@code expectedVersion} (two roll-ups never apply the same delta twice).
     */
    record Update(String orderId, long expectedVersion, Set<String> waybills, OrderKpis kpis, Cells delta,
            List<Mark> clears) {
    }

    int shards();

    /** Up to {@code limit} marks of one shard, one account's marks together. */
    List<Mark> marks(int shard, int limit);

    Map<String, Applied> applied(String accountId, Collection<String> orderIds);

    /**
     * Applies the updates: each order's new state and its cell deltas atomically (several orders per transaction),
     * then deletes the {@code clears} marks of the orders written, each only on the nonce read (a mark left by a
     * crash in between is recomputed to no difference); returns the order ids written.
     */
    Applied.Result apply(String accountId, List<Update> updates);

    /**
     * Deletes these marks where their nonce is still the one read (a newer change keeps its mark); returns the
     * keys of the marks deleted.
     */
    Set<String> clear(List<Mark> marks);

    /** For each waybill, the orders it is registered for (kept by the registration store beside the marks). */
    Map<String, Set<String>> ordersOfWaybills(String accountId, Collection<String> waybills);

    /** The stored cells of an account's days {@code [from, to]} (one Query), zero cells omitted. */
    Cells cells(String accountId, LocalDate from, LocalDate to);

    /** The stored cells of the given days per account (keyed reads). */
    Map<String, Cells> cells(Map<String, Set<LocalDate>> daysByAccount);
}
