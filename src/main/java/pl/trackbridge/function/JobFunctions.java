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
}
