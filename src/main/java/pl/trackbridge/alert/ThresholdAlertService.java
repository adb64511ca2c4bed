package pl.trackbridge.alert;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.jboss.logging.Logger;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.order.Order;

/**
 * The {@code threshold-alerts} job (DESIGN §5): per account, the KPI alert state machine on the rolling 7-day
 * values, then the order alerts, then the notices still to send.
 *
 * <p>Idempotent and safe to run concurrently: every raise is a conditional create on the alert's key, every
 * change a write conditional on the version read, and each notice is claimed with a lease before it is
 * published, so repeated or parallel runs publish each notice once (at least once across a crash, see
 * {@link Alert}).
 */
public final class ThresholdAlertService {
    private static final Logger LOG = Logger.getLogger(ThresholdAlertService.class);
    static final Duration CURSOR_OVERLAP = Duration.ofMinutes(10);
    private static final Set<String> EXCEPTION_REASONS = Set.of("LOST", "DAMAGED", "REFUSED", "DESTROYED");

    /**
     * @param atRisk         DISPATCH_AT_RISK: the deadline is this close and there is no handover (default 2 h)
     * @param missedLookback DISPATCH_MISSED is raised for deadlines passed within this long (default 48 h)
     * @param orderAlertMaxAge an order alert still open this long after it was raised closes as expired (7 days)
     * @param uploadWindow   FORWARD_STUCK: a waybill not accepted this long after registration (default 1 h)
     * @param staleAfter     TRACKING_STALE: no event for this long on a handed-over, non-terminal parcel (72 h)
     * @param lookback       how far back the forward and parcel indexes are read (14 days)
     * @param reminderEvery  an open KPI alert is re-notified this often (a day)
     * @param noticeLease    how long a sender holds a notice before another may send it (a crash in between)
     * @param minSample      the 7-day denominator needed before any KPI level is declared (20)
     * @param maxOrdersListed orders listed in one grouped message; the rest are counted
     */
    public record Settings(Duration atRisk, Duration missedLookback, Duration orderAlertMaxAge, Duration uploadWindow,
            Duration staleAfter, Duration lookback, Duration reminderEvery, Duration noticeLease, int minSample,
            int maxOrdersListed) {
        public static Settings defaults() {
            return new Settings(Duration.ofHours(2), Duration.ofHours(48), Duration.ofDays(7), Duration.ofHours(1),
                    Duration.ofHours(72), Duration.ofDays(14), Duration.ofDays(1), Duration.ofMinutes(2),
                    KpiThreshold.DEFAULT_MIN_SAMPLE, 50);
        }
    }

    /** One account's run: KPI statuses, alerts raised and resolved, messages sent, or the error that stopped it. */
    public record AccountReport(String accountId, Map<String, String> kpis, int raised, int resolved, int published,
            String error) {
    }

    private final AccountStore accounts;
    private final KpiReadings kpis;
    private final AlertFacts facts;
    private final AlertStore store;
    private final AlertNotifier notifier;
    private final AlertMessages messages;
    private final Clock clock;
    private final Settings settings;
    private final KpiAlertRules rules;

    public ThresholdAlertService(AccountStore accounts, KpiReadings kpis, AlertFacts facts, AlertStore store,
            AlertNotifier notifier, AlertMessages messages, Clock clock, Settings settings) {
        this.accounts = accounts;
        this.kpis = kpis;
        this.facts = facts;
        this.store = store;
        this.notifier = notifier;
        this.messages = messages;
        this.clock = clock;
        this.settings = settings;
        this.rules = new KpiAlertRules(settings.reminderEvery());
    }

    public List<AccountReport> run() {
        return run(clock.instant());
    }

    /** Every account, each on its own: one account's trouble is reported and the others still run. */
    public List<AccountReport> run(Instant now) {
        List<AccountReport> out = new ArrayList<>();
        for (String id : accounts.accountIds()) {
            Optional<Account> account = accounts.find(id);
            if (account.isEmpty()) {
                continue;
            }
            try {
                out.add(runAccount(account.get(), now));
            } catch (RuntimeException e) {
                LOG.errorf(e, "threshold-alerts failed for account %s", id);
                out.add(new AccountReport(id, Map.of(), 0, 0, 0, e.toString()));
            }
        }
        return out;
    }

    public AccountReport runAccount(Account account, Instant now) {
        String acct = account.accountId();
        Map<String, Alert> known = new HashMap<>();
        int[] counts = new int[2]; // raised, resolved

        // --- KPI alerts on the rolling 7-day values of today (the account's calendar)
        LocalDate day = LocalDate.ofInstant(now, account.timeZone());
        Map<String, KpiReading> readings = kpis.read(acct, day);
        List<Alert> kpiAlerts = store.kpiAlerts(acct);
        kpiAlerts.forEach(a -> keep(known, a));
        Map<String, String> kpiStatus = new TreeMap<>();
        for (KpiThreshold t : KpiThreshold.forAccount(account.thresholds(), settings.minSample()).values()) {
            Alert warn = known.get(Alert.kpiKey(t.kpi(), Alert.WARN));
            Alert breach = known.get(Alert.kpiKey(t.kpi(), Alert.BREACH));
            KpiAlertRules.Outcome o = rules.evaluate(acct, t, readings.get(t.kpi()), warn, breach, now);
            kpiStatus.put(t.kpi(), o.status().name());
            for (Alert c : o.creates()) {
                if (store.create(c, true)) {
                    known.put(c.key(), c);
                    counts[0]++;
                }
            }
            for (Alert u : o.updates()) {
                if (store.update(u)) {
                    known.put(u.key(), u);
                    if (!u.isOpen()) {
                        counts[1]++;
                    }
                }
            }
        }

        // --- order alerts: what holds now, from the indexes; open alerts no longer found are checked one by one
        List<Alert> openOrPending = store.openOrPending(acct);
        openOrPending.forEach(a -> keep(known, a));
        Map<String, Alert> findings = new LinkedHashMap<>();
        findOrderAlerts(account, now, findings);
        for (Alert open : openOrPending) {
            if (!open.isOpen() || Alert.KPI.equals(open.kind())) {
                continue;
            }
            // a disconnected account stays an alert until it is reconnected; order alerts expire after a week
            boolean expired = !Alert.ACCOUNT_DISCONNECTED.equals(open.kind())
                    && !now.isBefore(open.openedAt().plus(settings.orderAlertMaxAge()));
            if (findings.containsKey(open.key()) && !expired) {
                continue;
            }
            Optional<Alert> still = expired ? Optional.empty() : recheck(account, open, now);
            still.ifPresent(f -> findings.putIfAbsent(f.key(), f));
            if (still.isPresent() && still.get().key().equals(open.key())) {
                continue; // still holds, only out of the indexes' windows
            }
            Map<String, String> d = new TreeMap<>(open.details());
            d.put("resolution", expired ? "expired" : "cleared");
            Alert resolved = open.resolved(null, d, now);
            if (store.update(resolved)) {
                known.put(resolved.key(), resolved);
                counts[1]++;
            }
            findings.remove(open.key());
        }
        for (Alert f : findings.values()) {
            Alert existing = known.get(f.key());
            if (existing != null) {
                continue; // raised once per order: open, or resolved and not raised again
            }
            if (store.create(f, false)) {
                known.put(f.key(), f);
                counts[0]++;
            }
        }

        store.advanceOrdersChecked(acct, now); // after the alerts it found are stored: a crash repeats the window
        // --- notices: every alert with one waiting, claimed before it is published
        int published = deliver(account, known, now);
        return new AccountReport(acct, kpiStatus, counts[0], counts[1], published, null);
    }

    private static void keep(Map<String, Alert> known, Alert a) {
        known.merge(a.key(), a, (x, y) -> y.version() > x.version() ? y : x);
    }

    private void findOrderAlerts(Account account, Instant now, Map<String, Alert> out) {
        String acct = account.accountId();
        // Orders are looked at twice in their life, each through the deadline index: when their deadline enters the
        // at-risk window and when it passes, both since the last run (a durable cursor; the first run looks back 48 h).
        // An alert once raised is followed through the open alerts, so handed-over orders are not read every run.
        Instant floor = now.minus(settings.missedLookback());
        // overlapping by 10 minutes: an order synced a little late is still seen (alert keys make repeats harmless)
        Instant since = store.ordersCheckedUntil(acct).map(c -> c.minus(CURSOR_OVERLAP)).filter(c -> c.isAfter(floor))
                .orElse(floor);
        since = since.isAfter(now) ? now : since;
        List<Order> due = new ArrayList<>(facts.ordersWithDeadline(acct, since, now));
        Instant riskFrom = since.plus(settings.atRisk()).isAfter(now) ? since.plus(settings.atRisk()) : now;
        due.addAll(facts.ordersWithDeadline(acct, riskFrom, now.plus(settings.atRisk())));
        for (Order o : due) {
            checkOrder(account, o, now).ifPresent(a -> out.putIfAbsent(a.key(), a));
        }
        for (AlertFacts.ForwardFact f : facts.forwardsNeedingAttention(acct, now.minus(settings.lookback()))) {
            checkForward(account, f, now).ifPresent(a -> out.putIfAbsent(a.key(), a));
        }
        for (AlertFacts.ShipmentFact s : facts.silentShipments(acct, now.minus(settings.lookback()),
                now.minus(settings.staleAfter()))) {
            checkStale(account, s, now).ifPresent(a -> out.putIfAbsent(a.key(), a));
        }
        for (AlertFacts.ShipmentFact s : facts.deliveryExceptions(acct, now.minus(settings.lookback()))) {
            checkException(account, s, now).ifPresent(a -> out.putIfAbsent(a.key(), a));
        }
        checkConnection(account, facts.connection(acct), now).ifPresent(a -> out.putIfAbsent(a.key(), a));
        for (AlertFacts.GapFact g : facts.reconciliationGaps(acct, LocalDate.ofInstant(now, account.timeZone()))) {
            Alert gap = gapAlert(account, g, now);
            out.putIfAbsent(gap.key(), gap);
        }
    }

    /** An order the latest reconciliation left missing; cleared once a later report no longer lists it. */
    private Alert gapAlert(Account account, AlertFacts.GapFact g, Instant now) {
        Map<String, String> d = new TreeMap<>();
        put(d, "reason", g.reason());
        put(d, "deadline", g.dispatchDeadline());
        d.put("reportDate", g.reportDate().toString());
        return orderAlert(account, Alert.RECONCILIATION_GAP, Alert.RECONCILIATION_GAP + "#" + g.orderId(), "WARNING",
                g.orderId(), g.orderId(), g.waybill(), d, now);
    }

    /** An open alert the indexes no longer show (out of their window, or cleared): its fact read again by key. */
    private Optional<Alert> recheck(Account account, Alert open, Instant now) {
        String acct = account.accountId();
        return switch (open.kind()) {
            case Alert.DISPATCH_AT_RISK, Alert.DISPATCH_MISSED ->
                    facts.order(acct, open.orderId()).flatMap(o -> checkOrder(account, o, now));
            case Alert.FORWARD_REJECTED, Alert.FORWARD_STUCK -> facts.forwardsOfOrder(acct, open.orderId()).stream()
                    .filter(f -> f.waybill().equals(open.waybill())).findFirst().flatMap(f -> checkForward(account, f, now));
            case Alert.TRACKING_STALE -> facts.shipment(acct, open.waybill()).flatMap(s -> checkStale(account, s, now));
            case Alert.DELIVERY_EXCEPTION -> facts.shipment(acct, open.waybill()).flatMap(s -> checkException(account, s, now));
            case Alert.ACCOUNT_DISCONNECTED -> checkConnection(account, facts.connection(acct), now);
            case Alert.RECONCILIATION_GAP -> facts.reconciliationGaps(acct, LocalDate.ofInstant(now, account.timeZone()))
                    .stream().filter(g -> g.orderId().equals(open.orderId())).findFirst().map(g -> gapAlert(account, g, now));
            default -> Optional.empty();
        };
    }

    private Optional<Alert> checkOrder(Account account, Order o, Instant now) {
        if (o.dispatchDeadline() == null || o.cancellation() != null || "CANCELLED".equals(o.status())
                || "CANCELLED".equals(o.fulfillmentStatus())) {
            return Optional.empty();
        }
        boolean passed = !now.isBefore(o.dispatchDeadline());
        if (!passed && now.plus(settings.atRisk()).isBefore(o.dispatchDeadline())) {
            return Optional.empty();
        }
        if (facts.handover(account.accountId(), o.orderId()) != null) {
            return Optional.empty();
        }
        Map<String, String> d = new TreeMap<>();
        d.put("deadline", o.dispatchDeadline().toString());
        put(d, "fulfillmentStatus", o.fulfillmentStatus());
        d.put("smart", Boolean.toString(o.smart()));
        String kind = passed ? Alert.DISPATCH_MISSED : Alert.DISPATCH_AT_RISK;
        return Optional.of(orderAlert(account, kind, kind + "#" + o.orderId(), passed ? "CRITICAL" : "WARNING",
                o.orderId(), o.orderId(), null, d, now));
    }

    private Optional<Alert> checkForward(Account account, AlertFacts.ForwardFact f, Instant now) {
        boolean rejected = "REJECTED".equals(f.waybillState()) || "REJECTED".equals(f.sentState());
        boolean stuck = "STUCK".equals(f.waybillState()) || "STUCK".equals(f.sentState())
                || !"ACCEPTED".equals(f.waybillState()) && !"REJECTED".equals(f.waybillState()) && f.registeredAt() != null
                && !now.isBefore(f.registeredAt().plus(settings.uploadWindow()));
        if (!rejected && !stuck) {
            return Optional.empty();
        }
        if ("REJECTED".equals(f.waybillState())) {
            // a corrected waybill accepted on the same order settles it
            boolean replaced = facts.forwardsOfOrder(account.accountId(), f.orderId()).stream()
                    .anyMatch(o -> !o.waybill().equals(f.waybill()) && "ACCEPTED".equals(o.waybillState()));
            if (replaced) {
                return Optional.empty();
            }
        }
        Map<String, String> d = new TreeMap<>();
        put(d, "carrierId", f.carrierId());
        put(d, "waybillState", f.waybillState());
        put(d, "sentState", f.sentState());
        put(d, "registeredAt", f.registeredAt());
        put(d, "errorCode", f.errorCode());
        put(d, "errorMessage", f.errorMessage());
        if (f.httpStatus() > 0) {
            d.put("httpStatus", Integer.toString(f.httpStatus()));
        }
        put(d, "traceId", f.traceId());
        String kind = rejected ? Alert.FORWARD_REJECTED : Alert.FORWARD_STUCK;
        return Optional.of(orderAlert(account, kind, kind + "#" + f.orderId() + "#" + f.waybill(),
                rejected ? "CRITICAL" : "WARNING", f.waybill(), f.orderId(), f.waybill(), d, now));
    }

    private Optional<Alert> checkStale(Account account, AlertFacts.ShipmentFact s, Instant now) {
        if (s.terminal() || s.firstScanAt() == null || s.lastEventAt() == null
                || now.isBefore(s.lastEventAt().plus(settings.staleAfter()))) {
            return Optional.empty();
        }
        Map<String, String> d = shipmentDetails(s);
        // a new silence after later scans is a new alert
        return Optional.of(orderAlert(account, Alert.TRACKING_STALE,
                Alert.TRACKING_STALE + "#" + s.waybill() + "#" + s.lastEventAt(), "WARNING", s.waybill(), s.orderId(),
                s.waybill(), d, now));
    }

    private Optional<Alert> checkException(Account account, AlertFacts.ShipmentFact s, Instant now) {
        String reason = EXCEPTION_REASONS.contains(s.reason()) ? s.reason() : EXCEPTION_REASONS.contains(s.flag()) ? s.flag() : null;
        if (reason == null || "DELIVERED".equals(s.status())) {
            return Optional.empty();
        }
        Map<String, String> d = shipmentDetails(s);
        d.put("exception", reason);
        return Optional.of(orderAlert(account, Alert.DELIVERY_EXCEPTION,
                Alert.DELIVERY_EXCEPTION + "#" + s.waybill() + "#" + reason, "WARNING", s.waybill(), s.orderId(),
                s.waybill(), d, now));
    }

    private Optional<Alert> checkConnection(Account account, AlertFacts.Connection c, Instant now) {
        if (!"DISCONNECTED".equals(c.status())) {
            return Optional.empty();
        }
        Map<String, String> d = new TreeMap<>();
        put(d, "reason", c.reason());
        put(d, "since", c.since());
        // reconnected and disconnected again: a new alert
        return Optional.of(orderAlert(account, Alert.ACCOUNT_DISCONNECTED,
                Alert.ACCOUNT_DISCONNECTED + "#" + (c.since() == null ? "unknown" : c.since().toString()), "CRITICAL",
                account.accountId(), null, null, d, now));
    }

    private static Map<String, String> shipmentDetails(AlertFacts.ShipmentFact s) {
        Map<String, String> d = new TreeMap<>();
        put(d, "carrierId", s.carrierId());
        put(d, "status", s.status());
        put(d, "reason", s.reason());
        put(d, "flag", s.flag());
        put(d, "firstScanAt", s.firstScanAt());
        put(d, "lastEventAt", s.lastEventAt());
        put(d, "statusAt", s.statusAt());
        return d;
    }

    private static Alert orderAlert(Account account, String kind, String key, String severity, String subject,
            String orderId, String waybill, Map<String, String> details, Instant now) {
        return new Alert(account.accountId(), key, kind, null, severity, Alert.OPEN, subject, orderId, waybill, details,
                now, now, null, null, Alert.NOTICE_RAISED, null, 1);
    }

    private static void put(Map<String, String> d, String name, Object value) {
        if (value != null) {
            d.put(name, value.toString());
        }
    }

    /**
     * Sends what waits: one message per KPI alert notice, one per (kind, notice) for order alerts however many
     * orders. Each alert is claimed (versioned write with a lease) before the publish; those another run holds are
     * left to it. After the publish the notice is cleared; a failed publish leaves the lease to run out.
     */
    private int deliver(Account account, Map<String, Alert> known, Instant now) {
        Map<String, List<Alert>> groups = new TreeMap<>();
        for (Alert a : known.values()) {
            if (a.noticeClaimable(now)) {
                String group = Alert.KPI.equals(a.kind()) ? a.key() + "|" + a.pendingNotice() : a.kind() + "|" + a.pendingNotice();
                groups.computeIfAbsent(group, g -> new ArrayList<>()).add(a);
            }
        }
        int published = 0;
        for (List<Alert> group : groups.values()) {
            List<Alert> claimed = new ArrayList<>();
            for (Alert a : group) {
                Alert leased = a.leased(now, now.plus(settings.noticeLease()));
                if (store.update(leased)) {
                    claimed.add(leased);
                }
            }
            if (claimed.isEmpty()) {
                continue;
            }
            claimed.sort(java.util.Comparator.comparing(Alert::key));
            Notification n = messages.render(account, claimed, now);
            try {
                notifier.publish(n);
            } catch (RuntimeException e) {
                LOG.errorf(e, "could not publish '%s'; the notice is sent again once its lease ends", n.subject());
                continue;
            }
            published++;
            for (Alert a : claimed) {
                store.update(a.notified(now));
            }
        }
        return published;
    }
}
