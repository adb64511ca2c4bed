package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cells keyed by (day, KPI, carrier): the account's totals under {@link #TOTAL}, each carrier under its id.
 * Built from order contributions; the difference of two such sets is what the roll-up ADDs to the stored cells.
 */
public final class Cells {
    public static final String TOTAL = "*";

    public record Key(LocalDate day, Kpi kpi, String carrier) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = day.compareTo(o.day);
            if (c == 0) {
                c = kpi.compareTo(o.kpi);
            }
            return c != 0 ? c : carrier.compareTo(o.carrier);
        }
    }

    private final TreeMap<Key, Tally> cells = new TreeMap<>();

    public Map<Key, Tally> asMap() {
        return cells;
    }

    public Tally get(Key key) {
        return cells.get(key);
    }

    /** Adds (sign 1) or takes away (sign -1) one order's contributions, to the totals and its carrier's cells. */
    public Cells add(OrderKpis order, int sign) {
        for (Contribution c : order.contributions()) {
            add(new Key(c.day(), c.kpi(), TOTAL), c, sign);
            if (order.carrier() != null) {
                add(new Key(c.day(), c.kpi(), order.carrier()), c, sign);
            }
        }
        return this;
    }

    private void add(Key key, Contribution c, int sign) {
        Tally t = cells.computeIfAbsent(key, k -> new Tally());
        t.add(c.hit() ? sign : 0, sign);
        if (c.latencyMs() != null) {
            t.addLatency(c.latencyMs(), sign);
        }
        if (t.isZero()) {
            cells.remove(key);
        }
    }

    public Cells add(Key key, Tally tally) {
        Tally t = cells.computeIfAbsent(key, k -> new Tally());
        t.add(tally);
        if (t.isZero()) {
            cells.remove(key);
        }
        return this;
    }

    /** new − old: what turns cells holding {@code before} into cells holding {@code after}. */
    public static Cells delta(OrderKpis before, OrderKpis after) {
        return new Cells().add(after, 1).add(before, -1);
    }

    public boolean isEmpty() {
        return cells.isEmpty();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Cells c && c.cells.equals(cells);
    }

    @Override
    public int hashCode() {
        return cells.hashCode();
    }

    @Override
    public String toString() {
        return cells.toString();
    }
}
