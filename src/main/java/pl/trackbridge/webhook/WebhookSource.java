package pl.trackbridge.webhook;

import java.time.Instant;
import java.util.List;
import pl.trackbridge.tracking.CanonicalEvent;

/**
 * One carrier's or aggregator's push format: how it proves who sent it and how its statuses read in the
 * canonical model. Implementations are plain Java, one package per source under {@code pl.trackbridge.carrier}.
 */
public interface WebhookSource {

    /** The {@code {source}} path segment: {@code inpost}, {@code ups}, {@code 17track}, … */
    String name();

    /**
     * Proves the delivery came from the source, with this account's credentials.
     *
     * @param credentials never null: {@link SourceCredentials#none()} when the account configured nothing for
     *                    this source (then {@link SourceCredentials#require} answers 401)
     * @param now the current time, for replay windows
     * @throws WebhookRejectedException UNAUTHENTICATED when it did not
     */
    void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now);

    /**
     * Reads the delivery into canonical events (none for pure meta-events such as a test ping).
     *
     * @throws WebhookRejectedException MALFORMED when the body is not the source's format, has no tracking
     *                                  number or an unreadable time. An unknown status is not malformed: it
     *                                  becomes {@code UNKNOWN} with its raw code.
     */
    List<CanonicalEvent> normalise(WebhookRequest request);
}
