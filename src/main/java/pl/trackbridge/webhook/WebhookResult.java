package pl.trackbridge.webhook;

/** The 2xx body of a webhook: how many events were new and how many we already had. */
public record WebhookResult(int accepted, int duplicates) {
}
