package pl.trackbridge.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.tracking.CanonicalEvent;

/** The tracking store's contract in memory, for unit tests of the services above it. */
public class InMemoryTrackingStore implements TrackingStore {
    private final Map<String, RawPayload> raw = new HashMap<>();
    private final Map<String, ShipmentRecord> shipments = new HashMap<>();
    private final Map<String, Map<String, StoredEvent>> events = new HashMap<>();

    @Override
    public synchronized void saveRaw(RawPayload payload) {
        raw.putIfAbsent(payload.rawRef(), payload);
    }

    @Override
    public synchronized boolean deliveryProcessed(String rawRef) {
        return raw.containsKey(rawRef);
    }

    @Override
    public synchronized AppendResult append(String accountId, String waybill, List<CanonicalEvent> added,
            String rawRef, Instant receivedAt) {
        String key = accountId + "#" + waybill;
        Map<String, StoredEvent> stored = events.computeIfAbsent(key, k -> new LinkedHashMap<>());
        List<CanonicalEvent> fresh = new ArrayList<>();
        for (CanonicalEvent e : added) {
            if (!stored.containsKey(e.eventKey()) && fresh.stream().noneMatch(f -> f.eventKey().equals(e.eventKey()))) {
                fresh.add(e);
            }
        }
        ShipmentRecord before = shipments.getOrDefault(key, ShipmentRecord.empty(accountId, waybill, receivedAt));
        if (fresh.isEmpty()) {
            return new AppendResult(0, added.size(), before, before);
        }
        List<CanonicalEvent> history = stored.values().stream().map(StoredEvent::event).toList();
        ShipmentRecord after = ShipmentUpdate.apply(before, fresh, () -> history, receivedAt);
        fresh.forEach(e -> stored.put(e.eventKey(), new StoredEvent(e, receivedAt, rawRef)));
        shipments.put(key, after);
        return new AppendResult(fresh.size(), added.size() - fresh.size(), before, after);
    }

    @Override
    public synchronized Optional<ShipmentRecord> shipment(String accountId, String waybill) {
        return Optional.ofNullable(shipments.get(accountId + "#" + waybill));
    }

    @Override
    public synchronized List<StoredEvent> events(String accountId, String waybill) {
        List<StoredEvent> out = new ArrayList<>(events.getOrDefault(accountId + "#" + waybill, Map.of()).values());
        out.sort(Comparator.comparing((StoredEvent s) -> s.event().occurredAt()).thenComparing(s -> s.event().eventKey()));
        return out;
    }

    @Override
    public synchronized void markHandoverEnqueued(String accountId, String waybill) {
        String key = accountId + "#" + waybill;
        ShipmentRecord r = shipments.get(key);
        if (r != null && ShipmentRecord.FORWARD_PENDING.equals(r.handoverForward())) {
            shipments.put(key, new ShipmentRecord(r.accountId(), r.waybill(), r.carrierId(), r.orderId(), r.state(),
                    r.eventCount(), ShipmentRecord.FORWARD_ENQUEUED, r.version() + 1, r.createdAt(), r.updatedAt()));
        }
    }

    public synchronized int rawCount() {
        return raw.size();
    }

    public synchronized int shipmentCount() {
        return shipments.size();
    }
}
