package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.enumOf;
import static pl.trackbridge.store.dynamodb.Attr.flag;
import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.num;
import static pl.trackbridge.store.dynamodb.Attr.put;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.EventRef;
import pl.trackbridge.tracking.Location;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.ShipmentState;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Item layouts of the shipments and events tables (docs/storage.md). Derived attributes (status, reason,
 * flag) are written beside the summary so that readers and future indexes need not re-derive them.
 */
final class TrackingItems {
    private TrackingItems() {
    }

    static String shipmentKey(String accountId, String waybill) {
        return accountId + "#" + waybill;
    }

    static Map<String, AttributeValue> shipmentKeyOf(String accountId, String waybill) {
        return Map.of("accountId", Attr.s(accountId), "waybill", Attr.s(waybill));
    }

    static Map<String, AttributeValue> shipmentItem(ShipmentRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", Attr.s(r.accountId()));
        item.put("waybill", Attr.s(r.waybill()));
        put(item, "carrierId", r.carrierId());
        put(item, "orderId", r.orderId());
        ShipmentState s = r.state();
        put(item, "status", s.status());
        put(item, "reason", s.reason());
        put(item, "flag", s.flag());
        item.put("terminal", Attr.bool(s.isTerminal()));
        item.put("needsReview", Attr.bool(s.needsReview()));
        EventRef current = s.current();
        put(item, "statusAt", current == null ? null : current.occurredAt());
        putRef(item, "milestone", s.milestone());
        putRef(item, "terminalEvent", s.terminal());
        putRef(item, "overlay", s.overlay());
        put(item, "firstScanAt", s.firstScanAt());
        put(item, "firstCollectedAt", s.firstCollectedAt());
        put(item, "lastEventAt", s.lastEventAt());
        put(item, "firstDeliveredAt", s.firstDeliveredAt());
        put(item, "firstReturnAt", s.firstReturnAt());
        item.put("hasRevocations", Attr.bool(s.hasRevocations()));
        item.put("eventCount", Attr.n(r.eventCount()));
        put(item, "handoverForward", r.handoverForward());
        item.put("version", Attr.n(r.version()));
        put(item, "createdAt", r.createdAt());
        put(item, "updatedAt", r.updatedAt());
        putAlertMarkers(item, r);
        return item;
    }

    /** Reasons that make a parcel a DELIVERY_EXCEPTION alert. */
    static final java.util.Set<Reason> EXCEPTION_REASONS = java.util.EnumSet.of(Reason.LOST, Reason.DAMAGED,
            Reason.REFUSED, Reason.DESTROYED);

    /**
     * Keys of the sparse indexes the threshold alerts read (docs/storage.md): {@code activeAccount} while the
     * parcel is handed over and not terminal (index SilentSince, by {@code lastEventAt}); {@code exceptionAccount}
     * while its state carries a lost, damaged or refused reason (index DeliveryExceptions, by {@code statusAt}).
     */
    private static void putAlertMarkers(Map<String, AttributeValue> item, ShipmentRecord r) {
        ShipmentState s = r.state();
        if (!s.isTerminal() && s.firstScanAt() != null && s.lastEventAt() != null) {
            item.put("activeAccount", Attr.s(r.accountId()));
        }
        boolean exception = s.reason() != null && EXCEPTION_REASONS.contains(s.reason())
                || s.flag() != null && EXCEPTION_REASONS.contains(s.flag());
        if (exception && s.current() != null && s.status() != TrackingStatus.DELIVERED) {
            item.put("exceptionAccount", Attr.s(r.accountId()));
        }
    }

    static ShipmentRecord shipment(Map<String, AttributeValue> item) {
        ShipmentState state = new ShipmentState(ref(item, "milestone"), ref(item, "terminalEvent"), ref(item, "overlay"),
                instant(item, "firstScanAt"), instant(item, "firstCollectedAt"), instant(item, "lastEventAt"),
                flag(item, "hasRevocations"), instant(item, "firstDeliveredAt"), instant(item, "firstReturnAt"));
        return new ShipmentRecord(str(item, "accountId"), str(item, "waybill"), str(item, "carrierId"),
                str(item, "orderId"), state, (int) num(item, "eventCount"), str(item, "handoverForward"),
                num(item, "version"), instant(item, "createdAt"), instant(item, "updatedAt"));
    }

    private static void putRef(Map<String, AttributeValue> item, String name, EventRef ref) {
        if (ref == null) {
            return;
        }
        Map<String, AttributeValue> m = new HashMap<>();
        m.put("occurredAt", Attr.s(ref.occurredAt().toString()));
        m.put("rank", Attr.n(ref.rank()));
        m.put("eventKey", Attr.s(ref.eventKey()));
        m.put("status", Attr.s(ref.status().name()));
        put(m, "reason", ref.reason());
        item.put(name, AttributeValue.fromM(m));
    }

    private static EventRef ref(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        if (v == null || v.m() == null || v.m().isEmpty()) {
            return null;
        }
        Map<String, AttributeValue> m = v.m();
        return new EventRef(instant(m, "occurredAt"), (int) num(m, "rank"), str(m, "eventKey"),
                enumOf(TrackingStatus.class, m, "status"), enumOf(Reason.class, m, "reason"));
    }

    static Map<String, AttributeValue> eventItem(String accountId, CanonicalEvent e, Instant receivedAt, String rawRef) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("shipmentKey", Attr.s(shipmentKey(accountId, e.waybill())));
        item.put("eventKey", Attr.s(e.eventKey()));
        item.put("accountId", Attr.s(accountId));
        item.put("waybill", Attr.s(e.waybill()));
        item.put("source", Attr.s(e.source()));
        put(item, "sourceEventId", e.sourceEventId());
        item.put("dedupeKey", Attr.s(e.dedupeKey()));
        put(item, "carrierId", e.carrierId());
        put(item, "newWaybill", e.newWaybill());
        put(item, "kind", e.kind());
        put(item, "status", e.status());
        put(item, "reason", e.reason());
        put(item, "revokes", e.revokes());
        put(item, "rawStatus", e.rawStatus());
        put(item, "rawCode", e.rawCode());
        put(item, "rawDescription", e.rawDescription());
        put(item, "occurredAt", e.occurredAt());
        put(item, "receivedAt", receivedAt);
        put(item, "orderId", e.orderId());
        put(item, "rawRef", rawRef);
        Location l = e.location();
        if (l != null) {
            Map<String, AttributeValue> m = new HashMap<>();
            put(m, "city", l.city());
            put(m, "postalCode", l.postalCode());
            put(m, "country", l.country());
            put(m, "pointId", l.pointId());
            item.put("location", AttributeValue.fromM(m));
        }
        return item;
    }

    static StoredEvent event(Map<String, AttributeValue> item) {
        Location location = null;
        AttributeValue l = item.get("location");
        if (l != null && l.m() != null) {
            Map<String, AttributeValue> m = l.m();
            location = new Location(str(m, "city"), str(m, "postalCode"), str(m, "country"), str(m, "pointId"));
        }
        CanonicalEvent e = new CanonicalEvent(str(item, "source"), str(item, "sourceEventId"), str(item, "dedupeKey"),
                str(item, "carrierId"), str(item, "waybill"), str(item, "newWaybill"),
                enumOf(EventKind.class, item, "kind"), enumOf(TrackingStatus.class, item, "status"),
                enumOf(Reason.class, item, "reason"), str(item, "revokes"), str(item, "rawStatus"),
                str(item, "rawCode"), str(item, "rawDescription"), instant(item, "occurredAt"), location,
                str(item, "orderId"));
        return new StoredEvent(e, instant(item, "receivedAt"), str(item, "rawRef"));
    }
}
