package pl.trackbridge.store.dynamodb;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;

/** Keyed batch reads (100 keys a request, consistent), unprocessed keys retried. */
final class DynamoBatch {
    private DynamoBatch() {
    }

    static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, KpiIo io, String table,
            List<Map<String, AttributeValue>> keys) {
        return get(dynamo, io, table, keys, List.of());
    }

    /**
     * Consistent reads of {@code keys}, 100 per request; with {@code attributes}, only those attributes come back
     * (smaller responses for readers that need a few fields of large items).
     */
    static List<Map<String, AttributeValue>> get(DynamoDbClient dynamo, KpiIo io, String table,
            List<Map<String, AttributeValue>> keys, List<String> attributes) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        Map<String, String> names = new java.util.LinkedHashMap<>();
        for (int i = 0; i < attributes.size(); i++) {
            names.put("#p" + i, attributes.get(i)); // placeholders: several of these names are reserved words
        }
        for (int i = 0; i < keys.size(); i += 100) {
            List<Map<String, AttributeValue>> chunk = dedupe(keys.subList(i, Math.min(keys.size(), i + 100)));
            KeysAndAttributes.Builder read = KeysAndAttributes.builder().keys(chunk).consistentRead(true);
            if (!names.isEmpty()) {
                read.projectionExpression(String.join(", ", names.keySet())).expressionAttributeNames(names);
            }
            Map<String, KeysAndAttributes> request = Map.of(table, read.build());
            for (int attempt = 0; !request.isEmpty(); attempt++) {
                Map<String, KeysAndAttributes> r = request;
                BatchGetItemResponse resp = dynamo.batchGetItem(b -> b.requestItems(r));
                io.requests.incrementAndGet();
                out.addAll(resp.responses().getOrDefault(table, List.of()));
                request = resp.unprocessedKeys() == null ? Map.of() : resp.unprocessedKeys();
                pause(attempt, request.isEmpty());
            }
        }
        return out;
    }

    /**
     * The items of {@code keys} (consistent reads), in the order of the keys; missing items are left out. For the
     * readers of keys-only indexes: the index finds the few candidates, their items are read by key.
     */
    static List<Map<String, AttributeValue>> getInOrder(DynamoDbClient dynamo, String table,
            List<Map<String, AttributeValue>> keys) {
        return getInOrder(dynamo, new KpiIo(), table, keys);
    }

    /** As {@link #getInOrder(DynamoDbClient, String, List)}, its requests counted in {@code io}. */
    static List<Map<String, AttributeValue>> getInOrder(DynamoDbClient dynamo, KpiIo io, String table,
            List<Map<String, AttributeValue>> keys) {
        if (keys.isEmpty()) {
            return List.of();
        }
        Map<Map<String, AttributeValue>, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (Map<String, AttributeValue> item : get(dynamo, io, table, keys)) {
            Map<String, AttributeValue> k = new HashMap<>();
            keys.get(0).keySet().forEach(name -> k.put(name, item.get(name)));
            byKey.put(k, item);
        }
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (Map<String, AttributeValue> k : new java.util.LinkedHashSet<>(keys)) {
            Map<String, AttributeValue> item = byKey.get(new HashMap<>(k));
            if (item != null) {
                out.add(item);
            }
        }
        return out;
    }

    /** The primary key ({@code names}) of an item, e.g. of an index entry. */
    static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item, String... names) {
        Map<String, AttributeValue> k = new HashMap<>();
        for (String n : names) {
            k.put(n, item.get(n));
        }
        return k;
    }

    private static List<Map<String, AttributeValue>> dedupe(List<Map<String, AttributeValue>> keys) {
        return new ArrayList<>(new java.util.LinkedHashSet<>(keys));
    }

    private static void pause(int attempt, boolean done) {
        if (done) {
            return;
        }
        try {
            Thread.sleep(Math.min(500, 10L << Math.min(attempt, 5)));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted in a batch retry", e);
        }
    }

    static Map<String, AttributeValue> key(String n1, String v1, String n2, String v2) {
        Map<String, AttributeValue> k = new HashMap<>();
        k.put(n1, Attr.s(v1));
        k.put(n2, Attr.s(v2));
        return k;
    }
}
