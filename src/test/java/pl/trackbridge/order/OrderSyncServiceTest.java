package pl.trackbridge.order;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** The order-sync rules against an in-memory journal: paging, duplicates, failures, cancellations, races. */
class OrderSyncServiceTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Instant DEADLINE = NOW.plusSeconds(3600);

    final FakeAllegroOrders allegro = new FakeAllegroOrders();
    final InMemoryOrders store = new InMemoryOrders();

    OrderSyncService service(int pageSize) {
        return new OrderSyncService(allegro, store, store, Clock.fixed(NOW, ZoneOffset.UTC), pageSize);
    }

    @Test
    void pagesThroughTheJournalAndStoresEachOrderWithItsDeadlines() {
        for (int i = 0; i < 25; i++) {
            allegro.addOrder("o" + i, "2026-11-21T22:59:59Z", "2026-11-24T18:00:00Z");
        }
        SyncReport r = service(10).sync("acc", DEADLINE);
        assertNull(r.error());
        assertEquals(3, r.pages());
        assertEquals(25, r.events());
        assertEquals(25, r.ordersStored());
        Order o = store.find("acc", "o7").orElseThrow();
        assertEquals(Instant.parse("2026-11-21T22:59:59Z"), o.dispatchDeadline());
        assertEquals(Instant.parse("2026-11-24T18:00:00Z"), o.deliveryTo());
        assertTrue(o.smart());
        assertEquals("r1", o.revision());
        assertEquals(List.of(new Order.LineItem("o7-li1", "offer-1", 1)), o.lineItems());
        assertEquals(Instant.parse("2026-11-20T08:00:00Z"), o.boughtAt());
        assertEquals("1024", store.read("acc").orElseThrow().lastEventId());
    }

    @Test
    void duplicateAndOutOfOrderEventsFetchEachOrderOncePerPage() {
        allegro.addOrder("a", "2026-11-21T22:59:59Z", null);
        allegro.event("a", "READY_FOR_PROCESSING", "2026-11-20T07:00:00Z"); // re-emitted, earlier occurredAt
        allegro.event("a", "FILLED_IN", "2026-11-20T06:00:00Z");
        SyncReport r = service(100).sync("acc", DEADLINE);
        assertEquals(3, r.events());
        assertEquals(1, allegro.formReads.get());
        assertEquals("1002", r.cursor());
        assertNull(store.find("acc", "a").orElseThrow().deliveryTo(), "no promised window: no delivery KPI cell");
    }

    @Test
    void aFailedFormStopsTheCursorBeforeItsEventAndTheNextRunCatchesUp() {
        allegro.addOrder("ok1", "2026-11-21T22:59:59Z", null);
        allegro.addOrder("bad", "2026-11-21T22:59:59Z", null);
        allegro.addOrder("ok2", "2026-11-21T22:59:59Z", null);
        allegro.failingForms.add("bad");
        SyncReport first = service(100).sync("acc", DEADLINE);
        assertNotNull(first.error());
        assertTrue(first.error().contains("bad"), first.error());
        assertEquals("1000", first.cursor(), "the cursor passed only the stored order's event");
        assertFalse(store.find("acc", "ok2").isPresent(), "nothing after the failure is skipped over");

        allegro.failingForms.clear();
        SyncReport second = service(100).sync("acc", DEADLINE);
        assertNull(second.error());
        assertEquals("1002", second.cursor());
        assertTrue(store.find("acc", "bad").isPresent());
        assertTrue(store.find("acc", "ok2").isPresent());
    }

    @Test
    void buyerCancellationKeepsWhoAndWhenForTheKpis() {
        allegro.addOrder("c", "2026-11-21T22:59:59Z", null);
        allegro.change("c", "status", "CANCELLED", "BUYER_CANCELLED", "2026-11-21T10:00:00Z");
        service(100).sync("acc", DEADLINE);
        Order o = store.find("acc", "c").orElseThrow();
        assertEquals(new Order.Cancellation(Order.Cancellation.BUYER, Instant.parse("2026-11-21T10:00:00Z")), o.cancellation());
        assertTrue(o.cancellation().removesFromKpis(o.dispatchDeadline()));
        assertEquals("r2", o.revision());
    }

    @Test
    void aCheckoutFormChangedBetweenReadsIsPickedUpByItsNewEvent() {
        allegro.addOrder("m", "2026-11-21T22:59:59Z", null);
        service(100).sync("acc", DEADLINE);
        allegro.change("m", "fulfillment.status", "PROCESSING", "FULFILLMENT_STATUS_CHANGED", "2026-11-21T11:00:00Z");
        SyncReport r = service(100).sync("acc", DEADLINE);
        assertEquals(1, r.events());
        assertEquals("PROCESSING", store.find("acc", "m").orElseThrow().fulfillmentStatus());
        assertEquals("r2", store.find("acc", "m").orElseThrow().revision());
    }

    @Test
    void runningTwiceOrConcurrentlyGivesTheSameOrders() throws Exception {
        for (int i = 0; i < 40; i++) {
            allegro.addOrder("p" + i, "2026-11-21T22:59:59Z", null);
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Callable<SyncReport>> runs = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            runs.add(() -> service(7).sync("acc", DEADLINE));
        }
        for (Future<SyncReport> f : pool.invokeAll(runs)) {
            assertNull(f.get().error());
        }
        pool.shutdown();
        assertEquals(40, store.orders.size());
        assertEquals("1039", store.read("acc").orElseThrow().lastEventId());
        SyncReport again = service(7).sync("acc", DEADLINE);
        assertEquals(0, again.events(), "caught up: a second run reads nothing new");
        assertEquals(40, store.orders.size());
    }

    @Test
    void aCursorBeyondTheJournalsRetentionResyncsFromTheListing() {
        allegro.addOrder("old", "2026-09-01T22:59:59Z", null);
        allegro.addOrder("new", "2026-11-21T22:59:59Z", null);
        store.advance("acc", null, new SyncCursor("1000", Instant.parse("2026-09-01T08:00:00Z"), Instant.parse("2026-09-01T08:00:00Z")));
        SyncReport r = service(100).sync("acc", DEADLINE);
        assertTrue(r.resynced());
        assertNull(r.error());
        assertTrue(store.find("acc", "new").isPresent());
        assertEquals("1001", r.cursor(), "the cursor restarts from the journal's latest event");
    }
}
