package pl.trackbridge.allegro.auth;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A small stand-in for Allegro's token endpoint that behaves like api-notes §7 says the real one does:
 * every refresh rotates the pair, the old refresh token stays usable for a grace period (60 s) after its
 * first use, then answers {@code 400 invalid_grant}. It serves requests in parallel, so racing refreshes
 * really race. Also the device flow, with scripted answers.
 */
final class FakeAllegroOAuthServer implements AutoCloseable {
    static final String CLIENT_ID = "test-client";
    static final String CLIENT_SECRET = "test-secret";

    /** One refresh token: when it was first redeemed (null: never) and the token that redemption issued. */
    private static final class Issued {
        Instant firstUsedAt;
        boolean revoked;
        String child;
    }

    /** A recorded request, for assertions on what the client sent. */
    record Seen(String method, String path, Map<String, String> query, String authorization, String contentType,
            String body) {
    }

    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, Issued> refreshTokens = new HashMap<>();
    private final Deque<Integer> forcedStatuses = new ArrayDeque<>();
    private final Deque<String> deviceAnswers = new ArrayDeque<>();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private volatile Clock clock = Clock.systemUTC();
    private volatile Duration grace = Duration.ofSeconds(60);
    private volatile Duration latency = Duration.ZERO;
    private volatile String retryAfter;
    private int issued;
    private int refreshes;
    private int reusesWithinGrace;
    private int invalidGrants;
    private String lastAccessToken;

    FakeAllegroOAuthServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        pool = Executors.newFixedThreadPool(16);
        server.setExecutor(pool);
        server.createContext("/auth/oauth/token", this::token);
        server.createContext("/auth/oauth/device", this::device);
        server.start();
    }

    String authUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/auth/oauth";
    }

    void clock(Clock c) {
        clock = c;
    }

    void grace(Duration d) {
        grace = d;
    }

    /** Time each answer takes: widens the window in which naive callers would refresh in parallel. */
    void latency(Duration d) {
        latency = d;
    }

    /** The next answers of /token get these statuses instead of being served (e.g. 429, 500). */
    synchronized void forceStatuses(Integer... statuses) {
        forcedStatuses.addAll(List.of(statuses));
    }

    void retryAfter(String seconds) {
        retryAfter = seconds;
    }

    /** The next device-code polls answer with these errors ("authorization_pending", "slow_down", …); then grant. */
    synchronized void deviceAnswers(String... errors) {
        deviceAnswers.addAll(List.of(errors));
    }

    /** A refresh token Allegro would have issued to a freshly connected seller. */
    synchronized String issueRefreshToken() {
        String rt = "rt-" + (++issued);
        refreshTokens.put(rt, new Issued());
        return rt;
    }

    synchronized void revoke(String refreshToken) {
        refreshTokens.get(refreshToken).revoked = true;
    }

    synchronized int refreshes() {
        return refreshes;
    }

    synchronized int reusesWithinGrace() {
        return reusesWithinGrace;
    }

    synchronized int invalidGrants() {
        return invalidGrants;
    }

    synchronized String lastAccessToken() {
        return lastAccessToken;
    }

    List<Seen> seen() {
        return seen;
    }

    private void token(HttpExchange ex) throws IOException {
        Seen s = record(ex);
        pause();
        if (!authorized(s)) {
            send(ex, 401, "{\"error\":\"invalid_client\",\"error_description\":\"Bad client credentials\"}");
            return;
        }
        Integer forced;
        synchronized (this) {
            forced = forcedStatuses.poll();
        }
        if (forced != null) {
            if (forced == 429 && retryAfter != null) {
                ex.getResponseHeaders().add("Retry-After", retryAfter);
            }
            send(ex, forced, "{\"error\":\"forced\"}");
            return;
        }
        String grant = s.query().getOrDefault("grant_type", "");
        if (grant.equals("refresh_token")) {
            refresh(ex, s.query().getOrDefault("refresh_token", ""));
        } else if (grant.equals(AllegroAuthClient.DEVICE_GRANT)) {
            deviceToken(ex);
        } else {
            send(ex, 400, "{\"error\":\"unsupported_grant_type\"}");
        }
    }

    private void refresh(HttpExchange ex, String refreshToken) throws IOException {
        String answer;
        int status;
        synchronized (this) {
            Instant now = clock.instant();
            Issued rt = refreshTokens.get(refreshToken);
            boolean alive = rt != null && !rt.revoked
                    && (rt.firstUsedAt == null || !now.isAfter(rt.firstUsedAt.plus(grace)));
            if (!alive) {
                invalidGrants++;
                status = 400;
                answer = "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token: " + refreshToken + "\"}";
            } else {
                if (rt.firstUsedAt == null) {
                    rt.firstUsedAt = now;
                } else {
                    // a second redemption replaces the pair the first one issued: parallel refreshers knock each other out
                    reusesWithinGrace++;
                    refreshTokens.get(rt.child).revoked = true;
                }
                refreshes++;
                status = 200;
                answer = pairJson();
                rt.child = "rt-" + issued;
            }
        }
        send(ex, status, answer);
    }

    private String pairJson() {
        // holds the monitor: issues a new pair; Allegro's old access token dies with the rotation
        String rt = "rt-" + (++issued);
        refreshTokens.put(rt, new Issued());
        lastAccessToken = "at-" + issued;
        return "{\"access_token\":\"" + lastAccessToken + "\",\"token_type\":\"bearer\",\"refresh_token\":\"" + rt
                + "\",\"expires_in\":43199,\"scope\":\"allegro:api:orders:read\",\"allegro_api\":true,\"jti\":\"j" + issued + "\"}";
    }

    private void deviceToken(HttpExchange ex) throws IOException {
        String error;
        String answer = null;
        synchronized (this) {
            error = deviceAnswers.poll();
            if (error == null) {
                answer = pairJson();
            }
        }
        if (error == null) {
            send(ex, 200, answer);
        } else {
            send(ex, 400, "{\"error\":\"" + error + "\"}");
        }
    }

    private void device(HttpExchange ex) throws IOException {
        Seen s = record(ex);
        if (!authorized(s)) {
            send(ex, 401, "{\"error\":\"invalid_client\"}");
            return;
        }
        send(ex, 200, "{\"device_code\":\"dc-1\",\"user_code\":\"ABC-DEF\",\"verification_uri\":"
                + "\"https://allegro.pl/skojarz-aplikacje\",\"verification_uri_complete\":"
                + "\"https://allegro.pl/skojarz-aplikacje?code=ABC-DEF\",\"expires_in\":3600,\"interval\":5}");
    }

    private Seen record(HttpExchange ex) throws IOException {
        String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> query = new HashMap<>();
        String raw = ex.getRequestURI().getRawQuery();
        if (raw != null) {
            for (String kv : raw.split("&")) {
                int eq = kv.indexOf('=');
                query.put(URLDecoder.decode(eq < 0 ? kv : kv.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(kv.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Seen s = new Seen(ex.getRequestMethod(), ex.getRequestURI().getPath(), query,
                ex.getRequestHeaders().getFirst("Authorization"), ex.getRequestHeaders().getFirst("Content-Type"), body);
        seen.add(s);
        return s;
    }

    private static boolean authorized(Seen s) {
        String expected = "Basic " + Base64.getEncoder()
                .encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
        return s.method().equals("POST") && expected.equals(s.authorization());
    }

    private void pause() {
        try {
            Thread.sleep(latency.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().add("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
