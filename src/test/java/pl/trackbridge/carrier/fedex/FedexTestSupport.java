package pl.trackbridge.carrier.fedex;

import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building for the FedEx tests; fixtures and hostile body mutations come from testsupport. */
final class FedexTestSupport {
    static final String SECRET = "fedex-security-token";
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private FedexTestSupport() {
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("fedex", "20.65.16.22", RECEIVED, headers, body);
    }

    /** A request signed the way FedEx signs: base64(HMAC-SHA256(security token, raw body)). */
    static WebhookRequest request(byte[] body) {
        return request(body, Map.of("Content-Type", "application/json",
                "fdx-signature", Signatures.base64(Signatures.hmacSha256(SECRET, body))));
    }

    static WebhookRequest request(String body) {
        return request(CarrierFixtures.utf8(body));
    }

    static SourceCredentials credentials() {
        return new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));
    }
}
