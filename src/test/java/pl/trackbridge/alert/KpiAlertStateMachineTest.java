package pl.trackbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.store.InMemoryAccountStore;

/**
 * The KPI alert state machine through the job (rules, alert store, notices): approach, breach, escalation,
 * hysteresis at the exact boundaries, the minimum sample, the daily reminder and resolution, counting every
 * publish.
 */
class KpiAlertStateMachineTest {
    static final String ACCOUNT = "shop-1";
    static final String KPI = "DISPATCH_ON_TIME";
    static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    Instant now = Instant.parse("2026-11-20T09:00:00Z");
    InMemoryAccountStore accounts;
    InMemoryKpiReadings kpis;
    InMemoryAlertStore store;
    RecordingNotifier notifier;
    ThresholdAlertService service;

    @BeforeEach
    void setUp() {
        accounts = new InMemoryAccountStore();
        accounts.save(new Account(ACCOUNT, WARSAW, Map.of(), Map.of(), Map.of(), now, now));
        kpis = new InMemoryKpiReadings();
        store = new InMemoryAlertStore();
        notifier = new RecordingNotifier();
        service = new ThresholdAlertService(accounts, kpis, new FakeAlertFacts(), store, notifier,
                new AlertMessages(null), java.time.Clock.fixed(now, WARSAW), ThresholdAlertService.Settings.defaults());
    }

    /** The 7-day window holds {@code onTime} of {@code orders}; 30 days twice that sample at 98 %. */
    void reading(String kpi, long onTime, long orders) {
        LocalDate day = LocalDate.ofInstant(now, WARSAW);
        List<KpiReading.Daily> trend = new ArrayList<>();
        for (int i = 6; i >= 0; i--) {
            trend.add(new KpiReading.Daily(day.minusDays(i), i == 0 ? onTime - 6 * (orders / 7) : orders / 7, i == 0 ? orders - 6 * (orders / 7) : orders / 7));
        }
        kpis.put(ACCOUNT, new KpiReading(kpi, day, onTime, orders, 4 * orders * 98 / 100, 4 * orders, trend));
    }

    List<Notification> runAt(Instant t) {
        now = t;
        service.run(t);
        return notifier.take();
    }

    Alert stored(String level) {
        return store.find(ACCOUNT, Alert.kpiKey(KPI, level)).orElse(null);
    }

    @Test
    void approachThenBreachThenBackPastTheWarnLineNotifiesWarnEscalationAndResolutionOnceEach() {
        reading(KPI, 98, 100);
        assertEquals(List.of(), runAt(now), "98 % is above both lines");

        reading(KPI, 96, 100);
        List<Notification> warn = runAt(now.plusSeconds(300));
        assertEquals(1, warn.size());
        Notification w = warn.get(0);
        assertEquals("WARNING", w.severity());
        assertEquals("KPI", w.kind());
        assertEquals(ACCOUNT, w.accountId());
        assertEquals("[WARN] shop-1: DISPATCH_ON_TIME 96% 7d (warn <97%)", w.subject());
        assertTrue(w.message().contains("Value (7 days to 2026-11-20): 96% (96 of 100)"), w.message());
        assertTrue(w.message().contains("Threshold: warn below 97%, breach below 95%"), w.message());
        assertTrue(w.message().contains("30 days: 98% (392 of 400)"), w.message());
        assertTrue(w.message().contains("2026-11-14"), "the trend lists the seven days: " + w.message());
        assertTrue(w.message().contains("What to do next:"), w.message());
        assertEquals(List.of(), runAt(now.plusSeconds(300)), "the same value again: nothing new");

        reading(KPI, 94, 100);
        List<Notification> breach = runAt(now.plusSeconds(300));
        assertEquals(1, breach.size(), "one escalation");
        assertEquals("CRITICAL", breach.get(0).severity());
        assertTrue(breach.get(0).subject().startsWith("[BREACH] shop-1: DISPATCH_ON_TIME 94% 7d, escalated"),
                breach.get(0).subject());
        assertTrue(stored(Alert.WARN).isOpen() && stored(Alert.BREACH).isOpen(), "one open alert per level");

        reading(KPI, 97, 100);
        List<Notification> resolved = runAt(now.plusSeconds(300));
        assertEquals(1, resolved.size(), "one RESOLVED notice for the KPI, not one per level");
        assertEquals("INFO", resolved.get(0).severity());
        assertEquals("[RESOLVED] shop-1: DISPATCH_ON_TIME back at 97% (warn line 97%)", resolved.get(0).subject());
        assertFalse(stored(Alert.WARN).isOpen());
        assertFalse(stored(Alert.BREACH).isOpen());
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
    }

    @Test
    void hysteresisABreachBetweenTheLinesStaysOpenAndTheExactWarnValueClearsIt() {
        reading(KPI, 90, 100);
        assertEquals(1, runAt(now).size());
        assertTrue(stored(Alert.BREACH).isOpen());
        assertTrue(stored(Alert.WARN) == null, "a jump straight to BREACH opens only BREACH");

        reading(KPI, 95, 100); // exactly the breach line: no longer past it (strict), still past warn
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
        assertTrue(stored(Alert.BREACH).isOpen(), "between the lines the breach stays");
        assertTrue(stored(Alert.WARN) == null, "and no downgrade to WARN is announced");

        reading(KPI, 9699, 10000); // 96.99 %: still below the warn line
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
        assertTrue(stored(Alert.BREACH).isOpen());

        reading(KPI, 9700, 10000); // exactly 97 %: not below 97 % any more
        List<Notification> n = runAt(now.plusSeconds(300));
        assertEquals(1, n.size());
        assertTrue(n.get(0).subject().startsWith("[RESOLVED]"));
        assertFalse(stored(Alert.BREACH).isOpen());
    }

    @Test
    void levelsCompareStrictlyAtTheLines() {
        reading(KPI, 97, 100);
        assertEquals(List.of(), runAt(now), "exactly 97 % is not below the warn line");
        reading(KPI, 95, 100);
        List<Notification> n = runAt(now.plusSeconds(60));
        assertEquals(1, n.size());
        assertTrue(n.get(0).subject().startsWith("[WARN]"), "exactly 95 % is WARN, not BREACH: " + n.get(0).subject());
    }

    @Test
    void belowTheMinimumSampleNothingIsDeclaredAndTheMessageSaysInsufficientData() {
        reading(KPI, 0, 19);
        assertEquals(List.of(), runAt(now), "19 orders, all late: insufficient data, no alert");
        assertTrue(store.all().isEmpty());
        reading(KPI, 0, 20);
        List<Notification> n = runAt(now.plusSeconds(60));
        assertEquals(1, n.size());
        assertTrue(n.get(0).subject().startsWith("[BREACH] shop-1: DISPATCH_ON_TIME 0% 7d"), n.get(0).subject());

        // an open alert is neither cleared nor re-raised while the sample is too small; its reminder says why
        reading(KPI, 10, 10);
        assertEquals(List.of(), runAt(now.plusSeconds(60)));
        assertTrue(stored(Alert.BREACH).isOpen());
        List<Notification> reminder = runAt(now.plus(Duration.ofDays(1)));
        assertEquals(1, reminder.size());
        assertTrue(reminder.get(0).message().contains("insufficient data over the last 7 days (10 of 10; at least 20"),
                reminder.get(0).message());
    }

    @Test
    void anOpenAlertIsRemindedOnceADay() {
        reading(KPI, 90, 100);
        Instant raised = now;
        assertEquals(1, runAt(raised).size());
        assertEquals(List.of(), runAt(raised.plus(Duration.ofHours(23)).plusSeconds(3599)), "not before a day has passed");
        List<Notification> r = runAt(raised.plus(Duration.ofDays(1)));
        assertEquals(1, r.size());
        assertTrue(r.get(0).subject().startsWith("[REMINDER BREACH] shop-1: DISPATCH_ON_TIME 90% 7d"), r.get(0).subject());
        assertEquals(List.of(), runAt(raised.plus(Duration.ofDays(1)).plusSeconds(300)), "once");
        assertEquals(1, runAt(raised.plus(Duration.ofDays(2))).size(), "and again the next day");
    }

    @Test
    void aClearedKpiOpensAgainAsANewEpisode() {
        reading(KPI, 96, 100);
        assertEquals(1, runAt(now).size());
        reading(KPI, 99, 100);
        assertEquals(1, runAt(now.plusSeconds(60)).size());
        reading(KPI, 96, 100);
        List<Notification> again = runAt(now.plusSeconds(60));
        assertEquals(1, again.size());
        assertTrue(again.get(0).subject().startsWith("[WARN]"));
        assertEquals(now, stored(Alert.WARN).openedAt(), "a new episode under the same key");
    }

    @Test
    void lowerIsBetterKpisCompareTheOtherWayAndAccountsOverrideTheLines() {
        reading("SELLER_CANCELLATION", 3, 100); // 3 % > 2.5 %
        List<Notification> n = runAt(now);
        assertEquals(1, n.size());
        assertEquals("[BREACH] shop-1: SELLER_CANCELLATION 3% 7d (breach >2.5%)", n.get(0).subject());
        assertTrue(n.get(0).message().contains("Threshold: warn above 2%, breach above 2.5%"), n.get(0).message());

        accounts.save(new Account(ACCOUNT, WARSAW, Map.of(), Map.of(KPI, Map.of("warn", 99.0, "breach", 98.5, "minSample", 5.0)),
                Map.of(), now, now));
        reading(KPI, 49, 50); // 98 %: fine by default, a breach under the account's own lines
        List<Notification> own = runAt(now.plusSeconds(60));
        assertEquals(1, own.size());
        assertEquals("[BREACH] shop-1: DISPATCH_ON_TIME 98% 7d (breach <98.5%)", own.get(0).subject());
    }

    @Test
    void aFailedPublishIsSentByALaterRunAfterTheLeaseNotLost() {
        reading(KPI, 90, 100);
        notifier.failNext(1);
        assertEquals(List.of(), runAt(now), "the topic refused it");
        assertEquals(Alert.NOTICE_RAISED, stored(Alert.BREACH).pendingNotice());
        assertEquals(List.of(), runAt(now.plusSeconds(60)), "the lease (2 min) still holds");
        List<Notification> later = runAt(now.plusSeconds(121));
        assertEquals(1, later.size(), "sent once the lease ran out");
        assertTrue(stored(Alert.BREACH).pendingNotice() == null);
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
    }

    @Test
    void subjectsAreAsciiAndUnder100Characters() {
        assertEquals("Zolc gesla jazn", AlertMessages.subject("Żółć gęślą jaźń"));
        assertTrue(AlertMessages.subject("x".repeat(300)).length() < 100);
    }

    @Test
    void aCrashBetweenPublishAndClearingTheNoticeSendsItAgainAfterTheLease() {
        // at least once: the write that clears the notice fails as if the process died right after the publish
        AlertStore crashing = new AlertStore() {
            boolean crashed;

            @Override
            public boolean create(Alert alert, boolean replaceResolved) {
                return store.create(alert, replaceResolved);
            }

            @Override
            public boolean update(Alert next) {
                if (!crashed && next.pendingNotice() == null && next.lastNotifiedAt() != null) {
                    crashed = true;
                    throw new IllegalStateException("process died after the publish");
                }
                return store.update(next);
            }

            @Override
            public java.util.Optional<Alert> find(String accountId, String key) {
                return store.find(accountId, key);
            }

            @Override
            public List<Alert> kpiAlerts(String accountId) {
                return store.kpiAlerts(accountId);
            }

            @Override
            public List<Alert> openOrPending(String accountId) {
                return store.openOrPending(accountId);
            }

            @Override
            public List<Alert> recent(String accountId, int limit) {
                return store.recent(accountId, limit);
            }

            @Override
            public java.util.Optional<Instant> ordersCheckedUntil(String accountId) {
                return store.ordersCheckedUntil(accountId);
            }

            @Override
            public void advanceOrdersChecked(String accountId, Instant until) {
                store.advanceOrdersChecked(accountId, until);
            }
        };
        service = new ThresholdAlertService(accounts, kpis, new FakeAlertFacts(), crashing, notifier, new AlertMessages(null),
                java.time.Clock.fixed(now, WARSAW), ThresholdAlertService.Settings.defaults());
        reading(KPI, 90, 100);
        List<ThresholdAlertService.AccountReport> reports = service.run(now);
        assertTrue(reports.get(0).error().contains("process died"), "the account's run reports the crash");
        assertEquals(1, notifier.take().size(), "published before the crash");
        assertEquals(List.of(), runAt(now.plusSeconds(60)), "the lease still holds: not sent again yet");
        assertEquals(1, runAt(now.plusSeconds(121)).size(), "after the lease: sent again (a duplicate, never a loss)");
        assertEquals(List.of(), runAt(now.plusSeconds(300)));
    }
}
