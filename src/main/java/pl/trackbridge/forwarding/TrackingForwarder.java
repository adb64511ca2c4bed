package pl.trackbridge.forwarding;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.jboss.logging.Logger;
import java.util.function.Function;
import pl.trackbridge.account.ForwardingPolicy;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.OrderStore;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.webhook.JsonFields;

/**
 * The tracking forwarder: puts a registered waybill on its Allegro order exactly once and marks the order
 * SENT once the parcel is handed over (DESIGN §2–3, api-notes §1–3).
 *
 * <p>Exactly once: each (order, waybill) is claimed with a conditional write before any call, so two workers
 * never post the same waybill. A call that got no answer leaves the waybill {@code UNKNOWN}; the next attempt
 * reads the order's shipments first and posts only if the waybill is not there. Permanent refusals end as
 * {@code REJECTED} with Allegro's code; retryable trouble is returned as {@link Result#RETRY} so the queue
 * redelivers with its backoff; the last receive marks what is unsettled {@code STUCK} (the message then goes to
 * the dead-letter queue).
 */
public final class TrackingForwarder {
    private static final Logger LOG = Logger.getLogger(TrackingForwarder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Longer than one forward can take (a few Allegro calls with their timeouts). */
    static final Duration CLAIM = Duration.ofSeconds(60);
    /** Statuses Allegro's order already reached at or past SENT, or outside the flow: never moved back. */
    static final Set<String> NOT_BEFORE_SENT = Set.of("SENT", "PICKED_UP", "CANCELLED", "RETURNED", "SUSPENDED");
    private static final int REVISION_RETRIES = 3;

    public enum Result { DONE, RETRY }

    private final RegistrationStore registrations;
    private final AllegroFulfillment allegro;
    private final TrackingStore tracking;
    private final OrderStore orders;
    private final Clock clock;
    private final Duration unknownSettle;
    private final AccountPolicyCache policies;

    /**
     * @param unknownSettle how long after a POST without answer we wait before reading the order's shipments:
     *                      a request still queued on Allegro's side would otherwise be read as absent and the
     *                      waybill posted twice (found by the fault run)
     */
    public TrackingForwarder(RegistrationStore registrations, AllegroFulfillment allegro, TrackingStore tracking,
            OrderStore orders, Clock clock, Duration unknownSettle) {
        this(registrations, allegro, tracking, orders, clock, unknownSettle, account -> ForwardingPolicy.DEFAULT);
    }

    /** @param policies each account's forwarding policy (when the waybill goes, whether PROCESSING at label) */
    public TrackingForwarder(RegistrationStore registrations, AllegroFulfillment allegro, TrackingStore tracking,
            OrderStore orders, Clock clock, Duration unknownSettle, Function<String, ForwardingPolicy> policies) {
        this(registrations, allegro, tracking, orders, clock, unknownSettle, policies, Duration.ZERO);
    }

    /**
     * @param accountCacheTtl how long a policy read from the account is reused by this instance (a change takes
     *                        effect within it); zero reads the account on every forward
     */
    public TrackingForwarder(RegistrationStore registrations, AllegroFulfillment allegro, TrackingStore tracking,
            OrderStore orders, Clock clock, Duration unknownSettle, Function<String, ForwardingPolicy> policies,
            Duration accountCacheTtl) {
        this(registrations, allegro, tracking, orders, clock, unknownSettle,
                new AccountPolicyCache(policies, clock, accountCacheTtl));
    }

    private TrackingForwarder(RegistrationStore registrations, AllegroFulfillment allegro, TrackingStore tracking,
            OrderStore orders, Clock clock, Duration unknownSettle, AccountPolicyCache policies) {
        this.policies = policies;
        this.registrations = registrations;
        this.allegro = allegro;
        this.tracking = tracking;
        this.orders = orders;
        this.clock = clock;
        this.unknownSettle = unknownSettle;
    }

    /**
     * The same forwarder (stores, policies and their cache) calling Allegro through {@code allegro}: the daily
     * reconciliation forwards through a client that waits for the rate limit's next window.
     */
    public TrackingForwarder withAllegro(AllegroFulfillment allegro) {
        return new TrackingForwarder(registrations, allegro, tracking, orders, clock, unknownSettle, policies);
    }

    /**
     * @param receiveCount how many times the queue delivered this message (1 the first time)
     * @param maxReceives  the queue's redrive limit: at this receive, unsettled work is marked STUCK
     */
    public Result handle(ForwardRequest request, int receiveCount, int maxReceives) {
        List<Registration> targets = new ArrayList<>();
        if (request.orderId() != null) {
            registrations.find(request.accountId(), request.waybill(), request.orderId()).ifPresent(targets::add);
        } else {
            // a carrier scan: every order this waybill is registered for (none yet: its registration will come)
            registrations.forWaybill(request.accountId(), request.waybill()).forEach(f -> targets.add(f.registration()));
        }
        Result result = Result.DONE;
        for (Registration r : targets) {
            if (forward(r, receiveCount >= maxReceives) == Result.RETRY) {
                result = Result.RETRY;
            }
        }
        return result;
    }

    private Result forward(Registration r, boolean lastReceive) {
        String holder = UUID.randomUUID().toString();
        Instant now = clock.instant();
        Optional<Forward> claimed = registrations.claim(r.accountId(), r.waybill(), r.orderId(), holder, now, now.plus(CLAIM));
        if (claimed.isEmpty()) {
            // Another worker holds it right now. Its message may be a different trigger (a registration while this
            // is the handover): it may already have decided "not handed over yet" and would leave SENT undone. So
            // this message comes back after the queue's backoff and does whatever is left then (usually nothing).
            return Result.RETRY;
        }
        ForwardState claimedState = claimed.get().state();
        ForwardState state = claimedState;
        List<ForwardState.Attempt> attempts = new ArrayList<>();
        ForwardingPolicy policy = policies.policy(r.accountId());
        try {
            boolean handedOver = handedOver(r);
            if (!handedOver && policy.processingAtLabel() && r.labelCreatedAt() != null && !processingSettled(state)) {
                markProcessing(r, state, attempts, lastReceive);
            }
            if (handedOver || policy.waybillAt() == ForwardingPolicy.WaybillAt.REGISTRATION) {
                state = postWaybill(r, state, attempts);
            } // else FIRST_SCAN: the first carrier scan queues this forward again (ingest's HANDOVER message)
            if ("ACCEPTED".equals(state.waybill()) && !state.sentSettled() && handedOver) {
                state = markSent(r, state, attempts);
            }
            registrations.record(r.accountId(), r.waybill(), r.orderId(), holder, claimedState, state, attempts);
            return Result.DONE;
        } catch (Retry retry) {
            ForwardState last = retry.state;
            if (lastReceive) {
                last = new ForwardState(last.waybillSettled() ? last.waybill() : "STUCK", last.allegroShipmentId(),
                        last.acceptedAt(), last.sentSettled() ? last.sent() : "STUCK", last.sentAt(), last.attempts());
                LOG.errorf("forward of %s to order %s (account %s) is STUCK after the last delivery: %s", r.waybill(),
                        r.orderId(), r.accountId(), retry.getMessage());
            }
            registrations.record(r.accountId(), r.waybill(), r.orderId(), holder, claimedState, last, attempts);
            return Result.RETRY;
        }
    }

    /** The waybill on the order, exactly once. */
    private ForwardState postWaybill(Registration r, ForwardState state, List<ForwardState.Attempt> attempts) {
        if (state.waybillSettled()) {
            return state;
        }
        // Any POST that went unanswered (whatever the state says since: RETRYING, even STUCK after a redrive) means
        // Allegro may hold the waybill already, and a waybill can never be removed: read before posting again.
        // (The fault run caught a duplicate when a STUCK mark hid an earlier unanswered POST.)
        Instant unanswered = lastUnanswered(state);
        if (unanswered != null) {
            if (clock.instant().isBefore(unanswered.plus(unknownSettle))) {
                throw new Retry(state, new AllegroApiException(0, "SETTLING",
                        "waiting " + unknownSettle + " after an unanswered POST before reading the order", null, true));
            }
            try {
                for (JsonNode s : allegro.orderShipments(r.accountId(), r.orderId()).path("shipments")) {
                    if (r.waybill().equals(JsonFields.text(s, "waybill"))) {
                        attempts.add(attempt("CHECK", "FOUND", 200, null, null, null));
                        return state.withWaybill("ACCEPTED", JsonFields.text(s, "id"), instant(JsonFields.text(s, "createdAt")));
                    }
                }
                attempts.add(attempt("CHECK", "ABSENT", 200, null, null, null));
            } catch (AllegroApiException e) {
                attempts.add(failed("CHECK", e));
                throw new Retry(state, e);
            }
        }
        ObjectNode body = JSON.createObjectNode();
        body.put("carrierId", r.carrierId());
        body.put("waybill", r.waybill());
        if (r.carrierName() != null) {
            body.put("carrierName", r.carrierName());
        }
        if (!r.lineItemIds().isEmpty()) {
            ArrayNode items = body.putArray("lineItems");
            r.lineItemIds().forEach(id -> items.addObject().put("id", id));
        }
        try {
            JsonNode created = allegro.addShipment(r.accountId(), r.orderId(), body);
            attempts.add(attempt("WAYBILL", "ACCEPTED", 201, null, null, null));
            return state.withWaybill("ACCEPTED", JsonFields.text(created, "id"), instant(JsonFields.text(created, "createdAt")));
        } catch (AllegroApiException e) {
            attempts.add(failed("WAYBILL", e));
            if (e.status() == 0) {
                throw new Retry(state.withWaybill("UNKNOWN", null, null), e);
            }
            if (e.retryable()) {
                throw new Retry(state.withWaybill("RETRYING", null, null), e);
            }
            LOG.warnf("Allegro refused waybill %s for order %s (account %s): %s", r.waybill(), r.orderId(), r.accountId(),
                    e.getMessage());
            return state.withWaybill("REJECTED", null, null);
        }
    }

    /** SENT with the order's revision; a stale revision is re-read and retried, a later status is left alone. */
    private ForwardState markSent(Registration r, ForwardState state, List<ForwardState.Attempt> attempts) {
        Optional<Order> known = orders.find(r.accountId(), r.orderId());
        String revision = known.map(Order::revision).orElse(null);
        String fulfillment = known.map(Order::fulfillmentStatus).orElse(null);
        for (int i = 0; i <= REVISION_RETRIES; i++) {
            try {
                if (revision == null) {
                    JsonNode form = allegro.checkoutForm(r.accountId(), r.orderId());
                    revision = JsonFields.text(form, "revision");
                    fulfillment = JsonFields.text(form, "fulfillment", "status");
                }
                if (fulfillment != null && NOT_BEFORE_SENT.contains(fulfillment)) {
                    attempts.add(attempt("SENT", "SKIPPED", 0, null, "the order is already " + fulfillment, null));
                    return state.withSent("SENT".equals(fulfillment) ? "DONE" : "SKIPPED", clock.instant());
                }
                allegro.setFulfillment(r.accountId(), r.orderId(), revision, "SENT");
                attempts.add(attempt("SENT", "DONE", 204, null, null, null));
                return state.withSent("DONE", clock.instant());
            } catch (AllegroApiException e) {
                attempts.add(failed("SENT", e));
                if (e.status() == 409) {
                    revision = null; // stale: read the order again and decide again
                    continue;
                }
                if (e.retryable()) {
                    throw new Retry(state.withSent("RETRYING", null), e);
                }
                return state.withSent("REJECTED", null);
            }
        }
        throw new Retry(state.withSent("RETRYING", null),
                new AllegroApiException(409, "REVISION_CHANGING", "the order kept changing", null, true));
    }

    /**
     * PROCESSING when the label is printed, only from NEW (never back from a later status). Optional and
     * cosmetic: a failure is recorded and retried with the message, but never marks the shipment STUCK.
     */
    private void markProcessing(Registration r, ForwardState state, List<ForwardState.Attempt> attempts, boolean lastReceive) {
        Optional<Order> known = orders.find(r.accountId(), r.orderId());
        String revision = known.map(Order::revision).orElse(null);
        String fulfillment = known.map(Order::fulfillmentStatus).orElse(null);
        for (int i = 0; i <= REVISION_RETRIES; i++) {
            try {
                if (revision == null || fulfillment == null) {
                    JsonNode form = allegro.checkoutForm(r.accountId(), r.orderId());
                    revision = JsonFields.text(form, "revision");
                    fulfillment = JsonFields.text(form, "fulfillment", "status");
                }
                if (!"NEW".equals(fulfillment)) {
                    attempts.add(attempt("PROCESSING", "SKIPPED", 0, null, "the order is already " + fulfillment, null));
                    return;
                }
                allegro.setFulfillment(r.accountId(), r.orderId(), revision, "PROCESSING");
                attempts.add(attempt("PROCESSING", "DONE", 204, null, null, null));
                return;
            } catch (AllegroApiException e) {
                attempts.add(failed("PROCESSING", e));
                if (e.status() == 409) {
                    revision = null;
                    continue;
                }
                if (e.retryable() && !lastReceive) {
                    throw new Retry(state, e);
                }
                return;
            }
        }
    }

    private static boolean processingSettled(ForwardState state) {
        return state.attempts().stream().anyMatch(a -> "PROCESSING".equals(a.action())
                && ("DONE".equals(a.outcome()) || "SKIPPED".equals(a.outcome()) || "REJECTED".equals(a.outcome())));
    }

    private static Instant lastUnanswered(ForwardState state) {
        Instant last = null;
        for (ForwardState.Attempt a : state.attempts()) {
            if ("WAYBILL".equals(a.action()) && "NO_RESPONSE".equals(a.outcome())) {
                last = a.at();
            }
        }
        return last;
    }

    /** Handover evidence: a carrier scan (COLLECTED or later) or the WMS's handover time. */
    private boolean handedOver(Registration r) {
        if (r.handedOverAt() != null) {
            return true;
        }
        return tracking.shipment(r.accountId(), r.waybill()).map(s -> s.state().firstScanAt() != null).orElse(false);
    }

    private ForwardState.Attempt attempt(String action, String outcome, int status, String code, String message, String trace) {
        return new ForwardState.Attempt(clock.instant(), action, outcome, status, code, message, trace);
    }

    private ForwardState.Attempt failed(String action, AllegroApiException e) {
        String outcome = e.status() == 0 ? "NO_RESPONSE" : e.retryable() ? "RETRY" : "REJECTED";
        return attempt(action, outcome, e.status(), e.code(), e.getMessage(), e.traceId());
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Retryable trouble, carrying the state to record before the queue redelivers. */
    private static final class Retry extends RuntimeException {
        final ForwardState state;

        Retry(ForwardState state, AllegroApiException cause) {
            super(cause.getMessage(), cause, false, false);
            this.state = state;
        }
    }
}
