package pl.trackbridge.alert;

import java.time.LocalDate;
import java.util.List;

/**
 * One KPI of one account on local day D as the roll-up stores it: numerators and denominators of the rolling
 * 7-day (D−6…D) and 30-day (D−29…D) windows, and each day of the last seven for the trend.
 */
public record KpiReading(String kpi, LocalDate day, long numerator7, long denominator7, long numerator30,
        long denominator30, List<Daily> trend) {

    public KpiReading {
        trend = trend == null ? List.of() : List.copyOf(trend);
    }

    /** A day's numerator and denominator (0/0 for a day without data). */
    public record Daily(LocalDate day, long numerator, long denominator) {
        public Double ratePercent() {
            return denominator == 0 ? null : 100.0 * numerator / denominator;
        }
    }

    /** Null when the denominator is 0 (DESIGN §4). */
    public Double rate7Percent() {
        return denominator7 == 0 ? null : 100.0 * numerator7 / denominator7;
    }

    public Double rate30Percent() {
        return denominator30 == 0 ? null : 100.0 * numerator30 / denominator30;
    }
}
