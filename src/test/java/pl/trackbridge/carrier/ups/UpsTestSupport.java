package pl.trackbridge.carrier.ups;

import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building for the UPS tests; fixtures and hostile body mutations come from testsupport. */
final class UpsTestSupport {
    static final String SECRET = "ups-callback-token-7f3a9c";
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private UpsTestSupport() {
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("ups", "198.51.100.7", RECEIVED, headers, body);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, Map.of("Content-Type", "application/json", "User-Agent", "UPSPubSubTrackingService",
                "Authorization", "Bearer " + SECRET));
    }

    static WebhookRequest request(String body) {
        return request(CarrierFixtures.utf8(body));
    }

    static SourceCredentials credentials() {
        return new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));
    }
}
