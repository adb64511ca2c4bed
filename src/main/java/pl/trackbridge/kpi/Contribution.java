package pl.trackbridge.kpi;

import java.time.LocalDate;

/**
 * One order's part in one daily KPI cell: it is in the denominator once, in the numerator when {@code hit}.
 *
 * @param latencyMs TRACKING_TIMELINESS only: Allegro's acceptance minus the triggering event, null when never accepted
 */
public record Contribution(Kpi kpi, LocalDate day, boolean hit, Long latencyMs) {

    /** Compact text form kept on the order's KPI item (what was applied to the cells). */
    public String encode() {
        return kpi.name() + "|" + day + "|" + (hit ? 1 : 0) + "|" + (latencyMs == null ? "" : latencyMs.toString());
    }

    public static Contribution decode(String s) {
        String[] p = s.split("\\|", -1);
        return new Contribution(Kpi.valueOf(p[0]), LocalDate.parse(p[1]), "1".equals(p[2]),
                p[3].isEmpty() ? null : Long.valueOf(p[3]));
    }
}
