package pl.trackbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.InProcessRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.local.allegro.ManualClock;

/**
 * Order-sync on the application's minute budget (here 10 a minute): a window that ends within the pacer's 2 s is
 * waited out and the sync goes on; one that ends a minute away stops the sync at that order, the cursor on the last
 * stored one, for the next run.
 */
class OrderSyncPacingTest {
    final FakeAllegroOrders journal = new FakeAllegroOrders();
    final InMemoryOrders store = new InMemoryOrders();
    final List<Duration> slept = new ArrayList<>();

    /** Allegro's order endpoints behind the limiter, as AllegroClient calls them. */
    private AllegroOrders limited(RateLimiter limiter) {
        return new AllegroOrders() {
            @Override
            public JsonNode orderEvents(String accountId, String from, int limit) {
                limiter.acquire(RateLimiter.APP);
                return journal.orderEvents(accountId, from, limit);
            }

            @Override
            public JsonNode orderEventStats(String accountId) {
                limiter.acquire(RateLimiter.APP);
                return journal.orderEventStats(accountId);
            }

            @Override
            public JsonNode checkoutForm(String accountId, String orderId) {
                limiter.acquire(RateLimiter.APP);
                return journal.checkoutForm(accountId, orderId);
            }

            @Override
            public JsonNode checkoutForms(String accountId, String updatedAtGte, int offset, int limit) {
                limiter.acquire(RateLimiter.APP);
                return journal.checkoutForms(accountId, updatedAtGte, offset, limit);
            }
        };
    }

    private SyncReport sync(Instant start) {
        ManualClock clock = new ManualClock(start);
        for (int i = 0; i < 12; i++) {
            journal.addOrder("o" + i, "2026-11-21T22:59:59Z", null);
        }
        RatePacer pacer = new RatePacer(clock, d -> {
            slept.add(d);
            clock.advance(d);
        }, Duration.ofSeconds(2));
        OrderSyncService service = new OrderSyncService(limited(new InProcessRateLimiter(clock, RateLimit.allegro(10, 50))),
                store, store, clock, 100).withPacer(pacer);
        return service.sync("acc", clock.instant().plus(Duration.ofSeconds(50)));
    }

    @Test
    void aMinuteWindowEndingWithinTwoSecondsIsWaitedOut() {
        SyncReport r = sync(Instant.parse("2026-11-21T12:00:59Z")); // 13 calls: 10 in this minute, 3 in the next
        assertNull(r.error());
        assertEquals(12, r.ordersStored());
        assertEquals(List.of(Duration.ofSeconds(1)), slept);
        assertEquals("1011", store.read("acc").orElseThrow().lastEventId());
    }

    @Test
    void aMinuteWindowFarFromItsEndStopsTheSyncAtThatOrder() {
        SyncReport r = sync(Instant.parse("2026-11-21T12:00:00Z"));
        assertTrue(r.error() != null && r.error().contains("RATE_LIMITED"), String.valueOf(r.error()));
        assertEquals(9, r.ordersStored(), "the journal page and nine forms fit in the minute's ten");
        assertEquals(List.of(), slept, "60 s away: not worth holding the run");
        assertEquals("1008", store.read("acc").orElseThrow().lastEventId(), "the cursor stays on the last stored order");
    }
}
