package pl.trackbridge.store;

import java.time.Instant;
import java.util.Map;

/**
 * One webhook delivery's bytes, kept so any event can be re-read from what the source actually sent.
 * Only non-secret headers are kept (never Authorization or credential headers).
 */
public record RawPayload(String rawRef, String accountId, String source, byte[] body, Map<String, String> headers,
        Instant receivedAt) {
}
