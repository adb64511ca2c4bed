package pl.trackbridge.webhook;

import com.fasterxml.jackson.databind.JsonNode;

/** Null-safe reads from a Jackson tree: absent, JSON null and blank text all read as null. */
public final class JsonFields {
    private JsonFields() {
    }

    /** The text at a path of field names, or null. */
    public static String text(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            if (n == null) {
                return null;
            }
            n = n.get(p);
        }
        if (n == null || n.isNull() || n.isContainerNode()) {
            return null;
        }
        String s = n.asText();
        return s.isBlank() ? null : s;
    }

    /** The node at a path, or a missing node (never null). */
    public static JsonNode at(JsonNode node, String... path) {
        JsonNode n = node;
        for (String p : path) {
            n = n == null ? null : n.get(p);
        }
        return n == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : n;
    }
}
