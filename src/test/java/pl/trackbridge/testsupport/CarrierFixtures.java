package pl.trackbridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import pl.trackbridge.webhook.WebhookRequest;

/**
 * The sample payloads under src/test/resources/fixtures/carriers, and the {@link WebhookRequest}s the carrier
 * adapter tests feed them in.
 */
public final class CarrierFixtures {
    /** Where the carrier samples live on the test classpath. */
    public static final String DIR = "/fixtures/carriers/";
    /** The account every carrier adapter test delivers to. */
    public static final String ACCOUNT = "acc-1";
    public static final ObjectMapper JSON = new ObjectMapper();

    private CarrierFixtures() {
    }

    /** The raw bytes of a sample, by file name (e.g. {@code "ups-track-alert-tracking-event-out-for-delivery.json"}). */
    public static byte[] fixture(String name) {
        String path = DIR + name;
        try (InputStream in = CarrierFixtures.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A sample as UTF-8 text. */
    public static String fixtureText(String name) {
        return new String(fixture(name), StandardCharsets.UTF_8);
    }

    /** A sample whose top level is a JSON object, parsed so that a test can edit it. */
    public static ObjectNode fixtureTree(String name) {
        try {
            return (ObjectNode) JSON.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A (possibly edited) tree written back as a body. */
    public static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** A delivery to {@link #ACCOUNT} from {@code ip}, as the HTTP layer hands it to a carrier adapter. */
    public static WebhookRequest request(String source, String ip, Instant received, Map<String, String> headers,
            Map<String, String> query, byte[] body) {
        return new WebhookRequest(source, ACCOUNT, headers, query, body, ip, received);
    }

    /** The same, without query parameters. */
    public static WebhookRequest request(String source, String ip, Instant received, Map<String, String> headers,
            byte[] body) {
        return request(source, ip, received, headers, Map.of(), body);
    }
}
