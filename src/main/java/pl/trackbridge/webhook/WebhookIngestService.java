package pl.trackbridge.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jboss.logging.Logger;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.forwarding.ForwardRequest;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.store.RawPayload;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.tracking.CanonicalEvent;

/**
 * The carrier-webhook use case: check, authenticate, normalise, store each event once, and hand shipments
 * that Allegro must now learn about to the forwarding queue. Every refusal happens before anything is
 * written, so a refused delivery leaves no trace; a valid one is stored before we answer 2xx.
 */
public final class WebhookIngestService {
    private static final Logger LOG = Logger.getLogger(WebhookIngestService.class);
    public static final int MAX_BODY_BYTES = 256 * 1024;
    /** Scans from before this are absurd: no parcel we track is that old. */
    static final Instant EARLIEST_PLAUSIBLE = Instant.parse("2000-01-01T00:00:00Z");
    /** Carriers' clocks and zone guesses drift; a scan a day ahead of us is still plausible, two are not. */
    static final Duration FUTURE_TOLERANCE = Duration.ofHours(24);
    private static final Pattern WAYBILL = Pattern.compile("[A-Z0-9][A-Z0-9._/\\-]{0,63}");
    /** Headers worth keeping with the raw body; authorization and credential headers never are. */
    private static final Set<String> KEPT_HEADERS = Set.of("content-type", "user-agent", "as-webhook-version",
            "x-trackbridge-timestamp", "x-trackbridge-signature", "aftership-hmac-sha256", "x-hmac-signature",
            "shippo-auth-signature", "fdx-signature", "sign");

    private final Map<String, WebhookSource> sources;
    private final AccountStore accounts;
    private final TrackingStore store;
    private final ForwardingQueue queue;
    private final Clock clock;

    public WebhookIngestService(List<WebhookSource> sources, AccountStore accounts, TrackingStore store,
            ForwardingQueue queue, Clock clock) {
        Map<String, WebhookSource> byName = new HashMap<>();
        sources.forEach(s -> byName.put(s.name(), s));
        this.sources = Map.copyOf(byName);
        this.accounts = accounts;
        this.store = store;
        this.queue = queue;
        this.clock = clock;
    }

    public Set<String> sourceNames() {
        return sources.keySet();
    }

    public WebhookResult ingest(WebhookRequest request) {
        WebhookSource source = sources.get(request.source());
        if (source == null) {
            throw new WebhookRejectedException(WebhookRejectedException.Problem.UNKNOWN_SOURCE,
                    "unknown webhook source '" + request.source() + "'; known: " + String.join(", ", sorted(sources.keySet())));
        }
        if (request.body().length > MAX_BODY_BYTES) {
            throw new WebhookRejectedException(WebhookRejectedException.Problem.TOO_LARGE,
                    "the body is " + request.body().length + " bytes; at most " + MAX_BODY_BYTES + " are accepted");
        }
        String mediaType = request.mediaType();
        if (mediaType == null || !(mediaType.equals("application/json") || mediaType.endsWith("+json"))) {
            throw new WebhookRejectedException(WebhookRejectedException.Problem.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type must be application/json, was " + (mediaType == null ? "absent" : "'" + mediaType + "'"));
        }
        Account account = accounts.find(request.accountId()).orElseThrow(() -> new WebhookRejectedException(
                WebhookRejectedException.Problem.UNKNOWN_ACCOUNT, "unknown account '" + request.accountId() + "'"));
        Instant now = clock.instant();
        List<CanonicalEvent> events = authenticateAndRead(source, request, account, now);
        validate(events, now);
        if (events.isEmpty()) {
            return new WebhookResult(0, 0);
        }

        String rawRef = account.accountId() + "#" + source.name() + "#" + Signatures.hex(Signatures.sha256(request.body()));
        if (store.deliveryProcessed(rawRef)) {
            // The same bytes were fully processed before: answer from one read, write nothing.
            return new WebhookResult(0, events.size());
        }
        Map<String, List<CanonicalEvent>> byWaybill = new LinkedHashMap<>();
        events.forEach(e -> byWaybill.computeIfAbsent(e.waybill(), w -> new ArrayList<>()).add(e));
        int accepted = 0;
        int duplicates = 0;
        for (Map.Entry<String, List<CanonicalEvent>> group : byWaybill.entrySet()) {
            AppendResult result = store.append(account.accountId(), group.getKey(), group.getValue(), rawRef, now);
            accepted += result.accepted();
            duplicates += result.duplicates();
            forwardIfPending(result.after());
        }
        // Last: its presence means every event and forward above is done (a crash before it is redone by the
        // sender's retry, event by event, without duplicates).
        store.saveRaw(new RawPayload(rawRef, account.accountId(), source.name(), request.body(), keptHeaders(request), now));
        return new WebhookResult(accepted, duplicates);
    }

    /**
     * The adapters refuse bad input with a {@link WebhookRejectedException}. Anything else they throw is a gap in
     * an adapter exposed by an unforeseen body: it is still the sender's input, so it is refused as a 4xx (never a
     * 5xx), and logged as an error so the adapter gets fixed.
     */
    private static List<CanonicalEvent> authenticateAndRead(WebhookSource source, WebhookRequest request, Account account,
            Instant now) {
        try {
            source.authenticate(request, account.credentialsFor(source.name()), now);
        } catch (WebhookRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s authentication failed unexpectedly (account %s); answered 401", source.name(), account.accountId());
            throw WebhookRejectedException.unauthenticated("the " + source.name() + " delivery could not be authenticated");
        }
        try {
            return source.normalise(request);
        } catch (WebhookRejectedException e) {
            throw e;
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s parser failed on a delivery for account %s (body sha256 %s); answered 400", source.name(),
                    account.accountId(), Signatures.hex(Signatures.sha256(request.body())));
            throw WebhookRejectedException.malformed("the " + source.name() + " body could not be read");
        }
    }

    /**
     * Enqueues the handover forward while the shipment still says PENDING. If the send fails the exception
     * reaches the carrier as a 5xx; its redelivery is a duplicate, finds PENDING again and retries the send.
     */
    private void forwardIfPending(ShipmentRecord shipment) {
        if (!ShipmentRecord.FORWARD_PENDING.equals(shipment.handoverForward())) {
            return;
        }
        queue.enqueue(new ForwardRequest(ForwardRequest.HANDOVER, shipment.accountId(), shipment.waybill(),
                shipment.carrierId(), shipment.orderId(), shipment.state().firstScanAt()));
        store.markHandoverEnqueued(shipment.accountId(), shipment.waybill());
    }

    private static void validate(List<CanonicalEvent> events, Instant now) {
        Instant latest = now.plus(FUTURE_TOLERANCE);
        for (int i = 0; i < events.size(); i++) {
            CanonicalEvent e = events.get(i);
            if (!WAYBILL.matcher(e.waybill()).matches()) {
                throw WebhookRejectedException.malformed("waybill",
                        "event " + i + ": '" + e.waybill() + "' is not a tracking number (1-64 of A-Z 0-9 . _ / -)");
            }
            if (e.occurredAt().isBefore(EARLIEST_PLAUSIBLE) || e.occurredAt().isAfter(latest)) {
                throw WebhookRejectedException.malformed("occurredAt",
                        "event " + i + " for " + e.waybill() + ": " + e.occurredAt() + " is not a plausible scan time");
            }
        }
    }

    private static Map<String, String> keptHeaders(WebhookRequest request) {
        Map<String, String> kept = new HashMap<>();
        request.headers().forEach((k, v) -> {
            if (KEPT_HEADERS.contains(k.toLowerCase(java.util.Locale.ROOT))) {
                kept.put(k.toLowerCase(java.util.Locale.ROOT), v);
            }
        });
        return kept;
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().toList();
    }
}
