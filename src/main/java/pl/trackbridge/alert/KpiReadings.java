package pl.trackbridge.alert;

import java.time.LocalDate;
import java.util.Map;

/**
 * The KPI values the alerts compare, per account and local day: the alerts' own port onto the KPI roll-up's
 * store (issue 5), so the alert rules do not depend on how the roll-up keeps its rows.
 */
public interface KpiReadings {
    /** Per KPI name, the rolling values ending on {@code day}; KPIs without any row may be missing. */
    Map<String, KpiReading> read(String accountId, LocalDate day);
}
