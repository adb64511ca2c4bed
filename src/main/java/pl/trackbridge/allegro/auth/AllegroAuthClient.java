package pl.trackbridge.allegro.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.MissingNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Optional;

/**
 * Allegro's OAuth endpoints (api-notes §7): the refresh grant and the device flow, with the application's
 * client id and secret as HTTP Basic credentials. JSON is read through Jackson's tree model only, which
 * needs no reflection in a native image.
 */
public final class AllegroAuthClient implements TokenEndpoint {
    public static final String DEFAULT_AUTH_URL = "https://allegro.pl/auth/oauth";
    static final String DEVICE_GRANT = "urn:ietf:params:oauth:grant-type:device_code";
    static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** With the connect timeout, well inside the refresh lease of {@link AllegroTokenService}. */
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** RFC 8628 §3.5: each slow_down adds 5 s to the polling interval. */
    static final Duration SLOW_DOWN_STEP = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How {@link #awaitDevice} waits between polls; tests pass one that does not sleep. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration d) throws InterruptedException;
    }

    private final HttpClient http;
    private final String baseUrl;
    private final String clientId;
    private final String basicAuth;
    private final Clock clock;
    private final Duration requestTimeout;

    public AllegroAuthClient(HttpClient http, String authUrl, String clientId, String clientSecret, Clock clock,
            Duration requestTimeout) {
        this.http = http;
        this.baseUrl = authUrl.endsWith("/") ? authUrl.substring(0, authUrl.length() - 1) : authUrl;
        this.clientId = clientId;
        this.basicAuth = clientId == null || clientSecret == null ? null
                : "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + clientSecret).getBytes(StandardCharsets.UTF_8));
        this.clock = clock;
        this.requestTimeout = requestTimeout;
    }

    /** The production client; without credentials it is still created, and every call says what is missing. */
    public static AllegroAuthClient create(String authUrl, Optional<String> clientId, Optional<String> clientSecret,
            Clock clock) {
        HttpClient http = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT)
                .followRedirects(HttpClient.Redirect.NEVER).build();
        return new AllegroAuthClient(http, authUrl, clientId.filter(s -> !s.isBlank()).orElse(null),
                clientSecret.filter(s -> !s.isBlank()).orElse(null), clock, REQUEST_TIMEOUT);
    }

    @Override
    public TokenPair refresh(String refreshToken) {
        HttpResponse<String> r = post("/token?grant_type=refresh_token&refresh_token=" + enc(refreshToken), null);
        if (r.statusCode() == 200) {
            return pair(r);
        }
        throw failure(r, "refresh");
    }

    /** Starts a device flow: the seller then confirms at the verification URI. */
    public DeviceAuthorization startDevice() {
        requireCredentials();
        HttpResponse<String> r = post("/device", "client_id=" + enc(clientId));
        if (r.statusCode() != 200) {
            throw failure(r, "device authorization");
        }
        JsonNode body = json(r);
        String deviceCode = text(body, "device_code");
        String userCode = text(body, "user_code");
        String verificationUri = text(body, "verification_uri");
        if (deviceCode == null || userCode == null || verificationUri == null) {
            throw new TokenEndpointException(r.statusCode(), "device authorization answer lacks device_code/user_code/verification_uri");
        }
        long expiresIn = body.path("expires_in").asLong(0);
        long interval = body.path("interval").asLong(5);
        return new DeviceAuthorization(deviceCode, userCode, verificationUri, text(body, "verification_uri_complete"),
                clock.instant().plusSeconds(expiresIn > 0 ? expiresIn : 3600), Duration.ofSeconds(Math.max(1, interval)));
    }

    /** One poll of a device flow. Network failures and 5xx throw {@link RetryableAuthException}. */
    public DevicePoll pollDevice(String deviceCode) {
        HttpResponse<String> r = post("/token?grant_type=" + enc(DEVICE_GRANT) + "&device_code=" + enc(deviceCode), null);
        int status = r.statusCode();
        if (status == 200) {
            return DevicePoll.granted(pair(r));
        }
        if (status == 429) {
            return DevicePoll.of(DevicePoll.Status.SLOW_DOWN, "429");
        }
        if (status == 400 || status == 401) {
            String error = text(jsonOrEmpty(r), "error");
            if ("authorization_pending".equals(error)) {
                return DevicePoll.of(DevicePoll.Status.PENDING, error);
            }
            if ("slow_down".equals(error)) {
                return DevicePoll.of(DevicePoll.Status.SLOW_DOWN, error);
            }
            if (error != null && !"invalid_client".equals(error)) {
                return DevicePoll.of(DevicePoll.Status.FAILED, error); // access_denied, expired_token, invalid_grant…
            }
        }
        throw failure(r, "device token");
    }

    /**
     * Polls until the seller confirms, honouring the interval and slowing down when told to.
     *
     * @throws AllegroAuthException the seller denied, or the device code expired
     */
    public TokenPair awaitDevice(DeviceAuthorization device, Sleeper sleeper) {
        Duration interval = device.interval();
        while (true) {
            if (!clock.instant().plus(interval).isBefore(device.expiresAt())) {
                throw new AllegroAuthException("device authorization expired before the seller confirmed it");
            }
            try {
                sleeper.sleep(interval);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AllegroAuthException("interrupted while waiting for the seller", e);
            }
            DevicePoll poll;
            try {
                poll = pollDevice(device.deviceCode());
            } catch (RetryableAuthException transientFailure) {
                continue; // the device code lives for minutes: the next poll may succeed
            }
            switch (poll.status()) {
                case GRANTED:
                    return poll.tokens();
                case SLOW_DOWN:
                    interval = interval.plus(SLOW_DOWN_STEP);
                    break;
                case PENDING:
                    break;
                default:
                    throw new AllegroAuthException("device authorization failed: " + poll.error());
            }
        }
    }

    private HttpResponse<String> post(String pathAndQuery, String form) {
        requireCredentials();
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(requestTimeout)
                .header("Authorization", basicAuth).header("Accept", "application/json")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(form == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(form))
                .build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            // includes timeouts: the request may have reached Allegro, so the token may count as used
            throw new RetryableAuthException("Allegro token endpoint unreachable: " + e, Duration.ofSeconds(5), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RetryableAuthException("interrupted during an Allegro token call", Duration.ZERO, e);
        }
    }

    private void requireCredentials() {
        if (basicAuth == null) {
            throw new TokenEndpointException(0, "ALLEGRO_CLIENT_ID and ALLEGRO_CLIENT_SECRET are not configured");
        }
    }

    private TokenPair pair(HttpResponse<String> r) {
        JsonNode body = jsonOrEmpty(r);
        String access = text(body, "access_token");
        String refresh = text(body, "refresh_token");
        long expiresIn = body.path("expires_in").asLong(-1);
        if (access == null || refresh == null || expiresIn < 0) {
            // Allegro may already have rotated the pair; retrying within the grace is the only way back
            throw new RetryableAuthException("Allegro token answer lacks access_token/refresh_token/expires_in",
                    Duration.ofSeconds(5), null);
        }
        return new TokenPair(access, refresh, clock.instant().plusSeconds(expiresIn));
    }

    private static AllegroAuthException failure(HttpResponse<String> r, String what) {
        int status = r.statusCode();
        if (status == 429) {
            return new TokenRateLimitedException("Allegro " + what + ": 429 too many tokens", retryAfter(r));
        }
        if (status >= 500 || status == 408) {
            return new RetryableAuthException("Allegro " + what + ": HTTP " + status, Duration.ofSeconds(5), null);
        }
        JsonNode body = jsonOrEmpty(r);
        String error = text(body, "error");
        if ("invalid_grant".equals(error)) {
            String description = text(body, "error_description");
            return new InvalidGrantException(description == null ? "(no description)" : redact(description));
        }
        return new TokenEndpointException(status, "Allegro " + what + ": HTTP " + status
                + (error == null ? "" : " " + error));
    }

    /** Allegro echoes the rejected refresh token in the description: keep only the message. */
    static String redact(String description) {
        int colon = description.indexOf(':');
        return colon < 0 ? description : description.substring(0, colon).trim();
    }

    private static Duration retryAfter(HttpResponse<String> r) {
        Optional<String> header = r.headers().firstValue("Retry-After");
        try {
            return header.map(h -> Duration.ofSeconds(Math.max(1, Long.parseLong(h.trim())))).orElse(null);
        } catch (NumberFormatException httpDate) {
            return null; // an HTTP date: rare enough to fall back to the caller's default pause
        }
    }

    private static JsonNode json(HttpResponse<String> r) {
        JsonNode body = jsonOrEmpty(r);
        if (body.isMissingNode()) {
            throw new TokenEndpointException(r.statusCode(), "Allegro auth answer is not JSON");
        }
        return body;
    }

    private static JsonNode jsonOrEmpty(HttpResponse<String> r) {
        try {
            JsonNode n = JSON.readTree(r.body());
            return n == null || !n.isObject() ? MissingNode.getInstance() : n;
        } catch (IOException notJson) {
            return MissingNode.getInstance();
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode v = body.path(field);
        return v.isTextual() && !v.asText().isEmpty() ? v.asText() : null;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
