package pl.trackbridge.kpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Reads the KPIs: daily cells, rolling 7/30-day values (sums of numerators over sums of denominators) per KPI,
 * in total and per carrier, with Allegro's own daily sales-quality score beside them. One Query per request.
 */
public final class KpiQuery {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KpiStore store;
    private final SaleQualityStore saleQuality;

    public KpiQuery(KpiStore store, SaleQualityStore saleQuality) {
        this.store = store;
        this.saleQuality = saleQuality;
    }

    /**
     * One KPI's rolling values at day D: windows D−6…D and D−29…D, and the daily rates of D−6…D (oldest first,
     * null where a day's denominator is 0) for a trend.
     */
    public record Rolling(long num7, long den7, long num30, long den30, List<Double> daily7, List<Day> days7) {
        public Double rate7() {
            return den7 == 0 ? null : (double) num7 / den7;
        }

        public Double rate30() {
            return den30 == 0 ? null : (double) num30 / den30;
        }
    }

    /** One day's cell of the account's totals: numerator and denominator (0/0 without data). */
    public record Day(LocalDate day, long num, long den) {
    }

    /** The account's rolling values at {@code day}, every KPI present (0/0 without data): for alerts. */
    public Map<Kpi, Rolling> rolling(String accountId, LocalDate day) {
        Cells cells = store.cells(accountId, day.minusDays(29), day);
        Map<Kpi, Rolling> out = new EnumMap<>(Kpi.class);
        for (Kpi kpi : Kpi.values()) {
            Tally w7 = window(cells, kpi, Cells.TOTAL, day, 7);
            Tally w30 = window(cells, kpi, Cells.TOTAL, day, 30);
            List<Double> daily = new ArrayList<>();
            List<Day> days = new ArrayList<>();
            for (int i = 6; i >= 0; i--) {
                Tally t = cells.get(new Cells.Key(day.minusDays(i), kpi, Cells.TOTAL));
                daily.add(t == null ? null : t.rate());
                days.add(new Day(day.minusDays(i), t == null ? 0 : t.num(), t == null ? 0 : t.den()));
            }
            out.put(kpi, new Rolling(w7.num(), w7.den(), w30.num(), w30.den(), Collections.unmodifiableList(daily),
                    List.copyOf(days)));
        }
        return out;
    }

    /** The report of {@code GET /accounts/{id}/kpis}: per day in {@code [from, to]} and KPI, totals and per carrier. */
    public ObjectNode report(String accountId, String timeZone, LocalDate from, LocalDate to) {
        Cells cells = store.cells(accountId, from.minusDays(29), to);
        TreeSet<String> carriers = new TreeSet<>();
        cells.asMap().keySet().forEach(k -> {
            if (!Cells.TOTAL.equals(k.carrier())) {
                carriers.add(k.carrier());
            }
        });
        Map<LocalDate, SaleQuality> quality = new HashMap<>();
        if (saleQuality != null) {
            saleQuality.between(accountId, from, to).forEach(q -> quality.put(q.day(), q));
        }
        ObjectNode root = JSON.createObjectNode();
        root.put("accountId", accountId);
        root.put("timeZone", timeZone);
        root.put("from", from.toString());
        root.put("to", to.toString());
        var days = root.putArray("days");
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
            ObjectNode day = days.addObject();
            day.put("day", d.toString());
            ObjectNode kpis = day.putObject("kpis");
            for (Kpi kpi : Kpi.values()) {
                ObjectNode k = kpis.putObject(kpi.name());
                values(k, cells, kpi, Cells.TOTAL, d);
                ObjectNode perCarrier = k.putObject("carriers");
                for (String c : carriers) {
                    values(perCarrier.putObject(c), cells, kpi, c, d);
                }
            }
            SaleQuality q = quality.get(d);
            if (q != null) {
                ObjectNode sq = day.putObject("allegroSaleQuality");
                sq.put("score", q.score());
                sq.put("maxScore", q.maxScore());
                sq.put("grade", q.grade());
            } else {
                day.putNull("allegroSaleQuality");
            }
        }
        return root;
    }

    private static void values(ObjectNode node, Cells cells, Kpi kpi, String carrier, LocalDate day) {
        Tally daily = cells.get(new Cells.Key(day, kpi, carrier));
        put(node, kpi, daily == null ? new Tally() : daily);
        put(node.putObject("rolling7"), kpi, window(cells, kpi, carrier, day, 7));
        put(node.putObject("rolling30"), kpi, window(cells, kpi, carrier, day, 30));
    }

    private static void put(ObjectNode node, Kpi kpi, Tally t) {
        node.put("numerator", t.num());
        node.put("denominator", t.den());
        if (t.rate() == null) {
            node.putNull("rate");
        } else {
            node.put("rate", t.rate());
        }
        if (kpi == Kpi.TRACKING_TIMELINESS) {
            Long p50 = t.percentile(50), p95 = t.percentile(95);
            if (p50 == null) {
                node.putNull("p50LatencyMs");
                node.putNull("p95LatencyMs");
            } else {
                node.put("p50LatencyMs", p50);
                node.put("p95LatencyMs", p95);
            }
        }
    }

    /** Sum of the cells D−(n−1)…D. */
    static Tally window(Cells cells, Kpi kpi, String carrier, LocalDate day, int n) {
        Tally sum = new Tally();
        for (int i = 0; i < n; i++) {
            Tally t = cells.get(new Cells.Key(day.minusDays(i), kpi, carrier));
            if (t != null) {
                sum.add(t);
            }
        }
        return sum;
    }
}
