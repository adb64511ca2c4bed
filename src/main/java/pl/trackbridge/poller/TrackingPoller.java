package pl.trackbridge.poller;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.forwarding.ForwardRequest;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.webhook.JsonFields;

/**
 * The tracking poller (issue 7): asks Allegro's parcel tracking about every due shipment, 20 waybills of one
 * carrier per call, and stores what is new as canonical events through the same {@link TrackingStore#append} as
 * webhooks (so the state rules, deduplication and handover forwarding are the same).
 *
 * <p>Due shipments come from the schedule's index. Each is claimed (its due time moved on, conditionally) before
 * the call, so concurrent runs never ask twice. A carrier Allegro refuses is recorded once and its shipments leave
 * the schedule; retryable trouble leaves them for their next due time.
 */
public final class TrackingPoller {
    private static final Logger LOG = Logger.getLogger(TrackingPoller.class);
    static final int WAYBILLS_PER_CALL = 20;
    /** How long a refusal holds before Allegro is asked about that carrier again (its carrier list changes). */
    static final Duration REFUSAL_HOLD = Duration.ofDays(7);

    /** The one Allegro call the poller makes. */
    @FunctionalInterface
    public interface ParcelTracking {
        JsonNode fetch(String accountId, String carrierId, List<String> waybills);
    }

    private final PollScheduleStore schedule;
    private final TrackingStore tracking;
    private final ParcelTracking allegro;
    private final PollPolicy policy;
    private final Clock clock;
    private final Predicate<String> connected;
    private final int maxPerRun;
    private final ForwardingQueue queue;
    private Duration budget = Duration.ofMinutes(9);
    private RatePacer pacer = RatePacer.never();

    /** How long one run may call Allegro (the function's timeout is 10 minutes); the rest stays due. */
    public TrackingPoller withBudget(Duration budget) {
        this.budget = budget;
        return this;
    }

    /**
     * How a run meets a full rate-limit window (parcel tracking shares the 50-a-second shipments budget): it waits
     * for the next one within its budget instead of failing the batch. Default: never waits.
     */
    public TrackingPoller withPacer(RatePacer pacer) {
        this.pacer = pacer;
        return this;
    }

    /** Allegro blocked us (or the next window is too far off): the run stops, the rest stays due. */
    private static final class Stop extends RuntimeException {
        Stop(AllegroApiException cause) {
            super(cause.getMessage(), cause, false, false);
        }
    }

    /**
     * @param connected whether an account is linked to Allegro (others keep their schedule untouched)
     * @param maxPerRun most shipments one run takes from the index (the rest stay due for the next run)
     * @param queue     the forwarder's queue: a first scan found by polling is a handover, like a pushed one
     */
    public TrackingPoller(PollScheduleStore schedule, TrackingStore tracking, ParcelTracking allegro, PollPolicy policy,
            Clock clock, Predicate<String> connected, int maxPerRun, ForwardingQueue queue) {
        this.queue = queue;
        this.schedule = schedule;
        this.tracking = tracking;
        this.allegro = allegro;
        this.policy = policy;
        this.clock = clock;
        this.connected = connected;
        this.maxPerRun = maxPerRun;
    }

    public PollReport run() {
        PollReport report = new PollReport();
        Instant now = clock.instant();
        long deadline = System.nanoTime() + budget.toNanos(); // wall time, whatever the (test) clock says
        RatePacer.Pace pace = pacer.within(budget);
        String stopped = null;
        List<PollItem> due = new ArrayList<>();
        for (int s = 0; s < policy.shards() && due.size() < maxPerRun; s++) {
            due.addAll(schedule.due(policy.shard(s), now, maxPerRun - due.size()));
        }
        report.due = due.size();
        Map<String, Map<String, List<PollItem>>> byAccount = new LinkedHashMap<>();
        for (PollItem i : due) {
            byAccount.computeIfAbsent(i.accountId(), a -> new LinkedHashMap<>())
                    .computeIfAbsent(i.carrierId() == null ? "OTHER" : i.carrierId(), c -> new ArrayList<>()).add(i);
        }
        for (Map.Entry<String, Map<String, List<PollItem>>> account : byAccount.entrySet()) {
            if (!connected.test(account.getKey())) {
                account.getValue().values().forEach(l -> report.skippedNotConnected += l.size());
                continue;
            }
            for (Map.Entry<String, List<PollItem>> carrier : account.getValue().entrySet()) {
                if (stopped != null) {
                    report.errors.add("not polled: " + carrier.getValue().size() + " due shipments of " + account.getKey()
                            + "/" + carrier.getKey() + " wait for the next run (" + stopped + ")");
                    continue; // not claimed: still due
                }
                if (System.nanoTime() - deadline > 0) {
                    report.errors.add("out of time: " + carrier.getValue().size() + " due shipments of " + account.getKey()
                            + "/" + carrier.getKey() + " wait for the next run");
                    continue; // not claimed: still due
                }
                try {
                    pollCarrier(account.getKey(), carrier.getKey(), carrier.getValue(), now, pace, report);
                } catch (Stop e) {
                    stopped = "rate limited: " + e.getMessage(); // recorded where it happened
                } catch (RuntimeException e) {
                    // one account's trouble (token, storage) never stops the others
                    LOG.errorf(e, "tracking-poller %s/%s failed", account.getKey(), carrier.getKey());
                    report.errors.add(account.getKey() + "/" + carrier.getKey() + ": " + e.getClass().getSimpleName()
                            + ": " + e.getMessage());
                }
            }
        }
        return report;
    }

    private void pollCarrier(String accountId, String carrierId, List<PollItem> items, Instant now, RatePacer.Pace pace,
            PollReport report) {
        if (schedule.refused(carrierId, now)) {
            items.forEach(i -> schedule.stop(i, PollItem.CARRIER_REFUSED));
            report.stoppedCarrierRefused += items.size();
            return;
        }
        List<PollItem> claimed = new ArrayList<>();
        for (PollItem i : items) {
            if (policy.tooOld(i, now)) {
                schedule.stop(i, PollItem.MAX_AGE);
                report.stoppedMaxAge++;
            } else if (schedule.claim(i, policy.afterPoll(i, now), now)) {
                claimed.add(i);
            } else {
                report.skippedClaimed++;
            }
        }
        for (int from = 0; from < claimed.size(); from += WAYBILLS_PER_CALL) {
            List<PollItem> batch = claimed.subList(from, Math.min(claimed.size(), from + WAYBILLS_PER_CALL));
            JsonNode answer;
            try {
                report.calls++;
                List<String> waybills = batch.stream().map(PollItem::waybill).toList();
                answer = pace.call(() -> allegro.fetch(accountId, carrierId, waybills));
            } catch (AllegroApiException e) {
                if (e.status() == 429) {
                    // claimed items of this carrier wait for their next due time, as after any retryable failure
                    report.errors.add(accountId + "/" + carrierId + ": " + e.getMessage());
                    throw new Stop(e);
                }
                if (!e.retryable() && e.status() == 400) {
                    // we never send 0 or over 20 waybills: a 400 here is the carrier itself (INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT)
                    if (schedule.recordRefusal(carrierId, e.getMessage(), now, now.plus(REFUSAL_HOLD))) {
                        report.refusedCarriers.add(carrierId);
                        LOG.warnf("Allegro's parcel tracking refuses carrier %s; its shipments are no longer polled: %s",
                                carrierId, e.getMessage());
                    }
                    List<PollItem> rest = claimed.subList(from, claimed.size());
                    rest.forEach(i -> schedule.stop(withNext(i, policy.afterPoll(i, now)), PollItem.CARRIER_REFUSED));
                    report.stoppedCarrierRefused += rest.size();
                    return;
                }
                report.errors.add(accountId + "/" + carrierId + ": " + e.getMessage());
                continue; // claimed items wait for their next due time
            }
            report.polled += batch.size();
            Map<String, PollItem> byWaybill = new HashMap<>();
            batch.forEach(i -> byWaybill.put(i.waybill(), i));
            for (JsonNode w : answer.path("waybills")) {
                PollItem item = byWaybill.get(JsonFields.text(w, "waybill"));
                if (item != null) {
                    takeIn(item, w, now, report);
                }
            }
        }
    }

    /** New statuses of one waybill into the store, skipping what any source already reported for that instant. */
    private void takeIn(PollItem item, JsonNode waybillNode, Instant now, PollReport report) {
        List<CanonicalEvent> history = AllegroTrackingCodes.events(item.carrierId(), item.waybill(), waybillNode,
                item.orderId());
        List<CanonicalEvent> fresh = new ArrayList<>();
        Instant upTo = item.polledUpTo();
        for (CanonicalEvent e : history) {
            if (item.polledUpTo() == null || e.occurredAt().isAfter(item.polledUpTo())) {
                fresh.add(e);
            }
            upTo = upTo == null || e.occurredAt().isAfter(upTo) ? e.occurredAt() : upTo;
        }
        boolean terminalSeen = history.stream().anyMatch(CanonicalEvent::isTerminal);
        if (!fresh.isEmpty()) {
            // Read the history only when Allegro has something new: the same status at the same instant from a
            // webhook is the same fact, and is not stored twice.
            Set<String> known = new HashSet<>();
            for (StoredEvent s : tracking.events(item.accountId(), item.waybill())) {
                known.add(s.event().status() + "@" + s.event().occurredAt());
                known.add(s.event().eventKey());
            }
            List<CanonicalEvent> toStore = new ArrayList<>();
            for (CanonicalEvent e : fresh) {
                if (known.contains(e.eventKey()) || known.contains(e.status() + "@" + e.occurredAt())) {
                    report.alreadyKnown++;
                } else {
                    toStore.add(e);
                }
            }
            if (!toStore.isEmpty()) {
                AppendResult result = tracking.append(item.accountId(), item.waybill(), toStore, null, now);
                report.eventsAdded += result.accepted();
                ShipmentRecord after = result.after();
                if (ShipmentRecord.FORWARD_PENDING.equals(after.handoverForward())) {
                    // same as webhook ingest: the forwarder now marks the order SENT (its claim makes a repeat harmless)
                    queue.enqueue(new ForwardRequest(ForwardRequest.HANDOVER, after.accountId(), after.waybill(),
                            after.carrierId(), after.orderId(), after.state().firstScanAt()));
                    tracking.markHandoverEnqueued(after.accountId(), after.waybill());
                }
            }
            schedule.polled(item, upTo, !toStore.isEmpty(), now);
        }
        if (item.terminalUnconfirmed() && terminalSeen) {
            schedule.confirmTerminal(item, now);
            report.terminalsConfirmed++;
        }
    }

    private static PollItem withNext(PollItem i, Instant next) {
        return new PollItem(i.accountId(), i.waybill(), i.carrierId(), i.orderId(), i.startedAt(), i.lastPushAt(),
                i.lastEventArrivedAt(), i.lastPolledAt(), i.polledUpTo(), next, i.stopped(), i.confirmTerminal(),
                i.terminalConfirmedAt());
    }
}
