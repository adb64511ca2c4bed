package pl.trackbridge.reconciliation;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.forwarding.AllegroFulfillment;
import pl.trackbridge.forwarding.Forward;
import pl.trackbridge.forwarding.ForwardRequest;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.forwarding.RegistrationStore;
import pl.trackbridge.forwarding.TrackingForwarder;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.OrderStore;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.webhook.JsonFields;

/**
 * The daily reconciliation (issue 7, DESIGN §1.6): for every order whose dispatch deadline fell in the last N days,
 * what we forwarded against what Allegro shows ({@code GET /order/checkout-forms/{id}/shipments}) and the order's
 * fulfillment status.
 *
 * <ul>
 * <li>a waybill we hold that Allegro lacks goes through the tracking forwarder's own exactly-once path (claim,
 * read-before-post after an unanswered POST): reconciliation never posts a waybill itself;</li>
 * <li>a waybill Allegro has that our record does not show accepted is recorded as found, under the same claim,
 * and never posted;</li>
 * <li>SENT missing after handover goes through the forwarder too;</li>
 * <li>a waybill on Allegro that we never sent is adopted as the order's shipment;</li>
 * <li>what stays missing is reported.</li>
 * </ul>
 * Safe to run twice or concurrently: every change is conditional, and the report merges sets.
 */
public final class Reconciliation {
    private static final Logger LOG = Logger.getLogger(Reconciliation.class);
    static final java.util.Set<String> CANCELLED = java.util.Set.of("CANCELLED");

    private final AccountStore accounts;
    private final OrderStore orders;
    private final RegistrationStore registrations;
    private final TrackingForwarder forwarder;
    private final AllegroFulfillment allegro;
    private final TrackingStore tracking;
    private final ReconciliationStore reports;
    private final Clock clock;
    private final Predicate<String> connected;
    private final Duration window;
    private final Consumer<Registration> onAdopted;
    private Duration budget = Duration.ofMinutes(13);
    private RatePacer pacer = RatePacer.never();

    /** How long one run may take (the function's timeout is 15 minutes); what is left waits for the next run. */
    public Reconciliation withBudget(Duration budget) {
        this.budget = budget;
        return this;
    }

    /**
     * How a run meets a full rate-limit window: it waits for the next one (within its budget) rather than
     * recording RATE_LIMITED for every order past the 50th of a second. Default: never waits.
     */
    public Reconciliation withPacer(RatePacer pacer) {
        this.pacer = pacer;
        return this;
    }

    /** One run: its deadline, its pacing, the forwarder calling through the paced client, and whether to stop. */
    private final class Run {
        final Instant deadline = clock.instant().plus(budget);
        final RatePacer.Pace pace = pacer.within(budget);
        final AllegroFulfillment allegro = AllegroFulfillment.paced(Reconciliation.this.allegro, pace);
        final TrackingForwarder forwarder = Reconciliation.this.forwarder.withAllegro(allegro);
        /** Set when Allegro blocked us (or the budget is spent beyond a short wait): no more calls this run. */
        String stopped;
    }

    /**
     * @param window    how far back dispatch deadlines are checked (default 7 days)
     * @param onAdopted called for each adopted waybill (the poller's schedule starts there)
     */
    public Reconciliation(AccountStore accounts, OrderStore orders, RegistrationStore registrations,
            TrackingForwarder forwarder, AllegroFulfillment allegro, TrackingStore tracking, ReconciliationStore reports,
            Clock clock, Predicate<String> connected, Duration window, Consumer<Registration> onAdopted) {
        this.accounts = accounts;
        this.orders = orders;
        this.registrations = registrations;
        this.forwarder = forwarder;
        this.allegro = allegro;
        this.tracking = tracking;
        this.reports = reports;
        this.clock = clock;
        this.connected = connected;
        this.window = window;
        this.onAdopted = onAdopted;
    }

    /** One run's reports, and how often and how long it waited for the rate limit's next window. */
    public record RunResult(List<ReconciliationReport> reports, int rateLimitWaits, Duration rateLimitWaited) {
    }

    public List<ReconciliationReport> run() {
        return runWithPacing().reports();
    }

    public RunResult runWithPacing() {
        List<ReconciliationReport> out = new ArrayList<>();
        Run run = new Run();
        for (String accountId : accounts.accountIds()) {
            if (!connected.test(accountId)) {
                continue;
            }
            if (run.stopped != null) {
                // not stored: the account was not looked at; the next run starts with it
                out.add(new ReconciliationReport(accountId, today(accountId), clock.instant(), Set.of(), Set.of(),
                        Set.of(), List.of(), List.of("not reached: " + run.stopped + "; the next run continues")));
                continue;
            }
            try {
                out.add(reconcile(accountId, run));
            } catch (RuntimeException e) {
                LOG.errorf(e, "reconciliation %s failed", accountId);
                out.add(new ReconciliationReport(accountId, today(accountId), clock.instant(), Set.of(), Set.of(),
                        Set.of(), List.of(), List.of(e.getClass().getSimpleName() + ": " + e.getMessage())));
            }
        }
        if (run.pace.waits() > 0) {
            LOG.infof("reconciliation waited %d times (%d ms) for the next rate-limit window", run.pace.waits(),
                    run.pace.waited().toMillis());
        }
        return new RunResult(out, run.pace.waits(), run.pace.waited());
    }

    public ReconciliationReport reconcile(String accountId) {
        return reconcile(accountId, new Run());
    }

    private ReconciliationReport reconcile(String accountId, Run run) {
        Instant now = clock.instant();
        Set<String> checked = new HashSet<>();
        Set<String> repaired = new HashSet<>();
        Set<String> adopted = new HashSet<>();
        List<ReconciliationReport.Missing> missing = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (Order order : orders.withDeadlineBetween(accountId, now.minus(window), now)) {
            if (!clock.instant().isBefore(run.deadline)) {
                errors.add("out of time: orders after " + order.orderId() + " wait for the next run");
                break;
            }
            checked.add(order.orderId());
            if (CANCELLED.contains(order.status()) || CANCELLED.contains(order.fulfillmentStatus())) {
                continue; // nothing to ship
            }
            try {
                reconcileOrder(order, now, run, repaired, adopted, missing);
            } catch (AllegroApiException e) {
                if (e.status() == 429) {
                    // Allegro's block, or a window too far off to wait for within the budget: calling on would
                    // only be refused (or hammer Allegro). Stop; the next run starts again from the window.
                    run.stopped = "rate limited (" + e.getMessage() + ")";
                    errors.add("stopped at " + order.orderId() + ": " + run.stopped + "; the rest waits for the next run");
                    break;
                }
                errors.add(order.orderId() + ": " + e.getMessage()); // the next run tries again
            }
        }
        ReconciliationReport report = new ReconciliationReport(accountId, today(accountId), now, checked, repaired,
                adopted, missing, errors);
        reports.merge(report);
        return report;
    }

    private void reconcileOrder(Order order, Instant now, Run run, Set<String> repaired, Set<String> adopted,
            List<ReconciliationReport.Missing> missing) {
        String accountId = order.accountId();
        String orderId = order.orderId();
        Map<String, JsonNode> onAllegro = new LinkedHashMap<>();
        for (JsonNode s : run.allegro.orderShipments(accountId, orderId).path("shipments")) {
            String waybill = JsonFields.text(s, "waybill");
            if (waybill != null) {
                onAllegro.putIfAbsent(waybill, s);
            }
        }
        List<Forward> ours = registrations.forOrder(accountId, orderId);
        Set<String> ourWaybills = new HashSet<>();
        for (Forward f : ours) {
            Registration r = f.registration();
            ourWaybills.add(r.waybill());
            String entry = orderId + "/" + r.waybill() + "/";
            JsonNode there = onAllegro.get(r.waybill());
            ForwardState state = f.state();
            if (there == null) {
                switch (state.waybill()) {
                    case "REJECTED" -> missing.add(new ReconciliationReport.Missing(orderId, r.waybill(), "REJECTED",
                            order.dispatchDeadline()));
                    case "ACCEPTED" -> missing.add(new ReconciliationReport.Missing(orderId, r.waybill(),
                            "ABSENT_ON_ALLEGRO", order.dispatchDeadline()));
                    default -> {
                        // lost on the way (queue message gone, STUCK, never sent): the forwarder's exactly-once path
                        state = forward(run, r);
                        if ("ACCEPTED".equals(state.waybill())) {
                            repaired.add(entry + "WAYBILL");
                        } else {
                            missing.add(new ReconciliationReport.Missing(orderId, r.waybill(),
                                    "REJECTED".equals(state.waybill()) ? "REJECTED" : "NOT_ACCEPTED_YET",
                                    order.dispatchDeadline()));
                        }
                    }
                }
            } else if (!"ACCEPTED".equals(state.waybill())) {
                // Allegro has it (an unanswered POST that went through): record it, never post it again
                if (recordFound(r, there, now)) {
                    repaired.add(entry + "FOUND");
                }
                state = stateOf(accountId, r);
            }
            if ("ACCEPTED".equals(state.waybill()) && !state.sentSettled() && handedOver(r)
                    && !TrackingForwarderStatuses.atOrPastSent(order.fulfillmentStatus())) {
                ForwardState after = forward(run, r);
                if ("DONE".equals(after.sent()) || "SKIPPED".equals(after.sent())) {
                    repaired.add(entry + "SENT");
                } else {
                    missing.add(new ReconciliationReport.Missing(orderId, r.waybill(), "SENT_MISSING",
                            order.dispatchDeadline()));
                }
            }
        }
        for (Map.Entry<String, JsonNode> e : onAllegro.entrySet()) {
            if (ourWaybills.contains(e.getKey())) {
                continue;
            }
            String carrierId = Optional.ofNullable(JsonFields.text(e.getValue(), "carrierId")).orElse("OTHER");
            Registration foreign = new Registration(accountId, orderId, e.getKey(), carrierId,
                    JsonFields.text(e.getValue(), "carrierName"), List.of(), null, null, now,
                    "adopted: added on Allegro by the carrier or by hand, not by TrackBridge", true);
            if (registrations.adopt(foreign, JsonFields.text(e.getValue(), "id"),
                    instant(JsonFields.text(e.getValue(), "createdAt")), now)) {
                onAdopted.accept(foreign);
            }
            adopted.add(orderId + "/" + e.getKey() + "/" + carrierId);
        }
        // our own waybills that are missing are reported above, one by one
        if (onAllegro.isEmpty() && ours.isEmpty() && order.dispatchDeadline() != null
                && order.dispatchDeadline().isBefore(now)) {
            missing.add(new ReconciliationReport.Missing(orderId, null, "NO_WAYBILL", order.dispatchDeadline()));
        }
    }

    /** One pass of the forwarder on this (order, waybill), under its claim; never marks anything STUCK. */
    private ForwardState forward(Run run, Registration r) {
        run.forwarder.handle(new ForwardRequest(ForwardRequest.REGISTERED, r.accountId(), r.waybill(), r.carrierId(),
                r.orderId(), r.registeredAt()), 1, Integer.MAX_VALUE);
        return stateOf(r.accountId(), r);
    }

    private ForwardState stateOf(String accountId, Registration r) {
        for (Forward f : registrations.forWaybill(accountId, r.waybill())) {
            if (f.registration().orderId().equals(r.orderId())) {
                return f.state();
            }
        }
        return ForwardState.NEW;
    }

    /** The waybill is on Allegro: under the forwarder's claim, record it accepted (a CHECK that found it). */
    private boolean recordFound(Registration r, JsonNode there, Instant now) {
        String holder = "reconciliation-" + java.util.UUID.randomUUID();
        Optional<Forward> claimed = registrations.claim(r.accountId(), r.waybill(), r.orderId(), holder, now,
                now.plusSeconds(60));
        if (claimed.isEmpty()) {
            return false; // a forwarder holds it right now; it will read before posting
        }
        ForwardState state = claimed.get().state();
        if ("ACCEPTED".equals(state.waybill())) {
            registrations.record(r.accountId(), r.waybill(), r.orderId(), holder, state, List.of());
            return false;
        }
        ForwardState found = state.withWaybill("ACCEPTED", JsonFields.text(there, "id"),
                instant(JsonFields.text(there, "createdAt")));
        registrations.record(r.accountId(), r.waybill(), r.orderId(), holder, found, List.of(new ForwardState.Attempt(now,
                "CHECK", "FOUND", 200, null, "found on the Allegro order by reconciliation", null)));
        return true;
    }

    private boolean handedOver(Registration r) {
        return r.handedOverAt() != null || tracking.shipment(r.accountId(), r.waybill())
                .map(s -> s.state().firstScanAt() != null).orElse(false);
    }

    private LocalDate today(String accountId) {
        ZoneId zone = accounts.find(accountId).map(Account::timeZone).orElse(ZoneId.of("Europe/Warsaw"));
        return LocalDate.ofInstant(clock.instant(), zone);
    }

    private static Instant instant(String text) {
        try {
            return text == null ? null : OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** The forwarder's rule for statuses that are already at or past SENT (never moved back). */
    static final class TrackingForwarderStatuses {
        private static final Set<String> AT_OR_PAST_SENT = Set.of("SENT", "PICKED_UP", "CANCELLED", "RETURNED",
                "SUSPENDED");

        static boolean atOrPastSent(String fulfillmentStatus) {
            return fulfillmentStatus != null && AT_OR_PAST_SENT.contains(fulfillmentStatus);
        }
    }
}
