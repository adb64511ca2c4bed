package pl.trackbridge.allegro.ratelimit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.InProcessRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimitedException;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.local.allegro.ManualClock;

/**
 * Pacing for scheduled jobs, on a manual clock whose "sleep" advances it: a full short window is waited out and
 * the call made again; Allegro's block, a far-off minute window, the job's deadline and a window that keeps
 * refilling are not; other failures pass untouched.
 */
class RatePacerTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00.250Z");

    final ManualClock clock = new ManualClock(T0);
    final List<Duration> slept = new ArrayList<>();
    final RatePacer pacer = new RatePacer(clock, d -> {
        slept.add(d);
        clock.advance(d);
    }, Duration.ofSeconds(2));
    final InProcessRateLimiter limiter = new InProcessRateLimiter(clock, RateLimit.allegro(9000, 50));

    @Test
    void theLimiterSaysWhenTheNextPermitIsPossibleAndWhy() {
        for (int i = 0; i < 50; i++) {
            limiter.acquire(RateLimiter.SHIPMENTS);
        }
        RateLimitedException full = assertThrows(RateLimitedException.class, () -> limiter.acquire(RateLimiter.SHIPMENTS));
        assertEquals(429, full.status());
        assertEquals("RATE_LIMITED", full.code());
        assertTrue(full.retryable());
        assertEquals(Instant.parse("2026-11-21T12:00:01Z"), full.retryAt(), "the end of the one-second window");
        assertTrue(!full.blocked());

        limiter.blocked(Duration.ofMinutes(1));
        RateLimitedException blocked = assertThrows(RateLimitedException.class, () -> limiter.acquire(RateLimiter.APP));
        assertTrue(blocked.blocked());
        assertEquals(T0.plusSeconds(60), blocked.retryAt());
    }

    @Test
    void theSharedDynamoDbLimiterSaysTheSameAboutItsWindow() {
        DynamoDbRateLimiter shared = SharedDynamo.limiter(SharedDynamo.newClientId(), RateLimit.allegro(9000, 2), clock,
                Duration.ofMillis(500));
        shared.acquire(RateLimiter.SHIPMENTS);
        shared.acquire(RateLimiter.SHIPMENTS);
        RateLimitedException full = assertThrows(RateLimitedException.class, () -> shared.acquire(RateLimiter.SHIPMENTS));
        assertEquals(Instant.parse("2026-11-21T12:00:01Z"), full.retryAt());
        assertTrue(!full.blocked());
        // the second refusal in the same window comes from the instance's memory of the full window: same answer
        RateLimitedException again = assertThrows(RateLimitedException.class, () -> shared.acquire(RateLimiter.SHIPMENTS));
        assertEquals(full.retryAt(), again.retryAt());
        shared.blocked(Duration.ofMinutes(1));
        RateLimitedException blocked = assertThrows(RateLimitedException.class, () -> shared.acquire(RateLimiter.APP));
        assertTrue(blocked.blocked());
        assertEquals(T0.plusSeconds(60), blocked.retryAt());
    }

    /** What a batch job does: 120 shipments reads, each taking the shipments and the application budget. */
    private void read(RatePacer.Pace pace, Map<Long, Integer> perSecond) {
        pace.run(() -> {
            limiter.acquire(RateLimiter.SHIPMENTS);
            limiter.acquire(RateLimiter.APP);
            perSecond.merge(clock.instant().getEpochSecond(), 1, Integer::sum);
        });
    }

    @Test
    void aBatchOf120ShipmentsReadsWaitsForEachNextSecondAndNeverExceeds50InOne() {
        RatePacer.Pace pace = pacer.within(Duration.ofMinutes(13));
        Map<Long, Integer> perSecond = new TreeMap<>();
        for (int i = 0; i < 120; i++) {
            read(pace, perSecond);
        }
        assertEquals(List.of(50, 50, 20), List.copyOf(perSecond.values()), perSecond.toString());
        assertEquals(2, pace.waits());
        assertEquals(List.of(Duration.ofMillis(750), Duration.ofSeconds(1)), slept, "exactly to each window's end");
        assertEquals(Duration.ofMillis(1750), pace.waited());
    }

    @Test
    void allegrosBlockIsNeverWaitedOut() {
        limiter.blocked(Duration.ofSeconds(1)); // even a short one: Allegro said stop, the job stops
        RatePacer.Pace pace = pacer.within(Duration.ofMinutes(13));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> read(pace, new TreeMap<>()));
        assertTrue(e.blocked());
        assertEquals(List.of(), slept);
        assertEquals(0, pace.waits());
    }

    @Test
    void aMinuteBudgetFarFromItsEndIsNotWaitedOut() {
        InProcessRateLimiter small = new InProcessRateLimiter(clock, RateLimit.allegro(3, 50));
        RatePacer.Pace pace = pacer.within(Duration.ofMinutes(13));
        for (int i = 0; i < 3; i++) {
            pace.run(() -> small.acquire(RateLimiter.APP));
        }
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> pace.run(() -> small.acquire(RateLimiter.APP)));
        assertEquals(Instant.parse("2026-11-21T12:01:00Z"), e.retryAt(), "59.75 s away: over the 2 s worth waiting");
        assertEquals(List.of(), slept);

        clock.set(Instant.parse("2026-11-21T12:00:58.500Z")); // the minute ends in 1.5 s: worth it
        pace.run(() -> small.acquire(RateLimiter.APP));
        assertEquals(List.of(Duration.ofMillis(1500)), slept);
    }

    @Test
    void noWaitEndsAfterTheJobsDeadline() {
        RatePacer.Pace pace = pacer.until(T0.plusMillis(500)); // the window ends at +750 ms
        for (int i = 0; i < 50; i++) {
            read(pace, new TreeMap<>());
        }
        assertThrows(RateLimitedException.class, () -> read(pace, new TreeMap<>()));
        assertEquals(List.of(), slept);
    }

    @Test
    void aWindowOthersKeepFillingIsTriedOnlyAFewTimes() {
        AtomicInteger calls = new AtomicInteger();
        RatePacer.Pace pace = pacer.within(Duration.ofMinutes(13));
        RateLimitedException e = assertThrows(RateLimitedException.class, () -> pace.call(() -> {
            calls.incrementAndGet();
            // another instance takes every permit of every new window first
            throw new RateLimitedException("full", clock.instant().plusMillis(100), false);
        }));
        assertTrue(e.getMessage().endsWith("full"), e.getMessage());
        assertEquals(6, calls.get(), "the call, then 5 waits");
        assertEquals(5, slept.size());
    }

    @Test
    void otherFailuresAndAllegros429PassThroughUntouched() {
        RatePacer.Pace pace = pacer.within(Duration.ofMinutes(13));
        AllegroApiException allegros429 = new AllegroApiException(429, null, "Too Many Requests", "t-1", true);
        assertSame(allegros429, assertThrows(AllegroApiException.class, () -> pace.call(() -> {
            throw allegros429;
        })));
        IllegalStateException other = new IllegalStateException("storage");
        assertSame(other, assertThrows(IllegalStateException.class, () -> pace.call(() -> {
            throw other;
        })));
        assertEquals(List.of(), slept);
    }

    @Test
    void theDefaultPacerNeverWaits() {
        RatePacer.Pace pace = RatePacer.never().within(Duration.ofMinutes(13));
        AtomicInteger calls = new AtomicInteger();
        assertThrows(RateLimitedException.class, () -> pace.call(() -> {
            calls.incrementAndGet();
            throw new RateLimitedException("full", Instant.now(), false); // even a window that has already ended
        }));
        assertEquals(1, calls.get());
    }

    @Test
    void anInterruptedWaitReportsTheRefusalAndKeepsTheFlag() {
        RatePacer interrupted = new RatePacer(clock, d -> {
            throw new InterruptedException("shutdown");
        }, Duration.ofSeconds(2));
        RatePacer.Pace pace = interrupted.within(Duration.ofMinutes(13));
        try {
            assertThrows(RateLimitedException.class, () -> pace.call(() -> {
                throw new RateLimitedException("full", clock.instant().plusMillis(100), false);
            }));
            assertTrue(Thread.currentThread().isInterrupted());
        } finally {
            Thread.interrupted(); // clear for the next test
        }
    }
}
