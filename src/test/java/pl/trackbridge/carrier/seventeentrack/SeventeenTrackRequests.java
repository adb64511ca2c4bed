package pl.trackbridge.carrier.seventeentrack;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Builds 17TRACK deliveries for the tests; the signature is computed here independently of {@code Signatures}. */
final class SeventeenTrackRequests {
    static final String FIXTURE = "17track-webhook-tracking-updated.json";
    static final String API_KEY = "17t-test-api-key";
    static final Instant RECEIVED = Instant.parse("2026-11-21T12:00:00Z");
    static final SourceCredentials CREDENTIALS = new SourceCredentials(Map.of(SourceCredentials.SECRET, API_KEY));

    private SeventeenTrackRequests() {
    }

    static byte[] fixture() {
        return CarrierFixtures.fixture(FIXTURE);
    }

    /** What 17TRACK sends: hex(SHA-256(body + "/" + key)). */
    static String sign(byte[] body, String apiKey) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update(body);
            md.update(("/" + apiKey).getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return CarrierFixtures.request("17track", "203.0.113.7", RECEIVED, headers, body);
    }

    static WebhookRequest signed(byte[] body) {
        return request(body, Map.of("sign", sign(body, API_KEY), "Content-Type", "application/json"));
    }

    static WebhookRequest unsigned(String body) {
        return request(CarrierFixtures.utf8(body), Map.of());
    }
}
