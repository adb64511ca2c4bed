package pl.trackbridge.store;

import java.time.Instant;
import pl.trackbridge.tracking.CanonicalEvent;

/** A canonical event as kept: when we received it and which raw delivery carried it. */
public record StoredEvent(CanonicalEvent event, Instant receivedAt, String rawRef) {
}
