package pl.trackbridge.store.dynamodb;

import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import pl.trackbridge.kpi.Cells;
import pl.trackbridge.kpi.Kpi;
import pl.trackbridge.kpi.Tally;

/**
 * One account-day's cells as one compact string attribute: a line per (KPI, carrier), {@code KPI|carrier|n|d} and,
 * for latencies, {@code |ms:count,ms:count…}. One attribute instead of one per cell and latency keeps the item small
 * (about 10 bytes per distinct latency instead of about 67) and its write cheap: DynamoDB Local's cost of an
 * {@code ADD} grows with the number of attributes it touches, and this item is rewritten by every roll-up group.
 */
final class CellCodec {
    private CellCodec() {
    }

    /** The cells of {@code day} in {@code cells}, zero tallies left out. */
    static String encode(Cells cells, LocalDate day) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<Cells.Key, Tally> e : new TreeMap<>(cells.asMap()).entrySet()) {
            Tally t = e.getValue();
            if (!e.getKey().day().equals(day) || t.isZero()) {
                continue;
            }
            b.append(e.getKey().kpi().name()).append('|').append(e.getKey().carrier()).append('|').append(t.num())
                    .append('|').append(t.den());
            if (!t.latencies().isEmpty()) {
                b.append('|');
                boolean first = true;
                for (Map.Entry<Long, Long> l : new TreeMap<>(t.latencies()).entrySet()) {
                    if (l.getValue() == 0) {
                        continue;
                    }
                    if (!first) {
                        b.append(',');
                    }
                    b.append(l.getKey()).append(':').append(l.getValue());
                    first = false;
                }
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Adds the cells encoded in {@code text} for {@code day} to {@code into}. */
    static void decode(String text, LocalDate day, Cells into) {
        if (text == null) {
            return;
        }
        for (String line : text.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] p = line.split("\\|", -1);
            Tally t = new Tally().add(Long.parseLong(p[2]), Long.parseLong(p[3]));
            if (p.length > 4 && !p[4].isEmpty()) {
                for (String l : p[4].split(",")) {
                    int colon = l.indexOf(':');
                    t.addLatency(Long.parseLong(l.substring(0, colon)), Long.parseLong(l.substring(colon + 1)));
                }
            }
            into.add(new Cells.Key(day, Kpi.valueOf(p[0]), p[1]), t);
        }
    }
}
