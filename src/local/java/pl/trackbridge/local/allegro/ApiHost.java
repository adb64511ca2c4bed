package pl.trackbridge.local.allegro;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The API host (/order/..., /sale/...): bearer-token checks, Allegro's media-type rules, then the endpoints.
 * Not thread-safe; {@link AllegroStandIn} serialises every call.
 */
final class ApiHost {
    static final Set<String> EVENT_TYPES = Set.of("BOUGHT", "FILLED_IN", "READY_FOR_PROCESSING", "BUYER_CANCELLED",
            "FULFILLMENT_STATUS_CHANGED", "BUYER_MODIFIED", "AUTO_CANCELLED");
    static final Set<String> FULFILLMENT_STATUSES = Set.of("NEW", "PROCESSING", "READY_FOR_SHIPMENT",
            "READY_FOR_PICKUP", "SENT", "PICKED_UP", "CANCELLED", "SUSPENDED", "RETURNED");
    private static final String READ = "allegro:api:orders:read";
    private static final String WRITE = "allegro:api:orders:write";

    private final AllegroStandIn standIn;
    final OrderBook orders = new OrderBook();
    final CarrierBook carriers = new CarrierBook();
    int waybillUsageLimit = 10; // Allegro's real limit is undisclosed
    int fulfillmentOperationLimit = Integer.MAX_VALUE;
    boolean autoSentOnWaybill;
    int staleReadsAfterFulfillment;
    private final Map<String, StaleView> staleViews = new HashMap<>();

    /** The order as it looked before a fulfillment PUT, served for a few more reads. */
    private static final class StaleView {
        final Map<String, Object> form;
        int remaining;

        StaleView(Map<String, Object> form, int remaining) {
            this.form = form;
            this.remaining = remaining;
        }
    }

    ApiHost(AllegroStandIn standIn) {
        this.standIn = standIn;
    }

    Reply handle(Call call, Instant now) {
        OAuthServer.AccessToken token = standIn.auth.authenticate(call.header("Authorization"), now);
        if (token == null) {
            return Reply.unauthorized();
        }
        if (!acceptsAllegroJson(call.header("Accept"))) {
            return Reply.error(406, "NotAcceptableException",
                    "Not acceptable representation requested. Please check 'Accept' request header", null);
        }
        if (hasBody(call) && !isAllegroJson(call.header("Content-Type"))) {
            return Reply.error(415, "UnsupportedMediaTypeException",
                    "Unsupported media type. Please check 'Content-Type' request header", null);
        }
        List<String> s = call.segments();
        String method = call.method();
        if (s.size() == 2 && s.get(0).equals("sale") && s.get(1).equals("quality")) {
            return only(method, "GET", () -> withSeller(token, "allegro:api:profile:read", () -> quality(now)));
        }
        if (s.isEmpty() || !s.get(0).equals("order")) {
            return notFound();
        }
        String resource = s.size() > 1 ? s.get(1) : "";
        switch (resource) {
            case "events":
                if (s.size() == 2) {
                    return only(method, "GET", () -> withSeller(token, READ, () -> events(call, token, now)));
                }
                break;
            case "event-stats":
                if (s.size() == 2) {
                    return only(method, "GET", () -> withSeller(token, READ, () -> eventStats(token, now)));
                }
                break;
            case "checkout-forms":
                return checkoutForms(call, token, now);
            case "carriers":
                // carriers and tracking also accept an application (client_credentials) token
                if (s.size() == 2) {
                    return only(method, "GET", () -> Reply.json(200, Json.obj("carriers", carriers.carriers.entrySet()
                            .stream().map(c -> Json.obj("id", c.getKey(), "name", c.getValue())).toList()))
                            .withHeader("Cache-Control", "max-age=3600"));
                }
                if (s.size() == 4 && s.get(3).equals("tracking")) {
                    return only(method, "GET", () -> tracking(call, s.get(2)));
                }
                break;
            default:
                break;
        }
        return notFound();
    }

    private Reply checkoutForms(Call call, OAuthServer.AccessToken token, Instant now) {
        List<String> s = call.segments();
        String method = call.method();
        if (s.size() == 2) {
            return only(method, "GET", () -> withSeller(token, READ, () -> listForms(call, token, now)));
        }
        String id = s.get(2);
        if (s.size() == 3) {
            return only(method, "GET", () -> withSeller(token, READ, () -> {
                if (!isUuid(id)) {
                    return Reply.error(422, "UnprocessableEntityException", "Invalid checkout form id: " + id, "id");
                }
                OrderBook.Order order = sellersOrder(token, id);
                if (order == null) {
                    return orderNotFound();
                }
                StaleView stale = staleViews.get(id);
                if (stale != null && stale.remaining-- > 0) {
                    return Reply.json(200, stale.form); // read-after-write lag (allegro-api#9819)
                }
                staleViews.remove(id);
                return Reply.json(200, orders.checkoutFormJson(order));
            }));
        }
        if (s.size() == 4 && s.get(3).equals("shipments")) {
            if (method.equals("GET")) {
                return withSeller(token, READ, () -> {
                    OrderBook.Order order = sellersOrder(token, id);
                    return order == null ? orderNotFound() : Reply.json(200, Json.obj("shipments",
                            order.shipments.stream().map(OrderBook::shipmentJson).toList()));
                });
            }
            return only(method, "POST", () -> withSeller(token, WRITE, () -> addShipment(call, token, id, now)));
        }
        if (s.size() == 4 && s.get(3).equals("fulfillment")) {
            return only(method, "PUT", () -> withSeller(token, WRITE, () -> fulfillment(call, token, id, now)));
        }
        return notFound();
    }

    // ---- events ----

    private Reply events(Call call, OAuthServer.AccessToken token, Instant now) {
        Integer limit = intParam(call.param("limit"), 100);
        if (limit == null || limit < 1 || limit > 1000) {
            return Reply.error(422, "UnprocessableEntityException", "limit must be between 1 and 1000", "limit");
        }
        long after = Long.MIN_VALUE;
        if (call.param("from") != null) {
            try {
                after = Long.parseLong(call.param("from"));
            } catch (NumberFormatException e) {
                return Reply.error(422, "UnprocessableEntityException", "Invalid event id: " + call.param("from"),
                        "from");
            }
        }
        List<String> types = new ArrayList<>();
        for (String value : call.params("type")) {
            for (String type : value.split(",")) {
                if (!EVENT_TYPES.contains(type.trim())) {
                    return Reply.error(422, "UnprocessableEntityException", "Unknown event type: " + type, "type");
                }
                types.add(type.trim());
            }
        }
        return Reply.json(200, Json.obj("events", orders.events(token.sellerId(), after, types, limit, now).stream()
                .map(orders::eventJson).toList()));
    }

    private Reply eventStats(OAuthServer.AccessToken token, Instant now) {
        OrderBook.Event latest = orders.latest(token.sellerId(), now);
        Map<String, Object> body = new LinkedHashMap<>();
        // Allegro answers {"latestEvent": null} when there was nothing in 60 days (allegro-api#8496)
        body.put("latestEvent", latest == null ? null
                : Json.obj("id", Long.toString(latest.id()), "occurredAt", Json.time(latest.occurredAt())));
        return Reply.json(200, body);
    }

    // ---- checkout forms ----

    private Reply listForms(Call call, OAuthServer.AccessToken token, Instant now) {
        Integer offset = intParam(call.param("offset"), 0);
        Integer limit = intParam(call.param("limit"), 100);
        if (offset == null || offset < 0 || limit == null || limit < 1 || limit > 100) {
            return Reply.error(422, "UnprocessableEntityException", "limit or offset out of range", null);
        }
        Predicate<OrderBook.Order> filter = o -> o.sellerId.equals(token.sellerId());
        filter = filter.and(equalsParam(call, "status", o -> o.status))
                .and(equalsParam(call, "fulfillment.status", o -> o.fulfillmentStatus))
                .and(equalsParam(call, "fulfillment.provider.id", o -> o.spec.provider))
                .and(equalsParam(call, "fulfillment.shipmentSummary.lineItemsSent", OrderBook.Order::lineItemsSent))
                .and(equalsParam(call, "delivery.method.id", o -> o.spec.deliveryMethodId))
                .and(equalsParam(call, "payment.id", o -> o.paymentId))
                .and(equalsParam(call, "buyer.login", OrderBook::buyerLogin));
        try {
            filter = filter.and(timeParam(call, "updatedAt.gte", o -> o.updatedAt, true))
                    .and(timeParam(call, "updatedAt.lte", o -> o.updatedAt, false))
                    .and(timeParam(call, "lineItems.boughtAt.gte", OrderBook.Order::lastBoughtAt, true))
                    .and(timeParam(call, "lineItems.boughtAt.lte", OrderBook.Order::lastBoughtAt, false));
        } catch (DateTimeParseException e) {
            return Reply.error(400, "IllegalArgumentException", "Invalid date: " + e.getParsedString(), null);
        }
        String sort = call.param("sort") == null ? "-lineItems.boughtAt" : call.param("sort");
        Comparator<OrderBook.Order> order = switch (sort.replace("-", "")) {
            case "lineItems.boughtAt" -> Comparator.comparing(OrderBook.Order::lastBoughtAt);
            case "updatedAt" -> Comparator.comparing(o -> o.updatedAt);
            default -> null;
        };
        if (order == null) {
            return Reply.error(400, "IllegalArgumentException", "Invalid sort: " + sort, "sort");
        }
        if (sort.startsWith("-")) {
            order = order.reversed();
        }
        List<OrderBook.Order> matching = orders.orders.values().stream().filter(filter).sorted(order).toList();
        List<Object> page = matching.stream().skip(offset).limit(limit)
                .map(o -> (Object) orders.checkoutFormJson(o)).toList();
        return Reply.json(200, Json.obj("checkoutForms", page, "count", page.size(), "totalCount", matching.size()));
    }

    private static Predicate<OrderBook.Order> equalsParam(Call call, String name,
            Function<OrderBook.Order, String> field) {
        String wanted = call.param(name);
        return wanted == null ? o -> true : o -> wanted.equals(field.apply(o));
    }

    private static Predicate<OrderBook.Order> timeParam(Call call, String name,
            Function<OrderBook.Order, Instant> field, boolean lowerBound) {
        String value = call.param(name);
        if (value == null) {
            return o -> true;
        }
        Instant bound = OffsetDateTime.parse(value).toInstant();
        return lowerBound ? o -> !field.apply(o).isBefore(bound) : o -> !field.apply(o).isAfter(bound);
    }

    // ---- shipments ----

    private Reply addShipment(Call call, OAuthServer.AccessToken token, String orderId, Instant now) {
        OrderBook.Order order = sellersOrder(token, orderId);
        if (order == null) {
            return orderNotFound();
        }
        JsonNode body = Json.read(call.body());
        if (body == null || !body.isObject()) {
            return Reply.error(400, "MalformedRequestException", "Malformed request body", null);
        }
        String carrierId = text(body, "carrierId");
        String waybill = text(body, "waybill");
        String carrierName = text(body, "carrierName");
        if (carrierId == null || carrierId.isEmpty()) {
            return Reply.error(400, "CarrierIdValidationException", "Missing value in the field: carrierId",
                    "carrierId");
        }
        if (!carriers.carriers.containsKey(carrierId)) {
            return Reply.error(400, "CarrierIdValidationException", "Unrecognized value in the field: carrierId",
                    "carrierId");
        }
        if (waybill == null || waybill.isEmpty() || waybill.length() > 64) {
            return Reply.error(400, "WaybillValidationException", "Tracking number is invalid", "waybill");
        }
        if (carrierId.equals("OTHER") && (carrierName == null || carrierName.isBlank())) {
            return Reply.error(400, "CarrierNameValidationException", "Carrier name is required for OTHER",
                    "carrierName");
        }
        if (carrierName != null && carrierName.length() > 30) {
            return Reply.error(400, "CarrierNameValidationException", "Carrier name is too long", "carrierName");
        }
        Pattern pattern = carriers.waybillPatterns.get(carrierId);
        if (waybill.contains(" ") || (pattern != null && !pattern.matcher(waybill).matches())) {
            return Reply.error(400, "CarrierWaybillValidationException",
                    "Provided waybill is not valid for this carrier", null);
        }
        List<String> lineItemIds = new ArrayList<>();
        if (body.has("lineItems") && body.get("lineItems").isArray()) {
            for (JsonNode item : body.get("lineItems")) {
                String id = text(item, "id");
                if (id == null || order.lineItems.stream().noneMatch(li -> li.id.equals(id))) {
                    return Reply.error(422, "LineItemNotFoundException",
                            "Line item " + id + " doesn't belong to the order", "lineItems");
                }
                lineItemIds.add(id);
            }
        }
        boolean alreadyOnThisOrder = order.shipments.stream()
                .anyMatch(sh -> sh.carrierId().equals(carrierId) && sh.waybill().equals(waybill));
        if (!alreadyOnThisOrder && orders.ordersUsingWaybill(carrierId, waybill) >= waybillUsageLimit) {
            return Reply.error(409, "WaybillUsageExceededException",
                    "Maximum waybill usage exceeded (e.g. used in too many orders)", "waybill");
        }
        String storedName = carrierId.equals("OTHER") ? carrierName : carriers.carriers.get(carrierId);
        OrderBook.Shipment shipment = orders.addShipment(order, carrierId, storedName, waybill, lineItemIds, now);
        if (autoSentOnWaybill) {
            orders.setFulfillmentStatus(order, "SENT", now); // the Sales Center setting (see CheckoutFormFulfillmentStatus)
        }
        return Reply.json(201, OrderBook.shipmentJson(shipment));
    }

    // ---- fulfillment ----

    private Reply fulfillment(Call call, OAuthServer.AccessToken token, String orderId, Instant now) {
        OrderBook.Order order = sellersOrder(token, orderId);
        if (order == null) {
            return orderNotFound();
        }
        JsonNode body = Json.read(call.body());
        String status = body == null ? null : text(body, "status");
        if (status == null || !FULFILLMENT_STATUSES.contains(status)) {
            return Reply.error(422, "UnprocessableEntityException", "Unrecognized status value: " + status, "status");
        }
        if (status.equals("RETURNED")) {
            return Reply.error(422, "UnprocessableEntityException", "Status RETURNED cannot be set by the seller",
                    "status");
        }
        String revision = call.param("checkoutForm.revision");
        if (revision != null && !revision.equals(order.revision)) {
            return Reply.error(409, "ConflictException", "Conflict. Provided revision is outdated.", null);
        }
        // Every PUT counts towards Allegro's per-order operation cap, even one that changes nothing (#3652).
        if (++order.fulfillmentOperations > fulfillmentOperationLimit) {
            return Reply.error(422, "SellerOrdersStoreUnprocessableEntityException",
                    "Too many operations on this order", null);
        }
        if (staleReadsAfterFulfillment > 0) {
            staleViews.put(orderId, new StaleView(orders.checkoutFormJson(order), staleReadsAfterFulfillment));
        }
        orders.setFulfillmentStatus(order, status, now);
        return Reply.noContent();
    }

    // ---- carriers, tracking, sales quality ----

    private Reply tracking(Call call, String carrierId) {
        if (!carriers.trackingCarriers.contains(carrierId)) {
            return Reply.error(400, "INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT", "Carrier " + carrierId
                    + " is not supported. Allowed values: " + String.join(", ", carriers.trackingCarriers), "carrierId");
        }
        List<String> waybills = call.params("waybill").stream().filter(w -> !w.isEmpty()).toList();
        if (waybills.isEmpty() || waybills.size() > 20) {
            return Reply.error(400, "INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT",
                    "Between 1 and 20 waybills must be given", "waybill");
        }
        return Reply.json(200, Json.obj("carrierId", carrierId,
                "waybills", waybills.stream().map(w -> carriers.trackingJson(carrierId, w)).toList()));
    }

    private Reply quality(Instant now) {
        LocalDate today = LocalDate.ofInstant(now, ZoneOffset.UTC);
        List<Object> days = Stream.iterate(today.minusDays(1), d -> d.minusDays(1)).limit(3)
                .map(day -> (Object) Json.obj("resultFor", day.toString(), "score", 410, "grade", "GOOD",
                        "maxScore", 500, "metrics", List.of(
                                Json.obj("code", "BUYER_SATISFACTION", "name", "Zadowolenie kupujących",
                                        "score", 200, "maxScore", 250),
                                Json.obj("code", "ON_TIME_DISPATCH", "name", "Wysyłka w terminie",
                                        "score", 210, "maxScore", 250))))
                .toList();
        return Reply.json(200, Json.obj("quality", days));
    }

    // ---- helpers ----

    private interface Handler {
        Reply handle();
    }

    /** A known path with another method: Allegro answers 405 NotAllowedException (allegro-api#3792). */
    private static Reply only(String method, String allowed, Handler handler) {
        if (!method.equals(allowed)) {
            return Reply.error(405, "NotAllowedException", "HTTP " + method + " is not allowed here", null)
                    .withHeader("Allow", allowed);
        }
        return handler.handle();
    }

    /** Seller resources need a user token with the scope; an application token gets 403. */
    private static Reply withSeller(OAuthServer.AccessToken token, String scope, Handler handler) {
        if (token.sellerId() == null || !token.allows(scope)) {
            return Reply.error(403, "AccessDenied", "Access is denied", null);
        }
        return handler.handle();
    }

    private OrderBook.Order sellersOrder(OAuthServer.AccessToken token, String orderId) {
        OrderBook.Order order = orders.orders.get(orderId);
        return order != null && order.sellerId.equals(token.sellerId()) ? order : null;
    }

    private static Reply orderNotFound() {
        return Reply.error(404, "NotFoundException", "Order not found or doesn't belong to the seller", null);
    }

    private static Reply notFound() {
        return Reply.error(404, "NotFoundException", "Not found", null);
    }

    private static Integer intParam(String value, int fallback) {
        if (value == null) {
            return fallback;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }

    private static boolean isUuid(String value) {
        try {
            return UUID.fromString(value).toString().equalsIgnoreCase(value);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** Allegro wants its own versioned media type; plain JSON, the beta type or a browser's Accept get 406. */
    static boolean acceptsAllegroJson(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            if (part.split(";")[0].trim().equalsIgnoreCase(Reply.ALLEGRO_JSON)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAllegroJson(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(Reply.ALLEGRO_JSON);
    }

    private static boolean hasBody(Call call) {
        return call.method().equals("POST") || call.method().equals("PUT");
    }
}
