package pl.trackbridge.carrier.shippo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.WebhookRequest;

/** Fixture loading and request building for the Shippo tests. */
final class ShippoTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "shippo-webhook-secret";
    static final String TOKEN = "url-token-7f3a";
    static final Instant RECEIVED = Instant.parse("2026-01-02T03:04:05Z");
    static final String SAMPLE = "shippo-track-updated.json";

    private ShippoTestSupport() {
    }

    static byte[] fixture(String name) {
        try (InputStream in = ShippoTestSupport.class.getResourceAsStream("/fixtures/carriers/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode fixtureTree(String name) {
        try {
            return (ObjectNode) JSON.readTree(fixture(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return request(body, headers, Map.of());
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers, Map<String, String> query) {
        return new WebhookRequest("shippo", "acc-1", headers, query, body, "52.4.41.98", RECEIVED);
    }

    static WebhookRequest request(byte[] body) {
        return request(body, Map.of());
    }

    static WebhookRequest request(String body) {
        return request(body.getBytes(StandardCharsets.UTF_8));
    }

    /** Shippo-Auth-Signature: t=<unix>,v1=hex(HMAC-SHA256(secret, t + "." + body)). */
    static WebhookRequest signed(byte[] body, String secret, long t) {
        byte[] mac = Signatures.hmacSha256(secret, (t + ".").getBytes(StandardCharsets.UTF_8), body);
        return request(body, Map.of("Shippo-Auth-Signature", "t=" + t + ",v1=" + Signatures.hex(mac)));
    }

    /** Stand-ins a sender could put anywhere: every JSON type, blank text, a placeholder, nonsense. */
    static List<JsonNode> oddValues() {
        JsonNodeFactory f = JsonNodeFactory.instance;
        return List.of(f.nullNode(), f.textNode(""), f.textNode("string"), f.numberNode(-1), f.numberNode(1e300),
                f.booleanNode(true), f.arrayNode(), f.objectNode(), f.arrayNode().add("x").add(f.objectNode()));
    }

    /** Every variant of the tree with one field removed or one value replaced by each of {@link #oddValues()}. */
    static List<byte[]> mutations(JsonNode root) {
        List<byte[]> out = new ArrayList<>();
        mutate(root, root, out);
        return out;
    }

    private static void mutate(JsonNode root, JsonNode node, List<byte[]> out) {
        if (node instanceof ObjectNode obj) {
            List<String> names = new ArrayList<>();
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                names.add(it.next());
            }
            for (String name : names) {
                JsonNode original = obj.get(name);
                obj.remove(name);
                out.add(bytes(root));
                for (JsonNode odd : oddValues()) {
                    obj.set(name, odd);
                    out.add(bytes(root));
                }
                obj.set(name, original);
                mutate(root, original, out);
            }
        } else if (node instanceof ArrayNode arr) {
            for (int i = 0; i < arr.size(); i++) {
                JsonNode original = arr.get(i);
                for (JsonNode odd : oddValues()) {
                    arr.set(i, odd);
                    out.add(bytes(root));
                }
                arr.set(i, original);
                mutate(root, original, out);
            }
        }
    }
}
