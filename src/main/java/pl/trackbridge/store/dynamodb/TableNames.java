package pl.trackbridge.store.dynamodb;

/** Physical table names; from configuration so each stack (and each test) has its own. */
public record TableNames(String accounts, String shipments, String events, String inbox, String jobs) {

    /** The tables of the webhook path, with the job-state table under its template (local) name. */
    public TableNames(String accounts, String shipments, String events, String inbox) {
        this(accounts, shipments, events, inbox, "JobStateTable");
    }
}
