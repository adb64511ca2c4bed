package pl.trackbridge.reconciliation;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/** Reports as JSON: the reconciliation job's summary and {@code GET /accounts/{id}/reconciliation}. */
public final class ReconciliationSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReconciliationSummary() {
    }

    public static ObjectNode json(List<ReconciliationReport> runs) {
        ObjectNode out = JSON.createObjectNode();
        out.put("job", "reconciliation");
        ArrayNode accounts = out.putArray("accounts");
        runs.forEach(r -> accounts.add(view(r)));
        return out;
    }

    /** The job's summary with how often the run waited for the rate limit's next window (instead of failing). */
    public static ObjectNode json(Reconciliation.RunResult run) {
        ObjectNode out = json(run.reports());
        out.put("rateLimitWaits", run.rateLimitWaits());
        out.put("rateLimitWaitedMillis", run.rateLimitWaited().toMillis());
        return out;
    }

    /** Counts first (what a dashboard shows), then the entries behind them. */
    public static ObjectNode view(ReconciliationReport r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("accountId", r.accountId());
        out.put("date", r.date().toString());
        out.put("runAt", r.runAt() == null ? null : r.runAt().toString());
        out.put("ordersChecked", r.ordersChecked().size());
        out.put("repairedCount", r.repaired().size());
        out.put("adoptedCount", r.adopted().size());
        out.put("stillMissing", r.missing().size());
        r.repaired().forEach(out.putArray("repaired")::add);
        r.adopted().forEach(out.putArray("adopted")::add);
        ArrayNode missing = out.putArray("missing");
        for (ReconciliationReport.Missing m : r.missing()) {
            ObjectNode n = missing.addObject();
            n.put("orderId", m.orderId());
            n.put("waybill", m.waybill());
            n.put("reason", m.reason());
            n.put("dispatchDeadline", m.dispatchDeadline() == null ? null : m.dispatchDeadline().toString());
        }
        r.errors().forEach(out.putArray("errors")::add);
        return out;
    }
}
