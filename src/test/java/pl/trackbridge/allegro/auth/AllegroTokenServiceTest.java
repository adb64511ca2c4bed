package pl.trackbridge.allegro.auth;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The service's decisions, with the in-memory store, a fake endpoint and a clock that stands still. */
@Timeout(20)
class AllegroTokenServiceTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    final ManualClock clock = new ManualClock(NOW);
    final InMemoryTokenStore store = new InMemoryTokenStore();
    final FakeTokenEndpoint endpoint = new FakeTokenEndpoint(clock);
    final AllegroTokenService service = new AllegroTokenService(store, endpoint, clock,
            AllegroTokenService.DEFAULT_REFRESH_MARGIN);

    /** A connected account whose access token has {@code validFor} left. */
    private StoredToken connected(String accountId, Duration validFor) {
        store.putInitial(accountId, new TokenPair("at-" + accountId, "rt-" + accountId, NOW.plus(validFor)), NOW);
        return store.read(accountId).orElseThrow();
    }

    @Test
    void aValidTokenIsReusedWithoutCallingAllegro() {
        connected("acc", Duration.ofHours(11));
        assertEquals("at-acc", service.accessToken("acc"));
        assertEquals("at-acc", service.accessToken("acc"));
        assertEquals(0, endpoint.calls());
    }

    @Test
    void aTokenWithinTheMarginIsRefreshedBeforeItExpiresAndThePairRotates() {
        long before = connected("acc", Duration.ofMinutes(4)).version();
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(List.of("rt-acc"), endpoint.used());
        StoredToken t = store.read("acc").orElseThrow();
        assertEquals("rt-new-1", t.refreshToken());
        assertEquals(NOW.plus(Duration.ofHours(12)), t.accessExpiresAt());
        assertEquals(before + 1, t.version());
        assertEquals("rt-acc", t.previousRefreshToken());
        assertEquals(NOW, t.previousRefreshTokenFirstUsedAt());
        assertNull(t.leaseHolder());
        assertNull(t.leaseUntil());
        // and the new token is then reused
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(1, endpoint.calls());
    }

    @Test
    void theMarginIsConfigurable() {
        connected("acc", Duration.ofMinutes(4));
        var relaxed = new AllegroTokenService(store, endpoint, clock, Duration.ofMinutes(1));
        assertEquals("at-acc", relaxed.accessToken("acc"));
        assertEquals(0, endpoint.calls());
    }

    @Test
    void anAccountConnectedWithOnlyARefreshTokenGetsItsFirstAccessToken() {
        store.putInitial("acc", "rt-from-seller", NOW);
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(List.of("rt-from-seller"), endpoint.used());
    }

    @Test
    void after401TheServiceRefreshesOnceAndAStaleRejectionDoesNotRefreshAgain() {
        connected("acc", Duration.ofHours(11));
        assertEquals("at-new-1", service.onUnauthorized("acc", "at-acc"));
        assertEquals(1, endpoint.calls());
        // a second caller that also got 401 with the old token just gets the new one
        assertEquals("at-new-1", service.onUnauthorized("acc", "at-acc"));
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(1, endpoint.calls());
    }

    @Test
    void invalidGrantMarksOnlyThatAccountDisconnectedAndIsNotRetried() {
        connected("acc", Duration.ofMinutes(1));
        connected("other", Duration.ofMinutes(1));
        endpoint.failNext(() -> new InvalidGrantException("Invalid refresh token"));
        AccountDisconnectedException e = assertThrows(AccountDisconnectedException.class, () -> service.accessToken("acc"));
        assertEquals("acc", e.accountId());
        assertEquals("invalid_grant: Invalid refresh token", e.reason());
        StoredToken t = store.read("acc").orElseThrow();
        assertEquals(TokenStatus.DISCONNECTED, t.status());
        assertEquals("invalid_grant: Invalid refresh token", t.disconnectReason());
        assertEquals(NOW, t.disconnectedAt());
        assertNull(t.accessToken());
        assertNull(t.leaseHolder());
        // no loop: later calls fail at once without calling Allegro
        assertThrows(AccountDisconnectedException.class, () -> service.accessToken("acc"));
        assertThrows(AccountDisconnectedException.class, () -> service.onUnauthorized("acc", "at-acc"));
        assertEquals(1, endpoint.calls());
        // the other account refreshes normally
        assertEquals("at-new-1", service.accessToken("other"));
    }

    @Test
    void reconnectingADisconnectedAccountStartsANewChain() {
        connected("acc", Duration.ZERO);
        endpoint.failNext(() -> new InvalidGrantException("Invalid refresh token"));
        assertThrows(AccountDisconnectedException.class, () -> service.accessToken("acc"));
        store.putInitial("acc", "rt-again", NOW);
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(TokenStatus.CONNECTED, store.read("acc").orElseThrow().status());
    }

    @Test
    void anUnknownAccountIsReportedAsDisconnected() {
        assertThrows(AccountDisconnectedException.class, () -> service.accessToken("nobody"));
    }

    @Test
    void aDeadHoldersStaleLeaseIsTakenOverWithTheSameRefreshTokenInsideItsGrace() {
        StoredToken t = connected("acc", Duration.ZERO);
        Instant firstUse = NOW.minusSeconds(25);
        // a process claimed 25 s ago, sent rt-acc to Allegro and died; its 20 s lease ran out 5 s ago
        store.put(new StoredToken("acc", t.accessToken(), t.refreshToken(), t.accessExpiresAt(), t.version(),
                t.refreshedAt(), firstUse, null, null, "dead-holder", firstUse.plusSeconds(20), null,
                TokenStatus.CONNECTED, null, null));
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(List.of("rt-acc"), endpoint.used());
        StoredToken after = store.read("acc").orElseThrow();
        // the grace counts from the dead holder's first use, not from the takeover
        assertEquals(firstUse, after.previousRefreshTokenFirstUsedAt());
        assertEquals(t.version() + 1, after.version());
    }

    @Test
    void whileAnotherCallerHoldsALiveLeaseOthersWaitAndGetItsToken() throws Exception {
        StoredToken t = connected("acc", Duration.ZERO);
        StoredToken claimed = store.claimRefresh("acc", t.version(), "other-process", NOW, NOW.plusSeconds(20))
                .orElseThrow();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> service.accessToken("acc"));
        Thread.sleep(150);
        assertFalse(waiter.isDone(), "must wait for the holder, not refresh in parallel");
        store.completeRefresh("acc", claimed.version(), "other-process",
                new TokenPair("at-holder", "rt-holder", NOW.plus(Duration.ofHours(12))), NOW);
        assertEquals("at-holder", waiter.get());
        assertEquals(0, endpoint.calls());
    }

    @Test
    void aWaitIsBounded() {
        StoredToken t = connected("acc", Duration.ZERO);
        store.claimRefresh("acc", t.version(), "slow-holder", NOW, NOW.plusSeconds(20));
        var impatient = new AllegroTokenService(store, endpoint, clock, Duration.ofMinutes(5), Duration.ofSeconds(20),
                Duration.ofMillis(200));
        RetryableAuthException e = assertThrows(RetryableAuthException.class, () -> impatient.accessToken("acc"));
        assertEquals(Duration.ofSeconds(20), e.retryAfter());
        assertEquals(0, endpoint.calls());
    }

    @Test
    void duringAProactiveRefreshOthersWaitRatherThanUseTheOldTokenThatTheRotationKills() throws Exception {
        StoredToken t = connected("acc", Duration.ofMinutes(3));
        store.claimRefresh("acc", t.version(), "refresher", NOW, NOW.plusSeconds(20)).orElseThrow();
        CompletableFuture<String> waiter = CompletableFuture.supplyAsync(() -> service.accessToken("acc"));
        Thread.sleep(150);
        assertFalse(waiter.isDone());
        store.completeRefresh("acc", t.version(), "refresher",
                new TokenPair("at-rotated", "rt-rotated", NOW.plus(Duration.ofHours(12))), NOW);
        assertEquals("at-rotated", waiter.get());
        assertEquals(0, endpoint.calls());
    }

    @Test
    void a429ReleasesTheLeaseAndPausesEveryCallerWithoutHotRetries() {
        connected("acc", Duration.ZERO);
        endpoint.failNext(() -> new TokenRateLimitedException("429", Duration.ofSeconds(90)));
        TokenRateLimitedException e = assertThrows(TokenRateLimitedException.class, () -> service.accessToken("acc"));
        assertEquals(Duration.ofSeconds(90), e.retryAfter());
        StoredToken t = store.read("acc").orElseThrow();
        assertNull(t.leaseHolder());
        assertEquals(NOW.plusSeconds(90), t.retryNotBefore());
        // the next callers do not go to Allegro until the pause is over
        TokenRateLimitedException again = assertThrows(TokenRateLimitedException.class, () -> service.accessToken("acc"));
        assertEquals(Duration.ofSeconds(90), again.retryAfter());
        assertEquals(1, endpoint.calls());
        clock.advance(Duration.ofSeconds(91));
        assertEquals("at-new-1", service.accessToken("acc"));
        assertNull(store.read("acc").orElseThrow().retryNotBefore());
    }

    @Test
    void aPausedRefreshStillHandsOutTheOldTokenWhileItIsValid() {
        connected("acc", Duration.ofMinutes(4));
        endpoint.failNext(() -> new TokenRateLimitedException("429", null));
        assertThrows(TokenRateLimitedException.class, () -> service.accessToken("acc"));
        assertEquals(NOW.plus(AllegroTokenService.DEFAULT_RATE_LIMIT_PAUSE), store.read("acc").orElseThrow().retryNotBefore());
        assertEquals("at-acc", service.accessToken("acc"));
        assertEquals(1, endpoint.calls());
    }

    @Test
    void aNetworkFailureReleasesTheLeaseSoTheNextCallRetriesTheSameRefreshToken() {
        connected("acc", Duration.ZERO);
        endpoint.failNext(() -> new RetryableAuthException("timeout", Duration.ofSeconds(5), null));
        assertThrows(RetryableAuthException.class, () -> service.accessToken("acc"));
        StoredToken t = store.read("acc").orElseThrow();
        assertNull(t.leaseHolder());
        assertEquals(NOW, t.refreshTokenFirstUsedAt(), "the token may have reached Allegro: its grace has started");
        assertEquals("at-new-1", service.accessToken("acc"));
        assertEquals(List.of("rt-acc", "rt-acc"), endpoint.used());
    }

    @Test
    void badClientCredentialsDoNotDisconnectTheSeller() {
        connected("acc", Duration.ZERO);
        endpoint.failNext(() -> new TokenEndpointException(401, "invalid_client"));
        assertThrows(TokenEndpointException.class, () -> service.accessToken("acc"));
        StoredToken t = store.read("acc").orElseThrow();
        assertEquals(TokenStatus.CONNECTED, t.status());
        assertNull(t.leaseHolder());
    }

    @Test
    void aPairFromALostLeaseIsDiscardedAndTheCurrentChainIsUsed() {
        connected("acc", Duration.ZERO);
        // while our refresh is in flight the seller reconnects: our lease is void, our pair must not be stored
        endpoint.during(() -> store.putInitial("acc", "rt-reconnected", NOW));
        assertEquals("at-new-2", service.accessToken("acc"));
        assertEquals(List.of("rt-acc", "rt-reconnected"), endpoint.used());
        assertEquals("rt-new-2", store.read("acc").orElseThrow().refreshToken());
    }

    @Test
    void theDeviceFlowsPairConnectsTheAccount() {
        service.connect("acc", new TokenPair("at-device", "rt-device", NOW.plus(Duration.ofHours(12))));
        assertEquals("at-device", service.accessToken("acc"));
        assertEquals(0, endpoint.calls());
    }
}
