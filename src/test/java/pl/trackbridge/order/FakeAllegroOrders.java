package pl.trackbridge.order;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import pl.trackbridge.allegro.AllegroApiException;

/**
 * Allegro's order journal and checkout forms in memory, with the journal's semantics (from exclusive,
 * oldest first, limit) and scriptable failures, for the sync's unit tests.
 */
final class FakeAllegroOrders implements AllegroOrders {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final List<ObjectNode> journal = new ArrayList<>();
    private final Map<String, ObjectNode> forms = new LinkedHashMap<>();
    private long nextEventId = 1000;
    final Set<String> failingForms = new HashSet<>();
    final AtomicInteger formReads = new AtomicInteger();

    synchronized ObjectNode addOrder(String id, String dispatchTo, String deliveryTo) {
        ObjectNode form = JSON.createObjectNode();
        form.put("id", id);
        form.put("status", "READY_FOR_PROCESSING");
        form.putObject("fulfillment").put("status", "NEW");
        ObjectNode time = form.putObject("delivery").put("smart", true).putObject("time");
        time.putObject("dispatch").put("to", dispatchTo);
        if (deliveryTo != null) {
            time.put("to", deliveryTo);
        }
        ArrayNode items = form.putArray("lineItems");
        items.addObject().put("id", id + "-li1").put("quantity", 1).put("boughtAt", "2026-11-20T08:00:00Z")
                .putObject("offer").put("id", "offer-1");
        form.put("revision", "r1");
        form.put("updatedAt", "2026-11-20T08:00:00Z");
        forms.put(id, form);
        event(id, "READY_FOR_PROCESSING", "2026-11-20T08:00:00Z");
        return form;
    }

    synchronized void event(String orderId, String type, String occurredAt) {
        ObjectNode e = JSON.createObjectNode();
        e.put("id", Long.toString(nextEventId++));
        e.put("type", type);
        e.put("occurredAt", occurredAt);
        e.putObject("order").putObject("checkoutForm").put("id", orderId);
        journal.add(e);
    }

    synchronized void change(String orderId, String field, String value, String eventType, String at) {
        ObjectNode form = forms.get(orderId);
        if (field.equals("fulfillment.status")) {
            ((ObjectNode) form.get("fulfillment")).put("status", value);
        } else {
            form.put(field, value);
        }
        form.put("revision", "r" + (Integer.parseInt(form.get("revision").asText().substring(1)) + 1));
        event(orderId, eventType, at);
    }

    synchronized void dropJournalBefore(int index) {
        journal.subList(0, index).clear();
    }

    @Override
    public synchronized JsonNode orderEvents(String accountId, String from, int limit) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode events = out.putArray("events");
        boolean after = from == null;
        for (ObjectNode e : journal) {
            if (after && events.size() < limit) {
                events.add(e.deepCopy());
            }
            if (!after && e.get("id").asText().equals(from)) {
                after = true;
            }
        }
        return out;
    }

    @Override
    public synchronized JsonNode orderEventStats(String accountId) {
        ObjectNode out = JSON.createObjectNode();
        ObjectNode last = journal.get(journal.size() - 1);
        out.putObject("latestEvent").put("id", last.get("id").asText()).put("occurredAt", last.get("occurredAt").asText());
        return out;
    }

    @Override
    public synchronized JsonNode checkoutForm(String accountId, String orderId) {
        formReads.incrementAndGet();
        if (failingForms.contains(orderId)) {
            throw new AllegroApiException(503, null, "Service Unavailable", "trace-" + orderId, true);
        }
        ObjectNode form = forms.get(orderId);
        if (form == null) {
            throw new AllegroApiException(404, "NotFoundException", "Not found", "trace-404", false);
        }
        return form.deepCopy();
    }

    @Override
    public synchronized JsonNode checkoutForms(String accountId, String updatedAtGte, int offset, int limit) {
        ObjectNode out = JSON.createObjectNode();
        ArrayNode list = out.putArray("checkoutForms");
        forms.values().stream().skip(offset).limit(limit).forEach(f -> list.add(f.deepCopy()));
        out.put("count", list.size());
        out.put("totalCount", forms.size());
        return out;
    }

    static Instant at(String iso) {
        return Instant.parse(iso);
    }
}
