package pl.trackbridge.kpi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import pl.trackbridge.kpi.OrderFacts.ShipmentFacts;
import pl.trackbridge.order.Order;

/**
 * DESIGN §4 "Precise rules" as one pure function: an order's facts to its contributions to daily cells. No
 * clock: a day's cells depend only on what is stored (open days count as they stand), so recomputing an order
 * at any time gives the same answer, and the incremental roll-up is exact.
 */
public final class KpiRules {
    public static final Duration DEFAULT_UPLOAD_WINDOW = Duration.ofHours(1);
    public static final Duration DEFAULT_EVENT_WINDOW = Duration.ofMinutes(15);

    private final Duration uploadWindow;
    private final Duration eventWindow;

    public KpiRules(Duration uploadWindow, Duration eventWindow) {
        this.uploadWindow = uploadWindow;
        this.eventWindow = eventWindow;
    }

    public static KpiRules defaults() {
        return new KpiRules(DEFAULT_UPLOAD_WINDOW, DEFAULT_EVENT_WINDOW);
    }

    public OrderKpis contributions(OrderFacts o, ZoneId zone) {
        // A buyer/automatic cancellation strictly before the deadline takes the order, its shipments and forwards out.
        if (o.cancellation() != null && o.cancellation().removesFromKpis(o.dispatchDeadline())) {
            return OrderKpis.NONE;
        }
        List<Contribution> out = new ArrayList<>();
        List<ShipmentFacts> ships = o.shipments();

        Instant deadline = o.dispatchDeadline();
        if (deadline != null) {
            Instant handover = orderHandover(ships);
            out.add(new Contribution(Kpi.DISPATCH_ON_TIME, day(deadline, zone), notAfter(handover, deadline), null));
            Instant firstAccepted = min(ships.stream().map(ShipmentFacts::acceptedAt).toList());
            out.add(new Contribution(Kpi.TRACKING_ON_TIME, day(deadline, zone), notAfter(firstAccepted, deadline), null));
        }

        for (ShipmentFacts s : ships) {
            Instant handover = s.firstCollectedAt() != null ? s.firstCollectedAt() : s.handedOverAt();
            if (handover != null) {
                LocalDate d = day(handover, zone);
                // accepted before the handover counts; exactly +upload-window is on time
                out.add(new Contribution(Kpi.TRACKING_UPLOAD, d, notAfter(s.acceptedAt(), handover.plus(uploadWindow)), null));
                out.add(new Contribution(Kpi.VALID_TRACKING, d, s.firstScanAt() != null, null));
                out.add(new Contribution(Kpi.RETURN_RATE, d, s.firstReturnAt() != null, null));
            }
            Instant evidence = evidence(s);
            if (evidence != null) {
                Instant trigger = s.registeredAt() == null || evidence.isAfter(s.registeredAt()) ? evidence : s.registeredAt();
                out.add(timeliness(trigger, s.acceptedAt(), zone));
            }
        }
        // one SENT per order with handover evidence, triggered by the first evidence across its shipments
        Instant orderEvidence = min(ships.stream().map(KpiRules::evidence).toList());
        if (orderEvidence != null) {
            Instant sent = min(ships.stream().map(ShipmentFacts::sentAt).toList());
            out.add(timeliness(orderEvidence, sent, zone));
        }

        if (o.deliveryTo() != null) {
            Instant delivered = min(ships.stream().map(ShipmentFacts::firstDeliveredAt).toList());
            out.add(new Contribution(Kpi.DELIVERED_ON_TIME, day(o.deliveryTo(), zone), notAfter(delivered, o.deliveryTo()), null));
        }
        if (o.boughtAt() != null) {
            boolean bySeller = o.cancellation() != null && Order.Cancellation.SELLER.equals(o.cancellation().by());
            out.add(new Contribution(Kpi.SELLER_CANCELLATION, day(o.boughtAt(), zone), bySeller, null));
        }
        return new OrderKpis(carrier(ships), out);
    }

    private Contribution timeliness(Instant trigger, Instant accepted, ZoneId zone) {
        if (accepted == null) {
            return new Contribution(Kpi.TRACKING_TIMELINESS, day(trigger, zone), false, null);
        }
        Duration latency = Duration.between(trigger, accepted);
        return new Contribution(Kpi.TRACKING_TIMELINESS, day(trigger, zone), latency.compareTo(eventWindow) <= 0,
                latency.toMillis());
    }

    /** Order handover: the earliest COLLECTED across its shipments, else the earliest registered handedOverAt. */
    static Instant orderHandover(List<ShipmentFacts> ships) {
        Instant collected = min(ships.stream().map(ShipmentFacts::firstCollectedAt).toList());
        return collected != null ? collected : min(ships.stream().map(ShipmentFacts::handedOverAt).toList());
    }

    /** First handover evidence of a shipment: a carrier scan (its time), or a registration carrying handedOverAt (when received). */
    static Instant evidence(ShipmentFacts s) {
        Instant registration = s.handedOverAt() != null ? s.registeredAt() : null;
        List<Instant> both = new ArrayList<>();
        both.add(s.firstScanAt());
        both.add(registration);
        return min(both);
    }

    /** The carrier of the first registered shipment (ties by waybill), null without any. */
    static String carrier(List<ShipmentFacts> ships) {
        return ships.stream()
                .min(Comparator.comparing((ShipmentFacts s) -> s.registeredAt() == null ? Instant.MAX : s.registeredAt())
                        .thenComparing(ShipmentFacts::waybill))
                .map(ShipmentFacts::carrierId).orElse(null);
    }

    static LocalDate day(Instant at, ZoneId zone) {
        return LocalDate.ofInstant(at, zone);
    }

    private static boolean notAfter(Instant at, Instant limit) {
        return at != null && !at.isAfter(limit);
    }

    private static Instant min(List<Instant> values) {
        Instant m = null;
        for (Instant v : values) {
            if (v != null && (m == null || v.isBefore(m))) {
                m = v;
            }
        }
        return m;
    }
}
