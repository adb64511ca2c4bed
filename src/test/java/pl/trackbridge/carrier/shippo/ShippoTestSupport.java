package pl.trackbridge.carrier.shippo;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building and signing for the Shippo tests; fixtures come from testsupport. */
final class ShippoTestSupport {
    static final ObjectMapper JSON = CarrierFixtures.JSON;
    static final String SECRET = "shippo-webhook-secret";
    static final String TOKEN = "url-token-7f3a";
    static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05Z");
    static final String SAMPLE = "shippo-track-updated.json";

    private ShippoTestSupport() {
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return request(body, headers, Map.of());
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers, Map<String, String> query) {
        return CarrierFixtures.request("shippo", "52.4.41.98", RECEIVED, headers, query, body);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, Map.of());
    }

    static WebhookRequest request(String body) {
        return request(CarrierFixtures.utf8(body));
    }

    /** Shippo-Auth-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body)). */
    static WebhookRequest signed(byte[] body, String secret, long t) {
        byte[] mac = Signatures.hmacSha256(secret, (t + ".").getBytes(StandardCharsets.UTF_8), body);
        return request(body, Map.of("Shippo-Auth-Signature", "t=" + t + ",v1=" + Signatures.hex(mac)));
    }
}
