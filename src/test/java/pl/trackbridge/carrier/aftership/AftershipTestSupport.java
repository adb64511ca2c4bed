package pl.trackbridge.carrier.aftership;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building and signing for the AfterShip tests; fixtures come from testsupport. */
final class AftershipTestSupport {
    static final ObjectMapper JSON = CarrierFixtures.JSON;
    static final String SECRET = "as-webhook-secret";
    static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05Z");
    static final String SAMPLE = "aftership-tracking-update-trimmed.json";

    private AftershipTestSupport() {
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("aftership", "104.154.18.15", RECEIVED, headers, body);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, Map.of());
    }

    static WebhookRequest request(String body) {
        return request(CarrierFixtures.utf8(body));
    }

    static WebhookRequest signed(byte[] body, String secret) {
        return request(body, Map.of("aftership-hmac-sha256", Signatures.base64(Signatures.hmacSha256(secret, body))));
    }
}
