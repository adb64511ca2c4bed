package pl.trackbridge.store.dynamodb;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pl.trackbridge.kpi.Contribution;
import pl.trackbridge.kpi.Kpi;

/**
 * What an order contributes to the cells, as one short string (a field of its line in an applied item,
 * {@link AppliedCodec}): per local day
 * {@code yyyy-MM-dd:} then {@code code hit [=latencyMs]} per contribution, comma-separated, days separated by
 * {@code ;}, e.g. {@code 2026-11-20:DO1,TO1,TT1=20000;2026-11-22:DE0}. About 90 bytes for a delivered order instead
 * of about 290 as a list of {@link Contribution#encode()} strings: the item is read and written whole by every
 * roll-up that touches its account and day (docs/storage.md "KPIs"). The codes are storage, fixed here, not the enum's order.
 */
final class EntryCodec {
    private static final Map<Kpi, String> CODES = new EnumMap<>(Map.of(Kpi.DISPATCH_ON_TIME, "DO",
            Kpi.TRACKING_ON_TIME, "TO", Kpi.TRACKING_UPLOAD, "TU", Kpi.TRACKING_TIMELINESS, "TT", Kpi.VALID_TRACKING, "VT",
            Kpi.DELIVERED_ON_TIME, "DE", Kpi.SELLER_CANCELLATION, "SC", Kpi.RETURN_RATE, "RR"));
    private static final Map<String, Kpi> BY_CODE = new HashMap<>();

    static {
        CODES.forEach((k, c) -> BY_CODE.put(c, k));
        if (CODES.size() != Kpi.values().length || BY_CODE.size() != CODES.size()) {
            throw new ExceptionInInitializerError("every KPI needs its own storage code");
        }
    }

    private EntryCodec() {
    }

    static String encode(List<Contribution> contributions) {
        Map<LocalDate, StringBuilder> byDay = new LinkedHashMap<>();
        for (Contribution c : contributions) {
            StringBuilder b = byDay.computeIfAbsent(c.day(), d -> new StringBuilder());
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(CODES.get(c.kpi())).append(c.hit() ? '1' : '0');
            if (c.latencyMs() != null) {
                b.append('=').append(c.latencyMs());
            }
        }
        StringBuilder out = new StringBuilder();
        byDay.forEach((day, b) -> {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(day).append(':').append(b);
        });
        return out.toString();
    }

    static List<Contribution> decode(String text) {
        List<Contribution> out = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return out;
        }
        try {
            for (String dayPart : text.split(";", -1)) {
                int colon = dayPart.indexOf(':');
                LocalDate day = LocalDate.parse(dayPart.substring(0, colon));
                for (String e : dayPart.substring(colon + 1).split(",", -1)) {
                    Kpi kpi = BY_CODE.get(e.substring(0, 2));
                    if (kpi == null || (e.charAt(2) != '1' && e.charAt(2) != '0')) {
                        throw new IllegalArgumentException("unknown KPI code or hit in '" + e + "'");
                    }
                    int eq = e.indexOf('=');
                    out.add(new Contribution(kpi, day, e.charAt(2) == '1', eq < 0 ? null : Long.valueOf(e.substring(eq + 1))));
                }
            }
        } catch (IndexOutOfBoundsException | java.time.DateTimeException e) { // NumberFormatException is one already
            throw new IllegalArgumentException("not an encoded list of contributions: '" + text + "'", e);
        }
        return out;
    }
}
