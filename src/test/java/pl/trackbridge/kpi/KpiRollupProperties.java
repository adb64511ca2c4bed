package pl.trackbridge.kpi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.ShipmentState;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Any sequence of changes (orders, cancellations, registrations, Allegro outcomes, carrier events in any order),
 * written through the real stores and rolled up incrementally after every step, leaves exactly the cells of one
 * full recomputation at the end — computed here from an independent model of what was written.
 */
class KpiRollupProperties {
    static final Instant BASE = Instant.parse("2026-10-23T00:00:00Z"); // the autumn DST change lies inside the range
    static final List<String> ORDERS = List.of("o0", "o1", "o2");
    static final List<String> WAYBILLS = List.of("W0", "W1", "W2", "W3");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static KpiWorld world;

    @BeforeContainer
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        world = new KpiWorld(dynamo);
    }

    @AfterContainer
    static void stop() {
        dynamo.close();
        aws.close();
    }

    sealed interface Step permits UpsertOrder, Register, Outcome, Event {
    }

    record UpsertOrder(String order, int bought, int deadline, Integer deliveryTo, String cancelledBy, int cancelledAt)
            implements Step {
    }

    record Register(String order, String waybill, String carrier, int registeredAt, Integer handedOverAt) implements Step {
    }

    record Outcome(String order, String waybill, Integer acceptedAt, Integer sentAt) implements Step {
    }

    record Event(String waybill, TrackingStatus status, int at) implements Step {
    }

    static Instant h(int hours) {
        return BASE.plusSeconds(hours * 3600L + (hours % 7) * 61L); // some odd seconds, too
    }

    @Provide
    Arbitrary<List<Step>> steps() {
        Arbitrary<String> order = Arbitraries.of(ORDERS);
        Arbitrary<String> waybill = Arbitraries.of(WAYBILLS);
        Arbitrary<Integer> hour = Arbitraries.integers().between(0, 96);
        Arbitrary<Step> upsert = Combinators.combine(order, hour, hour, hour.injectNull(0.3),
                Arbitraries.of("none", Order.Cancellation.BUYER, Order.Cancellation.AUTO, Order.Cancellation.SELLER), hour)
                .as((o, b, d, dt, c, ca) -> new UpsertOrder(o, b, d, dt, c, ca));
        Arbitrary<Step> register = Combinators.combine(order, waybill, Arbitraries.of("DPD", "INPOST", "UPS"), hour,
                hour.injectNull(0.5)).as(Register::new);
        Arbitrary<Step> outcome = Combinators.combine(order, waybill, hour.injectNull(0.3), hour.injectNull(0.5)).as(Outcome::new);
        Arbitrary<Step> event = Combinators.combine(waybill, Arbitraries.of(TrackingStatus.LABEL_CREATED,
                TrackingStatus.COLLECTED, TrackingStatus.IN_TRANSIT, TrackingStatus.READY_FOR_PICKUP, TrackingStatus.DELIVERED,
                TrackingStatus.RETURNING_TO_SENDER, TrackingStatus.RETURNED_TO_SENDER, TrackingStatus.EXCEPTION), hour)
                .as(Event::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, upsert), net.jqwik.api.Tuple.of(3, register),
                net.jqwik.api.Tuple.of(2, outcome), net.jqwik.api.Tuple.of(4, event)).list().ofMinSize(1).ofMaxSize(14);
    }

    /** What was written, kept independently of the stores. */
    static final class Model {
        final Map<String, Order> orders = new HashMap<>();
        final Map<String, OrderFacts.ShipmentFacts> regs = new LinkedHashMap<>(); // waybill|order
        final Map<String, Boolean> sentDone = new HashMap<>();
        final Map<String, Map<String, CanonicalEvent>> events = new HashMap<>();
    }

    @Property(tries = 40)
    void incrementalRollUpsEqualOneFullRecomputation(@ForAll("steps") List<Step> steps,
            @ForAll("zones") String zone) {
        String account = "prop-" + UUID.randomUUID();
        world.account(account, zone);
        Model m = new Model();
        int i = 0;
        for (Step s : steps) {
            apply(account, s, m);
            world.rollup().run();
            i++;
            assertEquals(recompute(account, zone, m), stored(account), "after step " + i + ": " + s);
        }
        assertEquals(recompute(account, zone, m), stored(account), "after all steps");
    }

    static Cells stored(String account) {
        return world.kpiStore.cells(account, LocalDate.parse("2026-10-01"), LocalDate.parse("2026-11-30"));
    }

    /** The full recomputation: every order of the model through the rules, from scratch. */
    static Cells recompute(String account, String zone, Model m) {
        Cells expected = new Cells();
        for (Order o : m.orders.values()) {
            List<OrderFacts.ShipmentFacts> ships = new ArrayList<>();
            m.regs.forEach((k, r) -> {
                if (k.endsWith("|" + o.orderId())) {
                    ShipmentState st = ShipmentState.fold(m.events.getOrDefault(r.waybill(), Map.of()).values());
                    ships.add(new OrderFacts.ShipmentFacts(r.waybill(), r.carrierId(), r.registeredAt(), r.handedOverAt(),
                            r.acceptedAt(), m.sentDone.getOrDefault(k, false) ? r.sentAt() : null, st.firstCollectedAt(),
                            st.firstScanAt(), st.firstDeliveredAt(), st.firstReturnAt()));
                }
            });
            expected.add(KpiRules.defaults().contributions(new OrderFacts(account, o.orderId(), o.boughtAt(),
                    o.dispatchDeadline(), o.deliveryTo(), o.cancellation(), ships), ZoneId.of(zone)), 1);
        }
        return expected;
    }

    @Provide
    Arbitrary<String> zones() {
        return Arbitraries.of("Europe/Warsaw", "America/New_York");
    }

    private static void apply(String account, Step step, Model m) {
        if (step instanceof UpsertOrder u) {
                Order.Cancellation c = "none".equals(u.cancelledBy()) ? null : new Order.Cancellation(u.cancelledBy(), h(u.cancelledAt()));
                world.order(account, u.order(), h(u.bought()), h(u.deadline()),
                        u.deliveryTo() == null ? null : h(u.deliveryTo()), c);
                m.orders.put(u.order(), new Order(account, u.order(), h(u.bought()), h(u.deadline()), null,
                        u.deliveryTo() == null ? null : h(u.deliveryTo()), false, null, null, null, List.of(), c, null, null,
                        Instant.EPOCH));
        } else if (step instanceof Register r) {
                world.register(account, r.order(), r.waybill(), r.carrier(), h(r.registeredAt()),
                        r.handedOverAt() == null ? null : h(r.handedOverAt()));
                m.regs.putIfAbsent(r.waybill() + "|" + r.order(), new OrderFacts.ShipmentFacts(r.waybill(), r.carrier(),
                        h(r.registeredAt()), r.handedOverAt() == null ? null : h(r.handedOverAt()), null, null, null, null,
                        null, null));
        } else if (step instanceof Outcome o) {
                String k = o.waybill() + "|" + o.order();
                OrderFacts.ShipmentFacts r = m.regs.get(k);
                if (r == null) {
                    return; // the forwarder only records outcomes of registrations
                }
                Instant accepted = o.acceptedAt() == null ? null : h(o.acceptedAt());
                Instant sent = o.sentAt() == null ? null : h(o.sentAt());
                world.outcome(account, o.order(), o.waybill(), accepted, sent);
                // the store keeps earlier times when a record has none; the sent state is the latest one
                m.regs.put(k, new OrderFacts.ShipmentFacts(r.waybill(), r.carrierId(), r.registeredAt(), r.handedOverAt(),
                        accepted != null ? accepted : r.acceptedAt(), sent != null ? sent : r.sentAt(), null, null, null, null));
                m.sentDone.put(k, sent != null);
        } else if (step instanceof Event e) {
                String key = e.status() + "@" + e.at();
                world.event(account, e.waybill(), key, e.status(), h(e.at()));
                CanonicalEvent ce = EventBuilder.from("generic").dedupeKey(key).carrierId("DPD").waybill(e.waybill())
                        .status(e.status()).occurredAt(h(e.at())).build();
                m.events.computeIfAbsent(e.waybill(), w -> new HashMap<>()).putIfAbsent(ce.eventKey(), ce);
        }
    }
}
