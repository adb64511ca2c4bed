package pl.trackbridge.local.allegro;

import java.time.Instant;
import java.util.Objects;

/**
 * One scripted parcel status for {@link AllegroStandIn#setTracking}. code is one of Allegro's tracking codes
 * (PENDING, IN_TRANSIT, RELEASED_FOR_DELIVERY, AVAILABLE_FOR_PICKUP, NOTICE_LEFT, DELIVERED, ISSUE, RETURNED);
 * description is optional and mainly used with ISSUE.
 */
public record TrackingStatus(Instant occurredAt, String code, String description) {
    public TrackingStatus {
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(code, "code");
    }

    public static TrackingStatus of(Instant occurredAt, String code) {
        return new TrackingStatus(occurredAt, code, null);
    }
}
