package pl.trackbridge.carrier.karrio;

import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Builds Karrio deliveries for the tests; fixtures come from testsupport. */
final class KarrioRequests {
    /** Hand-written from docs/carriers/karrio.md (see the fixtures README): Karrio publishes no sample body. */
    static final String FIXTURE = "karrio-tracker-updated.json";
    static final String SECRET = "whsec_3b1f0c2e9d8a4f6b8c7d6e5f4a3b2c1d";
    static final Instant RECEIVED = Instant.parse("2026-03-12T15:00:00Z");
    static final SourceCredentials CREDENTIALS = new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));

    private KarrioRequests() {
    }

    static byte[] fixture() {
        return CarrierFixtures.fixture(FIXTURE);
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("karrio", "198.51.100.4", RECEIVED, headers, body);
    }

    /** What Karrio sends: the secret itself in X-Event-Id. */
    static WebhookRequest authentic(byte[] body) {
        return request(body, Map.of("X-Event-Id", SECRET, "Content-type", "application/json"));
    }

    static WebhookRequest unsigned(String body) {
        return request(CarrierFixtures.utf8(body), Map.of());
    }
}
