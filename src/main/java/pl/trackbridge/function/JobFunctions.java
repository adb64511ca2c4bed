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

    /**
     * Every quarter hour (00:05 local in every zone among them): the changed orders' KPI differences into the daily
     * cells. Accounts that failed are retried next run; the function still fails afterwards, so the error alarm
     * fires while every other account's numbers are already written.
     */
    @Funq("kpi-rollup")
    public JsonNode kpiRollup(JsonNode scheduledEvent) {
        JsonNode summary = jobs.run("kpi-rollup").orElseThrow();
        if (!summary.path("failedAccounts").isEmpty()) {
            throw new IllegalStateException("kpi-rollup failed for accounts " + summary.path("failedAccounts")
                    + " (their changed orders are read again by the next run): " + summary);
        }
        return summary;
    }

    /** Daily: Allegro's own sales-quality score per account, kept beside our KPIs. */
    @Funq("sale-quality")
    public JsonNode saleQuality(JsonNode scheduledEvent) {
        return jobs.run("sale-quality").orElseThrow();
    }

    /**
     * Every 5 minutes: KPI alerts on the roll-up's cells (so within 5 minutes of a roll-up) and order alerts, to the
     * alert topic.
     */
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
