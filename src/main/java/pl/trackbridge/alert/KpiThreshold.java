package pl.trackbridge.alert;

import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A KPI's alert lines in percent (DESIGN §4): {@code warn} (approaching) and {@code breach}, compared strictly
 * ({@code <}, or {@code >} where lower is better), and the minimum 7-day sample before any level is declared.
 * Comparisons are exact on numerator and denominator, never on a rounded rate: 97 of 100 is not below 97 %.
 */
public record KpiThreshold(String kpi, double warn, double breach, boolean lowerIsBetter, int minSample) {
    public static final int DEFAULT_MIN_SAMPLE = 20;

    /** DESIGN §4's table. */
    public static final Map<String, KpiThreshold> DEFAULTS = defaults();

    private static Map<String, KpiThreshold> defaults() {
        Map<String, KpiThreshold> m = new LinkedHashMap<>();
        for (KpiThreshold t : new KpiThreshold[] {
                new KpiThreshold("DISPATCH_ON_TIME", 97, 95, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("TRACKING_ON_TIME", 99, 98, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("TRACKING_UPLOAD", 99.5, 99, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("TRACKING_TIMELINESS", 98, 95, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("VALID_TRACKING", 97, 95, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("DELIVERED_ON_TIME", 95, 90, false, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("SELLER_CANCELLATION", 2, 2.5, true, DEFAULT_MIN_SAMPLE),
                new KpiThreshold("RETURN_RATE", 3, 5, true, DEFAULT_MIN_SAMPLE)}) {
            m.put(t.kpi(), t);
        }
        return Map.copyOf(m);
    }

    /**
     * The account's lines: the defaults, each overridden by {@code Account.thresholds()} ({@code PUT /accounts}:
     * {@code {"DISPATCH_ON_TIME": {"warn": 98, "breach": 96, "minSample": 30}}}, percent). Unknown KPI names are
     * ignored (they have no reading to compare).
     */
    public static Map<String, KpiThreshold> forAccount(Map<String, Map<String, Double>> overrides, int defaultMinSample) {
        Map<String, KpiThreshold> out = new LinkedHashMap<>();
        DEFAULTS.values().stream().sorted(java.util.Comparator.comparing(KpiThreshold::kpi)).forEach(d -> {
            Map<String, Double> o = overrides == null ? null : overrides.get(d.kpi());
            double warn = o != null && o.get("warn") != null ? o.get("warn") : d.warn();
            double breach = o != null && o.get("breach") != null ? o.get("breach") : d.breach();
            int min = o != null && o.get("minSample") != null ? o.get("minSample").intValue() : defaultMinSample;
            out.put(d.kpi(), new KpiThreshold(d.kpi(), warn, breach, d.lowerIsBetter(), min));
        });
        return out;
    }

    /** Past the warn line: strictly below it (strictly above where lower is better). */
    public boolean pastWarn(long numerator, long denominator) {
        return past(numerator, denominator, warn);
    }

    public boolean pastBreach(long numerator, long denominator) {
        return past(numerator, denominator, breach);
    }

    private boolean past(long numerator, long denominator, double linePercent) {
        if (denominator <= 0) {
            return false;
        }
        // numerator / denominator < line / 100  <=>  100 * numerator < line * denominator, in exact decimals
        int c = BigDecimal.valueOf(numerator).movePointRight(2).compareTo(BigDecimal.valueOf(linePercent).multiply(BigDecimal.valueOf(denominator)));
        return lowerIsBetter ? c > 0 : c < 0;
    }
}
