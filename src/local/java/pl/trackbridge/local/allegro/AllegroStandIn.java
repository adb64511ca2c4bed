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
    final AllegroAuth auth = new AllegroAuth();
    final FaultPlan faults = new FaultPlan();
    final AllegroApi api = new AllegroApi(this);
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

    /** invalid_grant answers so far (refresh and device-code grants). */
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
}
