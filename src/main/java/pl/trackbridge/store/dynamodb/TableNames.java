package pl.trackbridge.store.dynamodb;

/** Physical table names; from configuration so each stack (and each test) has its own. */
public record TableNames(String accounts, String shipments, String events, String inbox, String jobs, String kpi) {

    /** The tables with the KPI table under its template (local) name. */
    public TableNames(String accounts, String shipments, String events, String inbox, String jobs) {
        this(accounts, shipments, events, inbox, jobs, OrderKpiItem.DEFAULT_TABLE);
    }

    /** The tables of the webhook path, with the job-state and KPI tables under their template (local) names. */
    public TableNames(String accounts, String shipments, String events, String inbox) {
        this(accounts, shipments, events, inbox, "JobStateTable");
    }
}
