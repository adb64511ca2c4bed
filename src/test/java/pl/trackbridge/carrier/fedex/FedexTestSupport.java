package pl.trackbridge.carrier.fedex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Fixture loading, request building and hostile body mutations for the FedEx tests. */
final class FedexTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String SECRET = "fedex-security-token";
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private FedexTestSupport() {
    }

    static byte[] fixture(String name) {
        String path = "/fixtures/carriers/" + name;
        try (InputStream in = FedexTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static WebhookRequest request(byte[] body, Map<String, String> headers) {
        return new WebhookRequest("fedex", "acc-1", headers, Map.of(), body, "20.65.16.22", RECEIVED);
    }

    /** A request signed the way FedEx signs: base64(HMAC-SHA256(security token, raw body)). */
    static WebhookRequest request(byte[] body) {
        return request(body, Map.of("Content-Type", "application/json",
                "fdx-signature", Signatures.base64(Signatures.hmacSha256(SECRET, body))));
    }

    static WebhookRequest request(String body) {
        return request(body.getBytes(StandardCharsets.UTF_8));
    }

    static SourceCredentials credentials() {
        return new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));
    }

    record Mutant(String description, byte[] body) {
    }

    private static final List<JsonNode> REPLACEMENTS = List.of(
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode(""),
            JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.numberNode(0),
            JsonNodeFactory.instance.numberNode(-1.5), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.textNode("2024-02-31T25:00:00+02:00"),
            JsonNodeFactory.instance.textNode("+999999999-12-31T23:59:59-18:00"));

    /** Every node of the body replaced by each hostile value, and removed. */
    static List<Mutant> mutants(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            List<List<Object>> paths = new ArrayList<>();
            collect(root, new ArrayList<>(), paths);
            List<Mutant> out = new ArrayList<>();
            for (List<Object> path : paths) {
                for (JsonNode replacement : REPLACEMENTS) {
                    JsonNode copy = root.deepCopy();
                    apply(copy, path, replacement);
                    out.add(new Mutant(path + " := " + replacement, JSON.writeValueAsBytes(copy)));
                }
                JsonNode copy = root.deepCopy();
                apply(copy, path, null);
                out.add(new Mutant(path + " removed", JSON.writeValueAsBytes(copy)));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void collect(JsonNode node, List<Object> prefix, List<List<Object>> out) {
        if (node.isObject()) {
            Iterator<String> names = node.fieldNames();
            while (names.hasNext()) {
                String name = names.next();
                List<Object> p = new ArrayList<>(prefix);
                p.add(name);
                out.add(p);
                collect(node.get(name), p, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                List<Object> p = new ArrayList<>(prefix);
                p.add(i);
                out.add(p);
                collect(node.get(i), p, out);
            }
        }
    }

    private static void apply(JsonNode root, List<Object> path, JsonNode replacement) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object seg = path.get(i);
            parent = seg instanceof Integer idx ? parent.get(idx) : parent.get((String) seg);
        }
        Object last = path.get(path.size() - 1);
        if (parent instanceof ObjectNode o) {
            if (replacement == null) {
                o.remove((String) last);
            } else {
                o.set((String) last, replacement);
            }
        } else if (parent instanceof ArrayNode a) {
            if (replacement == null) {
                a.remove((Integer) last);
            } else {
                a.set((Integer) last, replacement);
            }
        }
    }
}
