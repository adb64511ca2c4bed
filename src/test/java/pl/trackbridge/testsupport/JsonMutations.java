package pl.trackbridge.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Hostile variants of a JSON body, for the "nothing but MALFORMED ever escapes" tests of the carrier adapters:
 * every node (object member or array element, at any depth) replaced, one at a time, by each of
 * {@link #HOSTILE_VALUES}, and removed.
 */
public final class JsonMutations {
    private static final JsonNodeFactory F = JsonNodeFactory.instance;

    /**
     * What a sender could put anywhere: every JSON type, blank and placeholder text, zero, negative, fractional and
     * huge numbers, a non-empty mixed array, and broken or out-of-range date/time texts in the formats the carriers
     * use (InPost, UPS, FedEx).
     */
    public static final List<JsonNode> HOSTILE_VALUES = List.of(
            F.nullNode(), F.textNode(""), F.textNode("x"), F.textNode("string"),
            F.numberNode(0), F.numberNode(-1), F.numberNode(-1.5), F.numberNode(1e300), F.booleanNode(true),
            F.arrayNode(), F.objectNode(), F.arrayNode().add("x").add(F.objectNode()),
            F.textNode("2020-13-45 99:99:99 +9999"),
            F.textNode("99999999"), F.textNode("20240231"), F.textNode("246099"),
            F.textNode("2024-02-31T25:00:00+02:00"), F.textNode("+999999999-12-31T23:59:59-18:00"));

    /** One variant: {@code description} says which node was replaced or removed, and by what. */
    public record Mutant(String description, byte[] body) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }

        @Override
        public String toString() {
            return description;
        }
    }

    private JsonMutations() {
    }

    /** Every variant of a JSON body. */
    public static List<Mutant> of(byte[] body) {
        try {
            return of(CarrierFixtures.JSON.readTree(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every variant of a tree (which is left as it is): per node, each hostile value in turn, then removal. */
    public static List<Mutant> of(JsonNode root) {
        List<List<Object>> paths = new ArrayList<>();
        collect(root, new ArrayList<>(), paths);
        List<Mutant> out = new ArrayList<>();
        for (List<Object> path : paths) {
            for (JsonNode value : HOSTILE_VALUES) {
                out.add(variant(root, path, value, render(path) + " := " + value));
            }
            out.add(variant(root, path, null, render(path) + " removed"));
        }
        return out;
    }

    /** Just the bodies of {@link #of(JsonNode)}. */
    public static List<byte[]> bodies(JsonNode root) {
        return of(root).stream().map(Mutant::body).toList();
    }

    private static Mutant variant(JsonNode root, List<Object> path, JsonNode value, String description) {
        JsonNode copy = root.deepCopy();
        apply(copy, path, value == null ? null : value.deepCopy());
        return new Mutant(description, CarrierFixtures.bytes(copy));
    }

    /** Paths (member names and array indexes) of every node below the root, parents before children. */
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

    /** Replaces (or, with a null replacement, removes) the node at the path, keeping its siblings' order. */
    private static void apply(JsonNode root, List<Object> path, JsonNode replacement) {
        JsonNode parent = root;
        for (int i = 0; i < path.size() - 1; i++) {
            Object step = path.get(i);
            parent = step instanceof Integer idx ? parent.get(idx) : parent.get((String) step);
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

    private static String render(List<Object> path) {
        StringBuilder s = new StringBuilder();
        for (Object step : path) {
            if (step instanceof Integer i) {
                s.append('[').append(i).append(']');
            } else {
                s.append(s.length() == 0 ? "" : ".").append(step);
            }
        }
        return s.toString();
    }
}
