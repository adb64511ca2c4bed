package pl.trackbridge.local.allegro;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * Sellers' orders as Allegro keeps them: checkout forms with revision, the event journal, shipments (waybills) and
 * fulfillment status. Not thread-safe; {@link AllegroStandIn} serialises every call.
 */
final class OrderBook {
    static final Duration RETENTION = Duration.ofDays(60);

    static final class LineItem {
        final String id;
        final OrderSpec.Item item;
        final Instant boughtAt;

        LineItem(String id, OrderSpec.Item item, Instant boughtAt) {
            this.id = id;
            this.item = item;
            this.boughtAt = boughtAt;
        }
    }

    record Shipment(String id, String waybill, String carrierId, String carrierName, List<String> lineItemIds,
            Instant createdAt) {
    }

    static final class Order {
        final String id;
        final String sellerId;
        final OrderSpec spec;
        final String buyerId;
        final String paymentId;
        final List<LineItem> lineItems = new ArrayList<>();
        final List<Shipment> shipments = new ArrayList<>();
        String status;
        String fulfillmentStatus;
        Instant paidAt;
        Instant cancelledAt;
        Instant updatedAt;
        String revision;
        int fulfillmentOperations;

        Order(String id, String sellerId, OrderSpec spec, String buyerId, String paymentId) {
            this.id = id;
            this.sellerId = sellerId;
            this.spec = spec;
            this.buyerId = buyerId;
            this.paymentId = paymentId;
        }

        Instant lastBoughtAt() {
            return lineItems.stream().map(li -> li.boughtAt).max(Comparator.naturalOrder()).orElseThrow();
        }

        /** NONE/SOME/ALL line items covered by a waybill; an empty lineItems list on a shipment means all. */
        String lineItemsSent() {
            long covered = lineItems.stream().filter(li -> shipments.stream()
                    .anyMatch(s -> s.lineItemIds().isEmpty() || s.lineItemIds().contains(li.id))).count();
            return covered == 0 ? "NONE" : covered == lineItems.size() ? "ALL" : "SOME";
        }
    }

    /** One journal entry; revision is the checkout form's revision when the event was written. */
    record Event(long id, String type, String orderId, Instant occurredAt, Instant emittedAt, String revision) {
    }

    final Map<String, Order> orders = new LinkedHashMap<>();
    final List<Event> journal = new ArrayList<>();
    private final List<Event> held = new ArrayList<>();
    private boolean holding;
    // Allegro's event ids are long decimal strings that grow with emission order
    private long lastEventId = 1_700_000_000_000_000L;
    private final Random random = new Random(3187L);

    // ---- creating and changing orders (control API) ----

    String add(String sellerId, OrderSpec spec, Instant now) {
        Order order = new Order(uuid(), sellerId, spec, Long.toString(10_000_000L + random.nextInt(90_000_000)), uuid());
        Instant boughtAt = spec.boughtAt != null ? spec.boughtAt : now;
        List<OrderSpec.Item> items = spec.items.isEmpty()
                ? List.of(new OrderSpec.Item("13345678901", "Kubek ceramiczny 330 ml", 1, "29.99", null))
                : List.copyOf(spec.items);
        for (OrderSpec.Item item : items) {
            order.lineItems.add(new LineItem(uuid(), item, boughtAt));
        }
        order.status = spec.status;
        order.fulfillmentStatus = spec.fulfillmentStatus;
        order.updatedAt = now;
        order.revision = newRevision();
        if (spec.status.equals("READY_FOR_PROCESSING")) {
            order.paidAt = now;
        }
        orders.put(order.id, order);
        // The journal shows the path the buyer took to the current status.
        emit(order, "BOUGHT", now, now);
        if (!spec.status.equals("BOUGHT")) {
            emit(order, "FILLED_IN", now, now);
        }
        if (spec.status.equals("READY_FOR_PROCESSING")) {
            emit(order, "READY_FOR_PROCESSING", now, now);
        }
        if (spec.status.equals("CANCELLED")) {
            order.cancelledAt = now;
            emit(order, "BUYER_CANCELLED", now, now);
        }
        return order.id;
    }

    void pay(String orderId, Instant now) {
        Order order = order(orderId);
        order.status = "READY_FOR_PROCESSING";
        order.paidAt = now;
        buyerChanged(order, "READY_FOR_PROCESSING", now);
    }

    void cancel(String orderId, boolean byBuyer, Instant now) {
        Order order = order(orderId);
        order.status = "CANCELLED";
        order.cancelledAt = now;
        buyerChanged(order, byBuyer ? "BUYER_CANCELLED" : "AUTO_CANCELLED", now);
    }

    void change(String orderId, Instant now) {
        buyerChanged(order(orderId), "BUYER_MODIFIED", now);
    }

    /** A buyer-side change: new revision and updatedAt, plus a journal event. */
    private void buyerChanged(Order order, String eventType, Instant now) {
        order.revision = newRevision();
        order.updatedAt = now;
        emit(order, eventType, now, now);
    }

    /** A seller-side status change (ours via PUT, or Sales Center): revision moves, updatedAt does not (#9905). */
    void setFulfillmentStatus(Order order, String status, Instant now) {
        if (!status.equals(order.fulfillmentStatus)) {
            order.fulfillmentStatus = status;
            order.revision = newRevision();
            emit(order, "FULFILLMENT_STATUS_CHANGED", now, now);
        }
    }

    // ---- the journal ----

    void emit(Order order, String type, Instant occurredAt, Instant now) {
        Event event = new Event(0, type, order.id, occurredAt, now, order.revision);
        if (holding) {
            held.add(event);
        } else {
            append(event, now);
        }
    }

    private void append(Event event, Instant now) {
        lastEventId += 1 + random.nextInt(1000); // ids grow but are not dense, as on Allegro
        journal.add(new Event(lastEventId, event.type(), event.orderId(), event.occurredAt(), now, event.revision()));
    }

    /** Re-emits an existing event under a new id (a duplicate as after Allegro re-sends missing events). */
    void duplicate(String eventId, Instant now) {
        Event original = journal.stream().filter(e -> Long.toString(e.id()).equals(eventId)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no event " + eventId));
        append(original, now);
    }

    void hold() {
        holding = true;
    }

    /** Writes the held events with new ids but their original occurredAt, like a late re-emission. */
    void release(Instant now) {
        holding = false;
        for (Event event : held) {
            append(event, now);
        }
        held.clear();
    }

    /** The seller's events within retention, oldest first, after the given id. */
    List<Event> events(String sellerId, long after, List<String> types, int limit, Instant now) {
        Instant oldest = now.minus(RETENTION);
        return journal.stream()
                .filter(e -> e.id() > after && e.emittedAt().isAfter(oldest))
                .filter(e -> orders.get(e.orderId()).sellerId.equals(sellerId))
                .filter(e -> types.isEmpty() || types.contains(e.type()))
                .limit(limit)
                .toList();
    }

    Event latest(String sellerId, Instant now) {
        List<Event> all = events(sellerId, Long.MIN_VALUE, List.of(), Integer.MAX_VALUE, now);
        return all.isEmpty() ? null : all.get(all.size() - 1);
    }

    Order order(String orderId) {
        Order order = orders.get(orderId);
        if (order == null) {
            throw new IllegalArgumentException("no order " + orderId);
        }
        return order;
    }

    Shipment addShipment(Order order, String carrierId, String carrierName, String waybill, List<String> lineItemIds,
            Instant now) {
        // The id is derived from carrier and waybill, so the same waybill gets the same id on every order (#2551).
        String id = Base64.getEncoder().encodeToString((carrierId + ":" + waybill).getBytes(StandardCharsets.UTF_8));
        Shipment shipment = new Shipment(id, waybill, carrierId, carrierName, List.copyOf(lineItemIds), now);
        order.shipments.add(shipment);
        return shipment;
    }

    long ordersUsingWaybill(String carrierId, String waybill) {
        return orders.values().stream().filter(o -> o.shipments.stream()
                .anyMatch(s -> s.carrierId().equals(carrierId) && s.waybill().equals(waybill))).count();
    }

    // ---- JSON views ----

    Map<String, Object> eventJson(Event event) {
        Order order = orders.get(event.orderId());
        return Json.obj(
                "id", Long.toString(event.id()),
                "order", Json.obj(
                        "seller", Json.obj("id", order.sellerId),
                        "buyer", Json.obj("id", order.buyerId, "email", buyerEmail(order), "login", buyerLogin(order),
                                "guest", false, "preferences", Json.obj("language", "pl-PL")),
                        "lineItems", order.lineItems.stream().map(li -> Json.obj(
                                "id", li.id,
                                "offer", offerJson(li),
                                "quantity", li.item.quantity(),
                                "originalPrice", price(li.item.price(), order),
                                "price", price(li.item.price(), order),
                                "boughtAt", Json.time(li.boughtAt))).toList(),
                        "checkoutForm", Json.obj("id", order.id, "revision", event.revision()),
                        "marketplace", Json.obj("id", "allegro-pl")),
                "type", event.type(),
                "occurredAt", Json.time(event.occurredAt()));
    }

    Map<String, Object> checkoutFormJson(Order order) {
        OrderSpec spec = order.spec;
        Instant bought = order.lineItems.get(0).boughtAt;
        // Defaults: dispatch by the end of the next day, delivery the two days after (only once paid, as Allegro
        // computes the delivery window when the order becomes READY_FOR_PROCESSING).
        Instant dispatchFrom = spec.dispatchFrom != null ? spec.dispatchFrom
                : bought.truncatedTo(ChronoUnit.DAYS).plus(Duration.ofDays(1));
        Instant dispatchTo = spec.dispatchTo != null ? spec.dispatchTo
                : dispatchFrom.plus(Duration.ofDays(1)).minusSeconds(1);
        boolean paid = order.paidAt != null;
        Instant deliveryFrom = spec.deliveryFrom != null ? spec.deliveryFrom : dispatchTo.plus(Duration.ofDays(1));
        Instant deliveryTo = spec.deliveryTo != null ? spec.deliveryTo : dispatchTo.plus(Duration.ofDays(2));
        BigDecimal total = order.lineItems.stream()
                .map(li -> new BigDecimal(li.item.price()).multiply(BigDecimal.valueOf(li.item.quantity())))
                .reduce(BigDecimal.ZERO, BigDecimal::add).add(new BigDecimal("9.99"));
        return Json.obj(
                "id", order.id,
                "messageToSeller", spec.messageToSeller,
                "buyer", Json.obj(
                        "id", order.buyerId,
                        "email", buyerEmail(order),
                        "login", buyerLogin(order),
                        "firstName", "Jan",
                        "lastName", "Kowalski",
                        "guest", false,
                        "phoneNumber", "+48 500 600 700",
                        "preferences", Json.obj("language", "pl-PL"),
                        "address", Json.obj("street", "Prosta 1", "city", "Warszawa", "postCode", "00-838",
                                "countryCode", "PL")),
                "payment", order.status.equals("BOUGHT") ? null : Json.obj(
                        "id", order.paymentId,
                        "type", spec.paymentType,
                        "provider", spec.paymentType.equals("CASH_ON_DELIVERY") ? "OFFLINE" : "P24",
                        "finishedAt", Json.time(order.paidAt),
                        "paidAmount", paid && !spec.paymentType.equals("CASH_ON_DELIVERY")
                                ? price(total.toPlainString(), order) : null),
                "status", order.status,
                "fulfillment", Json.obj(
                        "status", order.fulfillmentStatus,
                        "shipmentSummary", Json.obj("lineItemsSent", order.lineItemsSent()),
                        "provider", Json.obj("id", spec.provider)),
                "delivery", Json.obj(
                        "address", Json.obj("firstName", "Jan", "lastName", "Kowalski", "street", "Prosta 1",
                                "city", "Warszawa", "zipCode", "00-838", "countryCode", "PL",
                                "phoneNumber", "+48 500 600 700"),
                        "method", Json.obj("id", spec.deliveryMethodId, "name", spec.deliveryMethodName),
                        "pickupPoint", spec.pickupPointId == null ? null : Json.obj(
                                "id", spec.pickupPointId, "name", "Paczkomat " + spec.pickupPointId,
                                "description", "Przy sklepie",
                                "address", Json.obj("street", "Prosta 2", "zipCode", "00-838", "city", "Warszawa",
                                        "countryCode", "PL")),
                        "cost", price("9.99", order),
                        "time", Json.obj(
                                "from", paid ? Json.time(deliveryFrom) : null,
                                "to", paid ? Json.time(deliveryTo) : null,
                                "dispatch", Json.obj("from", Json.time(dispatchFrom), "to", Json.time(dispatchTo))),
                        "smart", spec.smart,
                        "cancellation", order.cancelledAt == null ? null
                                : Json.obj("date", Json.time(order.cancelledAt)),
                        "calculatedNumberOfPackages", 1),
                "invoice", Json.obj("required", false),
                "lineItems", order.lineItems.stream().map(li -> Json.obj(
                        "id", li.id,
                        "offer", offerJson(li),
                        "quantity", li.item.quantity(),
                        "originalPrice", price(li.item.price(), order),
                        "price", price(li.item.price(), order),
                        "selectedAdditionalServices", List.of(),
                        "vouchers", List.of(),
                        "boughtAt", Json.time(li.boughtAt),
                        "discounts", List.of())).toList(),
                "surcharges", List.of(),
                "note", Json.obj("text", ""),
                "marketplace", Json.obj("id", "allegro-pl"),
                "summary", Json.obj("totalToPay", price(total.toPlainString(), order)),
                "updatedAt", Json.time(order.updatedAt),
                "revision", order.revision);
    }

    static Map<String, Object> shipmentJson(Shipment shipment) {
        return Json.obj(
                "id", shipment.id(),
                "waybill", shipment.waybill(),
                "carrierId", shipment.carrierId(),
                "carrierName", shipment.carrierName(),
                "lineItems", shipment.lineItemIds().stream().map(id -> Json.obj("id", id)).toList(),
                "createdAt", Json.time(shipment.createdAt()));
    }

    private static Map<String, Object> offerJson(LineItem li) {
        return Json.obj("id", li.item.offerId(), "name", li.item.name(),
                "external", li.item.externalId() == null ? null : Json.obj("id", li.item.externalId()));
    }

    private static Map<String, Object> price(String amount, Order order) {
        return Json.obj("amount", amount, "currency", order.spec.currency);
    }

    // Allegro masks the buyer's address behind a per-order allegromail alias
    private static String buyerEmail(Order order) {
        return order.id.substring(0, 10).replace("-", "") + "+" + order.buyerId + "@allegromail.pl";
    }

    static String buyerLogin(Order order) {
        return order.spec.buyerLogin != null ? order.spec.buyerLogin : "Client:" + order.buyerId;
    }

    private String uuid() {
        long msb = (random.nextLong() & ~0xF000L) | 0x4000L;
        long lsb = (random.nextLong() & 0x3FFFFFFFFFFFFFFFL) | 0x8000000000000000L;
        return new UUID(msb, lsb).toString();
    }

    private String newRevision() {
        return String.format("%08x", random.nextInt());
    }
}
