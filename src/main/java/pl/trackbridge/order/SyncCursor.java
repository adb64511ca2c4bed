package pl.trackbridge.order;

import java.time.Instant;

/**
 * Where an account's reading of Allegro's order journal stands: the id of the last event whose order is
 * stored ({@code from} is exclusive, so the next read starts after it) and when that event happened.
 */
public record SyncCursor(String lastEventId, Instant lastEventAt, Instant updatedAt) {
}
