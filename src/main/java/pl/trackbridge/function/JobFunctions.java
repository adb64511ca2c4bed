package pl.trackbridge.function;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import pl.trackbridge.job.Jobs;

/**
 * The scheduled Lambda functions: EventBridge sends its scheduled event (ignored), the job runs over every
 * account within its budget, and its summary is the function's result (and log line).
 */
public class JobFunctions {

    @Inject
    Jobs jobs;

    /** Every minute: Allegro's order journal into the orders table. */
    @Funq("order-sync")
    public JsonNode orderSync(JsonNode scheduledEvent) {
        return jobs.run("order-sync").orElseThrow();
    }

    /** Every 15 minutes and after local midnight: the dirty orders' KPI differences into the daily cells. */
    @Funq("kpi-rollup")
    public JsonNode kpiRollup(JsonNode scheduledEvent) {
        return jobs.run("kpi-rollup").orElseThrow();
    }

    /** Daily: Allegro's own sales-quality score per account, kept beside our KPIs. */
    @Funq("sale-quality")
    public JsonNode saleQuality(JsonNode scheduledEvent) {
        return jobs.run("sale-quality").orElseThrow();
    }

    /** Every 5 minutes (and after each KPI roll-up): KPI and order alerts to the alert topic. */
    @Funq("threshold-alerts")
    public JsonNode thresholdAlerts(JsonNode scheduledEvent) {
        return jobs.run("threshold-alerts").orElseThrow();
    }

    /** Every 15 minutes: Allegro's parcel tracking for due shipments (carriers without push, quiet push channels). */
    @Funq("tracking-poller")
    public JsonNode trackingPoller(JsonNode scheduledEvent) {
        return jobs.run("tracking-poller").orElseThrow();
    }

    /** Daily: what we forwarded against what Allegro shows, repaired where safe, reported per account. */
    @Funq("reconciliation")
    public JsonNode reconciliation(JsonNode scheduledEvent) {
        return jobs.run("reconciliation").orElseThrow();
    }
}
