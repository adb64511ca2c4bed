package pl.trackbridge.kpi;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * CloudWatch Embedded Metric Format: one JSON line per account, day and KPI on stdout, which Lambda's log
 * group turns into metrics (namespace {@code TrackBridge}, dimensions account and kpi) for the dashboard.
 * Emitted for the days a roll-up changed, with the day's current totals.
 */
public final class KpiMetrics {
    public static final String NAMESPACE = "TrackBridge";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Consumer<String> out;

    public KpiMetrics(Consumer<String> out) {
        this.out = out;
    }

    public static KpiMetrics stdout() {
        return new KpiMetrics(System.out::println);
    }

    void emit(Map<String, Cells> cellsByAccount, Instant now) {
        cellsByAccount.forEach((account, cells) -> {
            Map<LocalDate, Map<Kpi, Tally>> totals = new TreeMap<>();
            cells.asMap().forEach((k, t) -> {
                if (Cells.TOTAL.equals(k.carrier())) {
                    totals.computeIfAbsent(k.day(), d -> new TreeMap<>()).put(k.kpi(), t);
                }
            });
            totals.forEach((day, byKpi) -> byKpi.forEach((kpi, t) -> out.accept(line(account, day, kpi, t, now))));
        });
    }

    static String line(String account, LocalDate day, Kpi kpi, Tally t, Instant now) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode aws = root.putObject("_aws");
        aws.put("Timestamp", now.toEpochMilli());
        ObjectNode directive = aws.putArray("CloudWatchMetrics").addObject();
        directive.put("Namespace", NAMESPACE);
        directive.putArray("Dimensions").addArray().add("account").add("kpi");
        ArrayNode metrics = directive.putArray("Metrics");
        metrics.addObject().put("Name", "Numerator").put("Unit", "Count");
        metrics.addObject().put("Name", "Denominator").put("Unit", "Count");
        root.put("account", account);
        root.put("kpi", kpi.name());
        root.put("day", day.toString());
        root.put("Numerator", t.num());
        root.put("Denominator", t.den());
        if (t.rate() != null) {
            metrics.addObject().put("Name", "RatePercent").put("Unit", "Percent");
            root.put("RatePercent", 100.0 * t.rate());
        }
        if (kpi == Kpi.TRACKING_TIMELINESS && t.percentile(50) != null) {
            metrics.addObject().put("Name", "LatencyP50").put("Unit", "Milliseconds");
            metrics.addObject().put("Name", "LatencyP95").put("Unit", "Milliseconds");
            root.put("LatencyP50", t.percentile(50));
            root.put("LatencyP95", t.percentile(95));
        }
        return root.toString();
    }
}
