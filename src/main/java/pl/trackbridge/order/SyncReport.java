package pl.trackbridge.order;

/**
 * What one account's sync did.
 *
 * @param error null, or why the run stopped early for this account (the cursor stays before the failure)
 */
public record SyncReport(String accountId, int pages, int events, int ordersStored, boolean resynced, String cursor,
        String error) {
}
