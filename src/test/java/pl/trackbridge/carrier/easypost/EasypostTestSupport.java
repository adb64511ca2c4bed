package pl.trackbridge.carrier.easypost;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building and signing for the EasyPost tests; fixtures come from testsupport. */
final class EasypostTestSupport {
    static final ObjectMapper JSON = CarrierFixtures.JSON;
    static final String SECRET = "ep-webhook-secret";
    static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05Z");
    static final String SAMPLE = "easypost-event-tracker-updated.json";
    static final String GUIDE = "easypost-event-tracker-updated-guide.json";
    static final String VECTOR = "easypost-hmac-test-vector-body.json";

    private EasypostTestSupport() {
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("easypost", "203.0.113.7", RECEIVED, headers, body);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, Map.of());
    }

    static WebhookRequest request(String body) {
        return request(CarrierFixtures.utf8(body));
    }

    static WebhookRequest signed(byte[] body, String secret) {
        return request(body, Map.of("X-Hmac-Signature",
                "hmac-sha256-hex=" + Signatures.hex(Signatures.hmacSha256(secret, body))));
    }
}
