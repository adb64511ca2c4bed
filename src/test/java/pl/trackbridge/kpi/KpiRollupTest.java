package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import pl.trackbridge.store.InMemoryAccountStore;

/** The roll-up's bookkeeping alone (in-memory store): lost races leave orders dirty, budgets stop cleanly. */
class KpiRollupTest {
    final InMemoryKpiStore store = new InMemoryKpiStore();
    static final Instant DEADLINE = Instant.parse("2026-11-20T22:59:59Z");

    KpiRollup rollup(Duration budget) {
        return new KpiRollup(store, new InMemoryAccountStore(), KpiRules.defaults(),
                Clock.fixed(Instant.parse("2026-11-21T00:00:00Z"), ZoneOffset.UTC), budget, 100, null);
    }

    void order(String id, Instant handover) {
        List<OrderFacts.ShipmentFacts> ships = handover == null ? List.of()
                : List.of(new OrderFacts.ShipmentFacts("W" + id, "DPD", handover, handover, null, null, null, null, null, null));
        store.facts.put("a|" + id, new OrderFacts("a", id, null, DEADLINE, null, null, ships));
        store.markOrder("a", id, handover == null ? null : "W" + id);
    }

    String dispatch() {
        Tally t = store.cells("a", LocalDate.parse("2026-11-20"), LocalDate.parse("2026-11-20"))
                .get(new Cells.Key(LocalDate.parse("2026-11-20"), Kpi.DISPATCH_ON_TIME, Cells.TOTAL));
        return t == null ? "0/0" : t.num() + "/" + t.den();
    }

    @Test
    void aRunThatLosesTheVersionRaceAppliesNothingAndLeavesTheOrderDirty() {
        order("o1", null);
        // another run commits o1 first (its state moves on)
        store.beforeApply = () -> store.states.put("a|o1", new KpiStore.Applied(1, OrderKpis.NONE));
        KpiRollup.Report r = rollup(Duration.ofMinutes(1)).run();
        assertEquals(1, r.orders());
        assertEquals(0, r.written());
        assertEquals(1, r.conflicts());
        assertFalse(r.complete());
        assertEquals("0/0", dispatch(), "nothing applied twice");
        assertEquals(1, store.dirty.size(), "the order stays dirty for the next run");

        store.beforeApply = () -> { };
        assertTrue(rollup(Duration.ofMinutes(1)).run().complete());
        assertEquals("0/1", dispatch());
        assertTrue(store.dirty.isEmpty());
    }

    @Test
    void aChangeArrivingMidRunKeepsTheOrderDirtyAndIsAppliedNextRun() {
        order("o1", null);
        // the order is handed over while the run computes: new facts, new change nonce
        store.beforeApply = () -> order("o1", Instant.parse("2026-11-20T10:00:00Z"));
        KpiRollup.Report first = rollup(Duration.ofMinutes(1)).run();
        // the computation from the facts read before the change is not written: it would clear the newer change
        assertEquals("0/0", dispatch());
        assertEquals(1, store.dirty.size(), "the order stays dirty");
        assertEquals(0, first.written());
        assertFalse(first.complete(), "the run reports work left instead of looping on the changed order");
        store.beforeApply = () -> { };
        rollup(Duration.ofMinutes(1)).run();
        assertEquals("1/1", dispatch());
        assertTrue(store.dirty.isEmpty());
    }

    @Test
    void aShipmentChangeRecomputesEveryOrderTheWaybillIsRegisteredFor() {
        order("o1", Instant.parse("2026-11-21T10:00:00Z")); // late
        rollup(Duration.ofMinutes(1)).run();
        assertEquals("0/1", dispatch());
        // the carrier's COLLECTED arrives: only the shipment changed
        store.facts.put("a|o1", new OrderFacts("a", "o1", null, DEADLINE, null, null, List.of(new OrderFacts.ShipmentFacts(
                "Wo1", "DPD", Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T10:00:00Z"), null, null,
                Instant.parse("2026-11-20T20:00:00Z"), Instant.parse("2026-11-20T20:00:00Z"), null, null))));
        store.markWaybill("a", "Wo1");
        KpiRollup.Report r = rollup(Duration.ofMinutes(1)).run();
        assertEquals(1, r.orders());
        assertEquals("1/1", dispatch());
    }

    @Test
    void anAccountThatFailsIsHandedToTheNextRunAndDoesNotHoldUpTheOthers() {
        // "a" sorts before "b" in the shard: the failing account comes first
        store.facts.put("b|o1", new OrderFacts("b", "o1", null, DEADLINE, null, null, List.of()));
        store.markOrder("b", "o1", null);
        order("o1", null);
        store.failingAccounts.add("a");
        KpiRollup.Report r = rollup(Duration.ofMinutes(1)).run();
        assertEquals(List.of("a"), r.failedAccounts());
        assertFalse(r.complete());
        assertEquals(1, r.written(), "b was rolled up");
        assertEquals("0/0", dispatch());
        assertEquals(Set.of("a#o1"), store.dirty.keySet(), "a's order stays dirty, b's is clean");
        assertEquals(Set.of("a#o1"), store.deferred, "handed to the next run");
        assertEquals(List.of("pass"), store.completed, "so the change set was completed all the same");

        store.failingAccounts.clear();
        KpiRollup.Report next = rollup(Duration.ofMinutes(1)).run();
        assertEquals(List.of(), next.failedAccounts());
        assertTrue(next.complete());
        assertEquals("0/1", dispatch());
    }

    @Test
    void aRunOutOfBudgetStopsBeforeTouchingAnythingAndTheNextOneResumes() {
        order("o1", null);
        order("o2", null);
        KpiRollup.Report r = rollup(Duration.ofMillis(-1)).run();
        assertFalse(r.complete());
        assertEquals(List.of(), store.completed, "a change set not read to its end is not completed");
        assertEquals(0, r.orders());
        assertEquals(2, store.dirty.size());
        assertTrue(rollup(Duration.ofMinutes(1)).run().complete());
        assertEquals("0/2", dispatch());
    }
}
