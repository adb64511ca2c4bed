package pl.trackbridge.local.allegro;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.common.ConsoleNotifier;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A local Allegro for tests and the local runtime: a WireMock server on 127.0.0.1 whose one catch-all stub hands
 * every request to an in-memory, stateful Allegro (OAuth with refresh-token rotation, the order event journal,
 * checkout forms, shipments, fulfillment, carriers and parcel tracking), with scripted faults. It follows
 * {@code docs/allegro/api-notes.md} and Allegro's OpenAPI; tests check its traffic against that spec.
 *
 * <p>All control methods are synchronized on this object, and so is every request, so tests can script state
 * while a client is polling.
 */
public final class AllegroStandIn implements AutoCloseable {
    private final WireMockServer server;
    final OAuthServer auth = new OAuthServer();
    final FaultPlan faults = new FaultPlan();
    final ApiHost api = new ApiHost(this);
    private Clock clock = Clock.systemUTC();
    Duration timeoutDelay = Duration.ofSeconds(5);

    private AllegroStandIn(int port) {
        server = new WireMockServer(options()
                .bindAddress("127.0.0.1")
                .port(port)
                .gzipDisabled(true)
                .notifier(new ConsoleNotifier(false))
                .extensions(new AllegroRouter(this)));
    }

    /** Starts the stand-in; port 0 picks a free port. */
    public static AllegroStandIn start(int port) {
        AllegroStandIn standIn = new AllegroStandIn(port);
        standIn.server.start();
        standIn.server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(AllegroRouter.NAME)));
        return standIn;
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Base of the API host, e.g. {@code apiUrl() + "/order/events"}. */
    public String apiUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    /** Base of the OAuth endpoints, e.g. {@code authUrl() + "/token"}; Allegro has them on the web host. */
    public String authUrl() {
        return apiUrl() + "/auth/oauth";
    }

    /** The WireMock server, for its request journal ({@code getAllServeEvents()}). */
    public WireMockServer wireMock() {
        return server;
    }

    public synchronized void setClock(Clock clock) {
        this.clock = clock;
    }

    synchronized Instant now() {
        return clock.instant();
    }

    // ---- OAuth ----

    public synchronized void registerClient(String clientId, String clientSecret) {
        auth.registerClient(clientId, clientSecret);
    }

    /** An initial refresh token, as if the seller had just authorised the application. */
    public synchronized String issueRefreshToken(String clientId, String sellerId) {
        return auth.issueRefreshToken(clientId, sellerId, now());
    }

    /** An authorization code for grant_type=authorization_code; valid 10 s on the stand-in's clock, once. */
    public synchronized String issueAuthorizationCode(String clientId, String sellerId, String redirectUri) {
        return auth.issueAuthorizationCode(clientId, sellerId, redirectUri, now());
    }

    public synchronized void setAccessTokenTtl(Duration ttl) {
        auth.accessTokenTtl = ttl;
    }

    /** How long a used refresh token keeps working (Allegro: 60 s). */
    public synchronized void setRefreshGrace(Duration grace) {
        auth.refreshGrace = grace;
    }

    public synchronized void approveDevice(String userCode, String sellerId) {
        auth.approveDevice(userCode, sellerId);
    }

    public synchronized void denyDevice(String userCode) {
        auth.denyDevice(userCode);
    }

    /** Successful refresh_token grants so far. */
    public synchronized int refreshCount() {
        return auth.refreshCount;
    }

    /** invalid_grant answers so far (refresh, device-code and authorization-code grants). */
    public synchronized int invalidGrantCount() {
        return auth.invalidGrantCount;
    }

    // ---- faults and throttling ----

    /** The next {@code times} requests (any path) fail with {@code fault}. */
    public synchronized void failNext(int times, Fault fault) {
        faults.failNext(times, fault, null);
    }

    /** The next {@code times} requests whose path starts with {@code pathPrefix} fail with {@code fault}. */
    public synchronized void failNext(int times, Fault fault, String pathPrefix) {
        faults.failNext(times, fault, pathPrefix);
    }

    /**
     * Each request fails with the given probability, drawn from a Random with this seed, so a run is repeatable
     * for the same request order. Without kinds it uses 500 and 503.
     */
    public synchronized void faultRate(double probability, long seed, Fault... kinds) {
        faults.rate(probability, seed, kinds);
    }

    /** Drops scripted faults, the fault rate and any 429 block. */
    /** Shortens (or restores) the block a 429 imposes on the client id; Allegro's is one minute. */
    public synchronized void setBlockDuration(Duration block) {
        faults.block = block;
    }

    public synchronized void clearFaults() {
        faults.clear();
    }

    /** How long a {@link Fault#TIMEOUT_AFTER_ACCEPT} answer is held back (default 5 s). */
    public synchronized void setTimeoutDelay(Duration delay) {
        timeoutDelay = delay;
    }

    /** Requests per client id per minute before Allegro's 429 and one-minute block (default 9000). */
    public synchronized void setRequestsPerMinute(int limit) {
        faults.requestsPerMinute = limit;
    }

    // ---- orders and the event journal ----

    /** A paid order with one line item; returns the checkout form id. */
    public String addOrder(String sellerId) {
        return addOrder(sellerId, OrderSpec.readyForProcessing());
    }

    /** Creates a checkout form and writes the journal events that lead to its status; returns its id. */
    public synchronized String addOrder(String sellerId, OrderSpec spec) {
        return api.orders.add(sellerId, spec, now());
    }

    /** Payment completed (again, for a surcharge): READY_FOR_PROCESSING, new revision, new event. */
    public synchronized void payOrder(String orderId) {
        api.orders.pay(orderId, now());
    }

    /** Cancelled by the buyer (BUYER_CANCELLED) or by Allegro (AUTO_CANCELLED). */
    public synchronized void cancelOrder(String orderId, boolean byBuyer) {
        api.orders.cancel(orderId, byBuyer, now());
    }

    /** The buyer changed something (address, invoice data...): new revision and updatedAt, BUYER_MODIFIED event. */
    public synchronized void changeOrder(String orderId) {
        api.orders.change(orderId, now());
    }

    /** The seller changed the status elsewhere (Sales Center, One Fulfillment): revision moves, updatedAt does not. */
    public synchronized void setFulfillmentStatus(String orderId, String status) {
        api.orders.setFulfillmentStatus(api.orders.order(orderId), status, now());
    }

    /** Writes an extra event now, e.g. a second READY_FOR_PROCESSING after a surcharge (allegro-api#2087). */
    public synchronized void emitEvent(String orderId, String type) {
        emitEvent(orderId, type, now());
    }

    /** Writes an event whose occurredAt may be older than events already in the journal (allegro-api#2700). */
    public synchronized void emitEvent(String orderId, String type, Instant occurredAt) {
        if (!ApiHost.EVENT_TYPES.contains(type)) {
            throw new IllegalArgumentException("unknown event type " + type);
        }
        api.orders.emit(api.orders.order(orderId), type, occurredAt, now());
    }

    /** Writes an existing event again under a new id. */
    public synchronized void duplicateEvent(String eventId) {
        api.orders.duplicate(eventId, now());
    }

    /** From now on events are withheld from the journal, as in Allegro's missing-event incidents. */
    public synchronized void holdEvents() {
        api.orders.hold();
    }

    /** Writes the withheld events late: new ids, original occurredAt. */
    public synchronized void releaseEvents() {
        api.orders.release(now());
    }

    /** Id of the newest event in the journal (any seller), or null. */
    public synchronized String latestEventId() {
        List<OrderBook.Event> journal = api.orders.journal;
        return journal.isEmpty() ? null : Long.toString(journal.get(journal.size() - 1).id());
    }

    public synchronized String statusOf(String orderId) {
        return api.orders.order(orderId).status;
    }

    public synchronized String fulfillmentStatusOf(String orderId) {
        return api.orders.order(orderId).fulfillmentStatus;
    }

    public synchronized String revisionOf(String orderId) {
        return api.orders.order(orderId).revision;
    }

    public synchronized List<String> lineItemIdsOf(String orderId) {
        return api.orders.order(orderId).lineItems.stream().map(li -> li.id).toList();
    }

    /** The waybills on an order, in the order they were added. */
    public synchronized List<String> waybillsOf(String orderId) {
        return api.orders.order(orderId).shipments.stream().map(OrderBook.Shipment::waybill).toList();
    }

    // ---- shipments, carriers, tracking ----

    /** A waybill added through another channel (Moje Allegro, a carrier's own integration). */
    public synchronized void addForeignShipment(String orderId, String carrierId, String waybill) {
        api.orders.addShipment(api.orders.order(orderId), carrierId, null, waybill, List.of(), now());
    }

    /** Replaces GET /order/carriers; ids map to display names (null allowed, as for OTHER). */
    public synchronized void setCarriers(Map<String, String> carriers) {
        api.carriers.carriers.clear();
        api.carriers.carriers.putAll(carriers);
    }

    /** Waybills for this carrier must match, else 400 CarrierWaybillValidationException. */
    public synchronized void setWaybillPattern(String carrierId, String regex) {
        api.carriers.waybillPatterns.put(carrierId, Pattern.compile(regex));
    }

    /** On how many orders one waybill may be before POST shipments answers 409 (default 10). */
    public synchronized void setWaybillUsageLimit(int orders) {
        api.waybillUsageLimit = orders;
    }

    /** The seller setting that moves fulfillment.status to SENT when a waybill is added. */
    public synchronized void setAutoSentOnWaybill(boolean enabled) {
        api.autoSentOnWaybill = enabled;
    }

    /** PUTs per order before 422 SellerOrdersStoreUnprocessableEntityException (default unlimited). */
    public synchronized void setFulfillmentOperationLimit(int operations) {
        api.fulfillmentOperationLimit = operations;
    }

    /** After a successful fulfillment PUT, this many GETs of that order still show the old copy (default 0). */
    public synchronized void setStaleReadsAfterFulfillment(int reads) {
        api.staleReadsAfterFulfillment = reads;
    }

    /** What GET /order/carriers/{carrierId}/tracking reports for a waybill. */
    public synchronized void setTracking(String carrierId, String waybill, List<TrackingStatus> statuses) {
        api.carriers.setTracking(carrierId, waybill, statuses);
    }

    /** From now on GET /order/carriers/{carrierId}/tracking answers 400 INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT (allegro-api#6899). */
    public synchronized void refuseTracking(String carrierId) {
        api.carriers.trackingCarriers.remove(carrierId);
    }

    /** Allegro's tracking accepts this carrier again. */
    public synchronized void acceptTracking(String carrierId) {
        api.carriers.trackingCarriers.add(carrierId);
    }
}
