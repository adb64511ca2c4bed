package pl.trackbridge.account;

import java.time.Instant;
import java.time.ZoneId;
import java.util.Map;
import pl.trackbridge.webhook.SourceCredentials;

/**
 * A seller account: its calendar (KPI days are local days), webhook secrets per source, KPI thresholds and
 * the seller's carrier-name mapping and when waybills go to Allegro ({@link ForwardingPolicy}). Webhook secrets are write-only: the API shows only which keys are set. The
 * Allegro tokens live in their own table ({@link AllegroConnection}).
 */
public record Account(
        String accountId,
        ZoneId timeZone,
        Map<String, Map<String, String>> webhookSecrets,
        Map<String, Map<String, Double>> thresholds,
        Map<String, String> carrierNames,
        Instant createdAt,
        Instant updatedAt,
        ForwardingPolicy forwarding) {

    /** An account with the default forwarding policy. */
    public Account(String accountId, ZoneId timeZone, Map<String, Map<String, String>> webhookSecrets,
            Map<String, Map<String, Double>> thresholds, Map<String, String> carrierNames, Instant createdAt,
            Instant updatedAt) {
        this(accountId, timeZone, webhookSecrets, thresholds, carrierNames, createdAt, updatedAt, ForwardingPolicy.DEFAULT);
    }

    public Account {
        forwarding = forwarding == null ? ForwardingPolicy.DEFAULT : forwarding;
        webhookSecrets = webhookSecrets == null ? Map.of() : Map.copyOf(webhookSecrets);
        thresholds = thresholds == null ? Map.of() : Map.copyOf(thresholds);
        carrierNames = carrierNames == null ? Map.of() : Map.copyOf(carrierNames);
    }

    public SourceCredentials credentialsFor(String source) {
        Map<String, String> values = webhookSecrets.get(source);
        return values == null ? SourceCredentials.none() : new SourceCredentials(values);
    }
}
