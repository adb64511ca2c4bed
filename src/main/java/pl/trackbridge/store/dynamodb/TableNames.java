package pl.trackbridge.store.dynamodb;

/** Physical table names; from configuration so each stack (and each test) has its own. */
public record TableNames(String accounts, String shipments, String events, String inbox) {
}
