package pl.trackbridge.local.allegro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;

/** Drives the Allegro stand-in over real HTTP and checks every exchange against Allegro's OpenAPI. */
class AllegroStandInTest {
    static final String JSON = "application/vnd.allegro.public.v1+json";
    static final String CLIENT = "trackbridge-app";
    static final String SECRET = "s3cret";
    static final String SELLER = "seller-1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static AllegroContract contract;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-20T08:00:00Z"));
    AllegroStandIn allegro;

    @BeforeAll
    static void loadSpec() {
        contract = AllegroContract.get();
        System.out.println("Allegro OpenAPI loaded in " + contract.loadMillis() + " ms");
    }

    @BeforeEach
    void start() {
        allegro = AllegroStandIn.start(0);
        allegro.setClock(clock);
        allegro.registerClient(CLIENT, SECRET);
    }

    @AfterEach
    void stopAndValidate() {
        try {
            contract.validateJournal(allegro.wireMock().getAllServeEvents());
        } finally {
            allegro.close();
        }
    }

    // ---- OAuth ----

    @Test
    void refreshRotatesThePairAndTheUsedTokenLivesOnlyForTheGracePeriod() throws Exception {
        String first = allegro.issueRefreshToken(CLIENT, SELLER);

        JsonNode pair = ok(refresh(first));
        assertEquals("bearer", pair.get("token_type").asText());
        assertEquals(43199, pair.get("expires_in").asLong());
        assertTrue(pair.get("scope").asText().contains("allegro:api:orders:read"));
        assertNotNull(pair.get("jti").asText());
        String second = pair.get("refresh_token").asText();
        assertNotEquals(first, second, "every refresh rotates the refresh token");

        clock.advance(Duration.ofSeconds(59));
        JsonNode retry = ok(refresh(first)); // a lost response may be retried within the grace period
        assertNotEquals(pair.get("access_token").asText(), retry.get("access_token").asText());

        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> late = refresh(first);
        assertEquals(400, late.statusCode());
        JsonNode error = MAPPER.readTree(late.body());
        assertEquals("invalid_grant", error.get("error").asText());
        assertEquals("Invalid refresh token: " + first, error.get("error_description").asText());

        ok(refresh(second)); // the rotated token is unaffected
        assertEquals(3, allegro.refreshCount());
        assertEquals(1, allegro.invalidGrantCount());
    }

    @Test
    void refreshAcceptsAFormBodyAndRejectsBadClientCredentials() throws Exception {
        String token = allegro.issueRefreshToken(CLIENT, SELLER);
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token"))
                .header("Authorization", basic(CLIENT, SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + token)));
        ok(form);

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=refresh_token&refresh_token=" + token))
                .header("Authorization", basic(CLIENT, "wrong")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_client", MAPPER.readTree(wrong.body()).get("error").asText());
    }

    @Test
    void unknownOrExpiredAccessTokensGet401WithAllegrosAuthError() throws Exception {
        HttpResponse<String> none = get("/order/events", "Bearer nope");
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", MAPPER.readTree(none.body()).get("error").asText());

        String access = accessToken();
        clock.advance(Duration.ofHours(12));
        HttpResponse<String> expired = get("/order/events", "Bearer " + access);
        assertEquals(401, expired.statusCode());
        assertEquals("Full authentication is required to access this resource",
                MAPPER.readTree(expired.body()).get("error_description").asText());
    }

    @Test
    void deviceFlowIsPendingUntilTheSellerApproves() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/device"))
                .header("Authorization", basic(CLIENT, SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + CLIENT)));
        JsonNode device = ok(started);
        String deviceCode = device.get("device_code").asText();
        String userCode = device.get("user_code").asText();
        assertEquals("https://allegro.pl/skojarz-aplikacje", device.get("verification_uri").asText());
        assertTrue(device.get("verification_uri_complete").asText().endsWith(userCode));
        assertEquals(5, device.get("interval").asInt());
        assertTrue(device.get("expires_in").asInt() > 0);

        assertEquals("authorization_pending", oauthError(pollDevice(deviceCode)));
        assertEquals("slow_down", oauthError(pollDevice(deviceCode)));

        allegro.approveDevice(userCode, SELLER);
        clock.advance(Duration.ofSeconds(5));
        JsonNode tokens = ok(pollDevice(deviceCode));
        assertNotNull(tokens.get("refresh_token").asText());
        assertEquals("invalid_grant", oauthError(pollDevice(deviceCode)), "a device code is single-use");
    }

    // ---- helpers ----

    HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token?grant_type=refresh_token&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> pollDevice(String deviceCode) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=" + deviceCode))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    String accessToken() throws IOException, InterruptedException {
        return ok(refresh(allegro.issueRefreshToken(CLIENT, SELLER))).get("access_token").asText();
    }

    String oauthError(HttpResponse<String> response) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        return MAPPER.readTree(response.body()).get("error").asText();
    }

    HttpResponse<String> get(String pathAndQuery, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + pathAndQuery))
                .header("Authorization", authorization).header("Accept", JSON).GET());
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("trace-id").isPresent(), "every answer carries a trace-id");
        return response;
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return MAPPER.readTree(response.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
