package pl.trackbridge.store.dynamodb;

import java.util.Map;
import java.util.TreeMap;
import pl.trackbridge.kpi.OrderKpis;

/**
 * What the roll-up applied to the cells, per order, kept together for the orders of one account, anchor day and
 * bucket ({@code applied#{account}#{yyyy-MM-dd}} / {@code {bucket}}, docs/storage.md "KPIs") in one string attribute
 * {@code o}: a line per order, {@code orderId TAB changeCount TAB carrier TAB contributions} ({@link EntryCodec}).
 * One item for many orders because the roll-up then writes a few items per account instead of one per order.
 */
final class AppliedCodec {
    /** What one order applied: its item's change count when read, and its contributions then. */
    record Entry(long changeCount, OrderKpis kpis) {
    }

    private AppliedCodec() {
    }

    static String encode(Map<String, Entry> entries) {
        StringBuilder b = new StringBuilder(entries.size() * 160);
        for (Map.Entry<String, Entry> e : new TreeMap<>(entries).entrySet()) {
            String orderId = e.getKey();
            if (orderId.indexOf('\t') >= 0 || orderId.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("an order id with a tab or line break: " + orderId);
            }
            OrderKpis k = e.getValue().kpis();
            b.append(orderId).append('\t').append(e.getValue().changeCount()).append('\t')
                    .append(k.carrier() == null ? "" : k.carrier()).append('\t')
                    .append(EntryCodec.encode(k.contributions())).append('\n');
        }
        return b.toString();
    }

    static Map<String, Entry> decode(String text) {
        Map<String, Entry> out = new TreeMap<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        for (String line : text.split("\n")) {
            String[] f = line.split("\t", -1);
            if (f.length != 4) {
                throw new IllegalArgumentException("not an applied entry: " + line);
            }
            try {
                out.put(f[0], new Entry(Long.parseLong(f[1]),
                        new OrderKpis(f[2].isEmpty() ? null : f[2], EntryCodec.decode(f[3]))));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("not an applied entry: " + line, e);
            }
        }
        return out;
    }
}
