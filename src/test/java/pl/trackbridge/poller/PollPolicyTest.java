package pl.trackbridge.poller;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PollPolicyTest {
    static final PollPolicy POLICY = PollPolicy.defaults();
    static final Instant T = Instant.parse("2026-11-20T10:00:00Z");

    private static PollItem item(String carrier, Instant started, Instant lastPush, Instant lastEvent) {
        return new PollItem("a", "W1", carrier, null, started, lastPush, lastEvent, null, null, T, null, null, null);
    }

    @Test
    void aNoPushCarrierNobodyPushedIsDueAtEveryRun() {
        assertEquals(T, POLICY.firstPoll("DPD", T), "due from its registration");
        assertEquals(T.plus(Duration.ofMinutes(10)), POLICY.afterPoll(item("DPD", T, null, null), T));
        // even after days without events: the poll is all there is for it
        Instant later = T.plus(Duration.ofDays(5));
        assertEquals(later.plus(Duration.ofMinutes(10)), POLICY.afterPoll(item("DPD", T, null, T), later));
    }

    @Test
    void aPushedParcelWaitsForTheQuietPeriodThenDailyAfterThreeDaysWithoutEvents() {
        assertEquals(T.plus(Duration.ofHours(6)), POLICY.firstPoll("INPOST", T));
        assertEquals(T.plus(Duration.ofHours(6)), POLICY.afterPush(T));
        Instant now = T.plus(Duration.ofHours(7));
        assertEquals(now.plus(Duration.ofHours(6)), POLICY.afterPoll(item("INPOST", T, T, T), now));
        // a DPD parcel that got a webhook is a pushed parcel
        assertEquals(now.plus(Duration.ofHours(6)), POLICY.afterPoll(item("DPD", T, T, T), now));
        Instant stale = T.plus(Duration.ofDays(3));
        assertEquals(stale.plus(Duration.ofDays(1)), POLICY.afterPoll(item("INPOST", T, T, T), stale));
        Instant justBefore = stale.minusSeconds(1);
        assertEquals(justBefore.plus(Duration.ofHours(6)), POLICY.afterPoll(item("INPOST", T, T, T), justBefore));
    }

    @Test
    void anUnconfirmedTerminalIsAskedAboutAtEveryRun() {
        PollItem pending = new PollItem("a", "W1", "INPOST", null, T, T, T, null, null, T, null, "DELIVERED", null);
        assertEquals(T.plus(Duration.ofMinutes(10)), POLICY.afterPoll(pending, T));
    }

    @Test
    void aCustomCarrierIsNeverPolled() {
        assertFalse(POLICY.pollable("OTHER"));
        assertFalse(POLICY.pollable(null));
        assertTrue(POLICY.pollable("UPS"));
    }

    @Test
    void pollingStopsAtTheMaximumAge() {
        PollItem i = item("DPD", T, null, null);
        assertFalse(POLICY.tooOld(i, T.plus(Duration.ofDays(30))));
        assertTrue(POLICY.tooOld(i, T.plus(Duration.ofDays(30)).plusSeconds(1)));
    }

    @Test
    void shardsAreStableAndSpread() {
        assertEquals(POLICY.shard("a", "W1"), POLICY.shard("a", "W1"));
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            seen.add(POLICY.shard("acc", "WB" + i));
        }
        assertEquals(Set.of("p0", "p1", "p2", "p3"), seen);
        assertNotEquals(POLICY.shard(0), POLICY.shard(1));
    }
}
