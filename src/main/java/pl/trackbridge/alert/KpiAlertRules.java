package pl.trackbridge.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The KPI alert state machine (DESIGN §5), pure: from one KPI's reading, its lines and the two stored alerts of
 * that KPI (WARN and BREACH, either possibly absent or resolved), the writes to make.
 *
 * <ul>
 * <li>Below the minimum 7-day sample nothing is raised or cleared: "insufficient data".</li>
 * <li>Past the breach line: BREACH opens (an escalation when WARN is open). Past only the warn line: WARN opens,
 * unless BREACH is already open.</li>
 * <li>Hysteresis: an open level is cleared only once the value is back past the warn line (not past it any more),
 * so a BREACH between the two lines stays open. Both levels clear together, with one RESOLVED notice.</li>
 * <li>While open, the highest open level is re-notified once a day.</li>
 * </ul>
 */
public final class KpiAlertRules {
    public enum Status { OK, WARN, BREACH, INSUFFICIENT_DATA }

    /** What to write: alerts to create (version 1) and next versions of stored alerts. */
    public record Outcome(Status status, List<Alert> creates, List<Alert> updates) {
        public boolean changes() {
            return !creates.isEmpty() || !updates.isEmpty();
        }
    }

    private final Duration reminderEvery;

    public KpiAlertRules(Duration reminderEvery) {
        this.reminderEvery = reminderEvery;
    }

    /**
     * @param reading null when the roll-up has no row for the KPI (treated as no data)
     * @param warn    the stored WARN alert of this KPI, or null
     * @param breach  the stored BREACH alert of this KPI, or null
     */
    public Outcome evaluate(String accountId, KpiThreshold t, KpiReading reading, Alert warn, Alert breach, Instant now) {
        Alert openWarn = warn != null && warn.isOpen() ? warn : null;
        Alert openBreach = breach != null && breach.isOpen() ? breach : null;
        List<Alert> creates = new ArrayList<>();
        List<Alert> updates = new ArrayList<>();
        long num = reading == null ? 0 : reading.numerator7();
        long den = reading == null ? 0 : reading.denominator7();
        Map<String, String> details = details(t, reading);
        Status status;
        if (den < Math.max(1, t.minSample())) {
            status = Status.INSUFFICIENT_DATA;
        } else if (t.pastBreach(num, den)) {
            status = Status.BREACH;
        } else if (t.pastWarn(num, den)) {
            status = Status.WARN;
        } else {
            status = Status.OK;
        }
        details.put("status", status.name());
        switch (status) {
            case BREACH -> {
                if (openBreach == null) {
                    creates.add(raise(accountId, t, Alert.BREACH, details, now,
                            openWarn != null ? Alert.NOTICE_ESCALATED : Alert.NOTICE_RAISED));
                } else {
                    remind(openBreach, details, now, updates);
                }
            }
            case WARN -> {
                if (openBreach != null) {
                    remind(openBreach, details, now, updates); // hysteresis: the breach stays until back past warn
                } else if (openWarn == null) {
                    creates.add(raise(accountId, t, Alert.WARN, details, now, Alert.NOTICE_RAISED));
                } else {
                    remind(openWarn, details, now, updates);
                }
            }
            case OK -> {
                // the highest open level carries the one RESOLVED notice; the other clears silently
                if (openBreach != null) {
                    updates.add(openBreach.resolved(Alert.NOTICE_RESOLVED, details, now));
                    if (openWarn != null) {
                        updates.add(openWarn.resolved(null, details, now));
                    }
                } else if (openWarn != null) {
                    updates.add(openWarn.resolved(Alert.NOTICE_RESOLVED, details, now));
                }
            }
            case INSUFFICIENT_DATA -> {
                Alert highest = openBreach != null ? openBreach : openWarn;
                if (highest != null) {
                    remind(highest, details, now, updates);
                }
            }
        }
        return new Outcome(status, creates, updates);
    }

    private void remind(Alert open, Map<String, String> details, Instant now, List<Alert> updates) {
        if (open.pendingNotice() == null && open.lastNotifiedAt() != null
                && !now.isBefore(open.lastNotifiedAt().plus(reminderEvery))) {
            updates.add(open.next(open.status(), details, now, null, Alert.NOTICE_REMINDER, null, open.lastNotifiedAt(),
                    open.level(), open.severity()));
        }
    }

    private static Alert raise(String accountId, KpiThreshold t, String level, Map<String, String> details, Instant now,
            String notice) {
        return new Alert(accountId, Alert.kpiKey(t.kpi(), level), Alert.KPI, level,
                Alert.BREACH.equals(level) ? "CRITICAL" : "WARNING", Alert.OPEN, t.kpi(), null, null, details, now, now,
                null, null, notice, null, 1);
    }

    /** The figures a message shows: 7-day value against the lines, 30-day beside, the daily trend. */
    static Map<String, String> details(KpiThreshold t, KpiReading r) {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("kpi", t.kpi());
        d.put("warn", pct(t.warn()));
        d.put("breach", pct(t.breach()));
        d.put("lowerIsBetter", Boolean.toString(t.lowerIsBetter()));
        d.put("minSample", Integer.toString(t.minSample()));
        if (r == null) {
            return d;
        }
        d.put("day", r.day().toString());
        d.put("numerator7", Long.toString(r.numerator7()));
        d.put("denominator7", Long.toString(r.denominator7()));
        d.put("numerator30", Long.toString(r.numerator30()));
        d.put("denominator30", Long.toString(r.denominator30()));
        if (r.rate7Percent() != null) {
            d.put("rate7", pct(r.rate7Percent()));
        }
        if (r.rate30Percent() != null) {
            d.put("rate30", pct(r.rate30Percent()));
        }
        StringBuilder trend = new StringBuilder();
        for (KpiReading.Daily day : r.trend()) {
            if (!trend.isEmpty()) {
                trend.append(';');
            }
            trend.append(day.day()).append('=').append(day.ratePercent() == null ? "-" : pct(day.ratePercent()))
                    .append('(').append(day.numerator()).append('/').append(day.denominator()).append(')');
        }
        d.put("trend", trend.toString());
        return d;
    }

    static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f", v).replaceAll("\\.?0+$", "");
    }
}
