package pl.trackbridge.kpi;

import java.util.Map;
import java.util.TreeMap;

/**
 * Numerator, denominator and (TRACKING_TIMELINESS) the latency multiset of a cell or a sum of cells. Additive, so
 * deltas can be applied with DynamoDB ADD and rolling windows are plain sums; percentiles stay exact because the
 * multiset (counts per latency in ms) is kept, not a summary.
 */
public final class Tally {
    private long num;
    private long den;
    private final TreeMap<Long, Long> latencies = new TreeMap<>();

    public long num() {
        return num;
    }

    public long den() {
        return den;
    }

    /** Counts per latency (ms); entries whose count is 0 are absent. */
    public Map<Long, Long> latencies() {
        return latencies;
    }

    public Tally add(long n, long d) {
        num += n;
        den += d;
        return this;
    }

    public Tally addLatency(long ms, long count) {
        long c = latencies.merge(ms, count, Long::sum);
        if (c == 0) {
            latencies.remove(ms);
        }
        return this;
    }

    public Tally add(Tally other) {
        add(other.num, other.den);
        other.latencies.forEach(this::addLatency);
        return this;
    }

    public boolean isZero() {
        return num == 0 && den == 0 && latencies.isEmpty();
    }

    /** num / den, null when the denominator is 0 (DESIGN §4). */
    public Double rate() {
        return den == 0 ? null : (double) num / den;
    }

    /** Nearest-rank percentile of the latencies (ms): the value at rank ceil(p/100 × n); null without samples. */
    public Long percentile(int p) {
        long n = latencies.values().stream().mapToLong(Long::longValue).sum();
        if (n <= 0) {
            return null;
        }
        long rank = Math.max(1, (long) Math.ceil(p / 100.0 * n));
        long seen = 0;
        for (Map.Entry<Long, Long> e : latencies.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) {
                return e.getKey();
            }
        }
        return latencies.lastKey();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Tally t && t.num == num && t.den == den && t.latencies.equals(latencies);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(num * 31 + den) ^ latencies.hashCode();
    }

    @Override
    public String toString() {
        return num + "/" + den + (latencies.isEmpty() ? "" : " " + latencies);
    }
}
