package pl.trackbridge.tracking;

import java.time.Instant;

/** Fluent construction of {@link CanonicalEvent}s for adapters: most fields are optional. */
public final class EventBuilder {
    private final String source;
    private String sourceEventId;
    private String dedupeKey;
    private String carrierId = "OTHER";
    private String waybill;
    private String newWaybill;
    private EventKind kind = EventKind.STATUS;
    private TrackingStatus status = TrackingStatus.UNKNOWN;
    private Reason reason;
    private String revokes;
    private String rawStatus;
    private String rawCode;
    private String rawDescription;
    private Instant occurredAt;
    private Location location;
    private String orderId;

    private EventBuilder(String source) {
        this.source = source;
    }

    public static EventBuilder from(String source) {
        return new EventBuilder(source);
    }

    public EventBuilder sourceEventId(String v) { this.sourceEventId = v; return this; }
    public EventBuilder dedupeKey(String v) { this.dedupeKey = v; return this; }
    public EventBuilder carrierId(String v) { this.carrierId = v; return this; }
    /** Normalised on the way in. */
    public EventBuilder waybill(String v) { this.waybill = Waybills.normalise(v); return this; }
    public EventBuilder newWaybill(String v) { this.newWaybill = Waybills.normalise(v); return this; }
    public EventBuilder kind(EventKind v) { this.kind = v; return this; }
    public EventBuilder status(TrackingStatus v) { this.status = v; return this; }
    public EventBuilder reason(Reason v) { this.reason = v; return this; }
    /** Applies a mapping result: kind, status and reason at once. */
    public EventBuilder mapped(StatusMapping m) {
        this.kind = m.kind(); this.status = m.status(); this.reason = m.reason(); return this;
    }
    public EventBuilder revokes(String v) { this.revokes = v; return this; }
    public EventBuilder rawStatus(String v) { this.rawStatus = v; return this; }
    public EventBuilder rawCode(String v) { this.rawCode = v; return this; }
    public EventBuilder rawDescription(String v) { this.rawDescription = v; return this; }
    public EventBuilder occurredAt(Instant v) { this.occurredAt = v; return this; }
    public EventBuilder location(Location v) { this.location = v; return this; }
    public EventBuilder orderId(String v) { this.orderId = v; return this; }

    public String waybill() {
        return waybill;
    }

    public CanonicalEvent build() {
        String key = dedupeKey != null ? dedupeKey : sourceEventId;
        return new CanonicalEvent(source, sourceEventId, key, carrierId, waybill, newWaybill, kind, status,
                reason, revokes, rawStatus, rawCode, rawDescription, occurredAt, location, orderId);
    }
}
