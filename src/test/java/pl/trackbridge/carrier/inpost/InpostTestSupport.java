package pl.trackbridge.carrier.inpost;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Request building for the InPost tests; fixtures and hostile body mutations come from testsupport. */
final class InpostTestSupport {
    static final ObjectMapper JSON = CarrierFixtures.JSON;
    static final String TOKEN = "s3cret-url-token-0123456789";
    static final String INPOST_IP = "91.216.25.17";
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private InpostTestSupport() {
    }

    static byte[] utf8(String s) {
        return CarrierFixtures.utf8(s);
    }

    static WebhookRequest request(byte[] body, String token, String ip) {
        Map<String, String> query = new HashMap<>();
        if (token != null) {
            query.put("token", token);
        }
        return CarrierFixtures.request("inpost", ip, RECEIVED, Map.of("Content-Type", "application/json"), query, body);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, TOKEN, INPOST_IP);
    }

    static WebhookRequest request(String body) {
        return request(utf8(body));
    }

    static SourceCredentials credentials(String organizationId, String allowedCidrs) {
        Map<String, String> values = new HashMap<>();
        values.put(SourceCredentials.TOKEN, TOKEN);
        if (organizationId != null) {
            values.put(SourceCredentials.ORGANIZATION_ID, organizationId);
        }
        if (allowedCidrs != null) {
            values.put(SourceCredentials.ALLOWED_CIDRS, allowedCidrs);
        }
        return new SourceCredentials(values);
    }
}
