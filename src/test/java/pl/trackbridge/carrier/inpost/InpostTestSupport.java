package pl.trackbridge.carrier.inpost;

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
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Fixture loading, request building and hostile body mutations for the InPost tests. */
final class InpostTestSupport {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TOKEN = "s3cret-url-token-0123456789";
    static final String INPOST_IP = "91.216.25.17";
    static final Instant RECEIVED = Instant.parse("2026-01-01T00:00:00Z");

    private InpostTestSupport() {
    }

    static byte[] fixture(String name) {
        String path = "/fixtures/carriers/" + name;
        try (InputStream in = InpostTestSupport.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + path);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static WebhookRequest request(byte[] body, String token, String ip) {
        Map<String, String> query = new HashMap<>();
        if (token != null) {
            query.put("token", token);
        }
        return new WebhookRequest("inpost", "acc-1", Map.of("Content-Type", "application/json"), query, body, ip,
                RECEIVED);
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

    /** A body variant: {@code description} says which node was replaced or removed, and by what. */
    record Mutant(String description, byte[] body) {
    }

    private static final List<JsonNode> REPLACEMENTS = List.of(
            JsonNodeFactory.instance.nullNode(), JsonNodeFactory.instance.textNode(""),
            JsonNodeFactory.instance.textNode("x"), JsonNodeFactory.instance.numberNode(0),
            JsonNodeFactory.instance.numberNode(-1.5), JsonNodeFactory.instance.booleanNode(true),
            JsonNodeFactory.instance.arrayNode(), JsonNodeFactory.instance.objectNode(),
            JsonNodeFactory.instance.textNode("2020-13-45 99:99:99 +9999"));

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

    /** Replaces (or with null removes) the node at the path. */
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
