package pl.trackbridge.allegro.auth;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HTTP side of the token endpoint and the device flow, against the fake OAuth server. */
@Timeout(20)
class AllegroAuthClientTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    final ManualClock clock = new ManualClock(NOW);
    FakeAllegroOAuthServer server;
    AllegroAuthClient client;

    @BeforeEach
    void start() throws Exception {
        server = new FakeAllegroOAuthServer();
        server.clock(clock);
        client = AllegroAuthClient.create(server.authUrl() + "/", Optional.of(FakeAllegroOAuthServer.CLIENT_ID),
                Optional.of(FakeAllegroOAuthServer.CLIENT_SECRET), clock);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void refreshSendsTheGrantWithBasicAuthAndReadsTheRotatedPair() {
        String rt = server.issueRefreshToken();
        TokenPair pair = client.refresh(rt);
        assertEquals("at-2", pair.accessToken());
        assertEquals("rt-2", pair.refreshToken());
        assertEquals(NOW.plusSeconds(43199), pair.accessExpiresAt());
        var seen = server.seen().get(0);
        assertEquals("POST", seen.method());
        assertEquals("/auth/oauth/token", seen.path());
        assertEquals("refresh_token", seen.query().get("grant_type"));
        assertEquals(rt, seen.query().get("refresh_token"));
        assertEquals("Basic dGVzdC1jbGllbnQ6dGVzdC1zZWNyZXQ=", seen.authorization());
        assertFalse(pair.toString().contains("at-2"), "tokens stay out of logs");
    }

    @Test
    void theOldRefreshTokenWorksWithinItsGraceThenGivesInvalidGrantWithoutEchoingTheToken() {
        String rt = server.issueRefreshToken();
        client.refresh(rt);
        clock.advance(Duration.ofSeconds(60));
        client.refresh(rt); // still inside the 60 s grace (network-failure buffer)
        assertEquals(1, server.reusesWithinGrace());
        clock.advance(Duration.ofSeconds(1));
        InvalidGrantException e = assertThrows(InvalidGrantException.class, () -> client.refresh(rt));
        assertEquals("Invalid refresh token", e.description());
        assertFalse(e.getMessage().contains(rt));
    }

    @Test
    void twoRefreshesOfOneTokenKnockEachOtherOutAsAllegroDoes() {
        // the hazard the token service exists for: the pair of the first redemption dies with the second
        String rt = server.issueRefreshToken();
        TokenPair first = client.refresh(rt);
        TokenPair second = client.refresh(rt);
        assertThrows(InvalidGrantException.class, () -> client.refresh(first.refreshToken()));
        assertEquals("rt-4", client.refresh(second.refreshToken()).refreshToken());
        assertEquals(1, server.invalidGrants());
    }

    @Test
    void a429IsATypedRetryableErrorWithItsRetryAfter() {
        server.forceStatuses(429, 429);
        server.retryAfter("120");
        TokenRateLimitedException e = assertThrows(TokenRateLimitedException.class, () -> client.refresh("rt"));
        assertEquals(Duration.ofSeconds(120), e.retryAfter());
        server.retryAfter(null);
        assertNull(assertThrows(TokenRateLimitedException.class, () -> client.refresh("rt")).retryAfter());
    }

    @Test
    void serverErrorsAndTimeoutsAreRetryable() {
        server.forceStatuses(500, 503);
        assertThrows(RetryableAuthException.class, () -> client.refresh("rt"));
        assertThrows(RetryableAuthException.class, () -> client.refresh("rt"));
        server.latency(Duration.ofMillis(1500));
        var impatient = new AllegroAuthClient(HttpClient.newHttpClient(), server.authUrl(), FakeAllegroOAuthServer.CLIENT_ID,
                FakeAllegroOAuthServer.CLIENT_SECRET, clock, Duration.ofMillis(300));
        RetryableAuthException e = assertThrows(RetryableAuthException.class, () -> impatient.refresh("rt"));
        assertTrue(e.getMessage().contains("unreachable"), e.getMessage());
    }

    @Test
    void badClientCredentialsAreNotTheSellersFault() {
        var wrong = AllegroAuthClient.create(server.authUrl(), Optional.of("test-client"), Optional.of("nope"), clock);
        TokenEndpointException e = assertThrows(TokenEndpointException.class, () -> wrong.refresh("rt"));
        assertEquals(401, e.status());
        var missing = AllegroAuthClient.create(server.authUrl(), Optional.empty(), Optional.of(""), clock);
        assertEquals(0, assertThrows(TokenEndpointException.class, () -> missing.refresh("rt")).status());
        assertTrue(server.seen().size() == 1, "no request without credentials");
    }

    @Test
    void startDeviceReadsTheCodesAndTheInterval() {
        DeviceAuthorization d = client.startDevice();
        assertEquals("dc-1", d.deviceCode());
        assertEquals("ABC-DEF", d.userCode());
        assertEquals("https://allegro.pl/skojarz-aplikacje", d.verificationUri());
        assertEquals("https://allegro.pl/skojarz-aplikacje?code=ABC-DEF", d.verificationUriComplete());
        assertEquals(NOW.plusSeconds(3600), d.expiresAt());
        assertEquals(Duration.ofSeconds(5), d.interval());
        var seen = server.seen().get(0);
        assertEquals("/auth/oauth/device", seen.path());
        assertEquals("client_id=test-client", seen.body());
        assertEquals("application/x-www-form-urlencoded", seen.contentType());
        assertFalse(d.toString().contains("dc-1"));
    }

    @Test
    void pollDeviceMapsPendingSlowDownAndGrant() {
        server.deviceAnswers("authorization_pending", "slow_down", "access_denied");
        assertEquals(DevicePoll.Status.PENDING, client.pollDevice("dc-1").status());
        assertEquals(DevicePoll.Status.SLOW_DOWN, client.pollDevice("dc-1").status());
        DevicePoll denied = client.pollDevice("dc-1");
        assertEquals(DevicePoll.Status.FAILED, denied.status());
        assertEquals("access_denied", denied.error());
        DevicePoll granted = client.pollDevice("dc-1");
        assertEquals(DevicePoll.Status.GRANTED, granted.status());
        assertEquals("at-1", granted.tokens().accessToken());
        var seen = server.seen().get(3);
        assertEquals(AllegroAuthClient.DEVICE_GRANT, seen.query().get("grant_type"));
        assertEquals("dc-1", seen.query().get("device_code"));
    }

    @Test
    void awaitDeviceWaitsTheIntervalAndSlowsDownWhenTold() {
        server.deviceAnswers("authorization_pending", "slow_down", "authorization_pending");
        DeviceAuthorization d = client.startDevice();
        List<Duration> waits = new ArrayList<>();
        TokenPair pair = client.awaitDevice(d, wait -> {
            waits.add(wait);
            clock.advance(wait);
        });
        assertEquals("rt-1", pair.refreshToken());
        assertEquals(List.of(Duration.ofSeconds(5), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)),
                waits);
    }

    @Test
    void awaitDeviceStopsWhenTheCodeExpiresOrTheSellerDenies() {
        DeviceAuthorization d = client.startDevice();
        server.deviceAnswers("access_denied");
        AllegroAuthException denied = assertThrows(AllegroAuthException.class, () -> client.awaitDevice(d, clock::advance));
        assertTrue(denied.getMessage().contains("access_denied"));
        server.deviceAnswers("authorization_pending", "authorization_pending", "authorization_pending");
        var shortLived = new DeviceAuthorization("dc-1", "ABC-DEF", d.verificationUri(), null,
                clock.instant().plusSeconds(12), Duration.ofSeconds(5));
        AllegroAuthException expired = assertThrows(AllegroAuthException.class,
                () -> client.awaitDevice(shortLived, clock::advance));
        assertTrue(expired.getMessage().contains("expired"));
    }
}
