package pl.trackbridge.order;

import java.util.Optional;

/** The durable per-account journal cursor. */
public interface SyncCursorStore {
    Optional<SyncCursor> read(String accountId);

    /**
     * Moves the cursor from {@code expectedLastEventId} (null: no cursor yet) to {@code next}. Fails (false)
     * when another run moved it first, so two concurrent syncs never move it backwards.
     */
    boolean advance(String accountId, String expectedLastEventId, SyncCursor next);
}
