package pl.trackbridge.allegro.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The token store against DynamoDB Local: its conditions decide who may refresh. */
class DynamoDbTokenStoreTest {
    static final String TABLE = "AllegroTokensTable";
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final TokenPair NEW = new TokenPair("at-2", "rt-2", NOW.plus(Duration.ofHours(12)));
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static DynamoDbTokenStore store;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        store = new DynamoDbTokenStore(dynamo, TABLE);
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    @Test
    void conditionsAreExactlyTheDocumentedOnes() {
        // the refresh lock is these two expressions: changing them changes who may use a refresh token
        assertEquals("version = :v AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)",
                DynamoDbTokenStore.CLAIMABLE);
        assertEquals("version = :v AND leaseHolder = :h", DynamoDbTokenStore.HOLDS_LEASE);
    }

    @Test
    void putInitialConnectsAndReconnectingBumpsTheVersionAndClearsEverything() {
        StoredToken t = store.putInitial("acc-init", "rt-1", NOW);
        assertEquals(1, t.version());
        assertEquals("rt-1", t.refreshToken());
        assertNull(t.accessToken());
        assertEquals(TokenStatus.CONNECTED, t.status());
        assertEquals(t, store.read("acc-init").orElseThrow());

        store.claimRefresh("acc-init", 1, "h", NOW, NOW.plusSeconds(20)).orElseThrow();
        store.markDisconnected("acc-init", 1, "h", "invalid_grant: x", NOW);
        StoredToken again = store.putInitial("acc-init", new TokenPair("at-d", "rt-d", NOW.plusSeconds(60)), NOW);
        assertEquals(3, again.version());
        assertEquals(TokenStatus.CONNECTED, again.status());
        assertEquals("at-d", again.accessToken());
        assertEquals(NOW.plusSeconds(60), again.accessExpiresAt());
        assertNull(again.disconnectReason());
        assertNull(again.leaseHolder());
        assertNull(again.refreshTokenFirstUsedAt());
    }

    @Test
    void onlyOneClaimPerVersionWhileTheLeaseLives() {
        store.putInitial("acc-claim", "rt-1", NOW);
        StoredToken claimed = store.claimRefresh("acc-claim", 1, "a", NOW, NOW.plusSeconds(20)).orElseThrow();
        assertEquals("a", claimed.leaseHolder());
        assertEquals(NOW.plusSeconds(20), claimed.leaseUntil());
        assertEquals(NOW, claimed.refreshTokenFirstUsedAt());
        assertEquals(1, claimed.version(), "a claim is not a new version");
        assertEquals(Optional.empty(), store.claimRefresh("acc-claim", 1, "b", NOW.plusSeconds(19), NOW.plusSeconds(39)));
        assertEquals(Optional.empty(), store.claimRefresh("acc-claim", 1, "b", NOW.plusSeconds(20), NOW.plusSeconds(40)),
                "leaseUntil < :now is strict");
        assertEquals(Optional.empty(), store.claimRefresh("acc-claim", 2, "b", NOW.plusSeconds(30), NOW.plusSeconds(50)),
                "wrong version");
        assertEquals(Optional.empty(), store.claimRefresh("nobody", 1, "b", NOW, NOW.plusSeconds(20)),
                "a claim never creates an item");
    }

    @Test
    void anExpiredLeaseIsTakenOverAndTheDeadHolderCanNoLongerComplete() {
        store.putInitial("acc-take", "rt-1", NOW);
        store.claimRefresh("acc-take", 1, "dead", NOW, NOW.plusSeconds(20)).orElseThrow();
        StoredToken taken = store.claimRefresh("acc-take", 1, "taker", NOW.plusSeconds(21), NOW.plusSeconds(41))
                .orElseThrow();
        assertEquals("taker", taken.leaseHolder());
        assertEquals(NOW, taken.refreshTokenFirstUsedAt(), "the grace started with the first use, not the takeover");
        assertFalse(store.completeRefresh("acc-take", 1, "dead", NEW, NOW.plusSeconds(22)));
        assertFalse(store.release("acc-take", 1, "dead", null));
        assertFalse(store.markDisconnected("acc-take", 1, "dead", "x", NOW));
        assertTrue(store.completeRefresh("acc-take", 1, "taker", NEW, NOW.plusSeconds(22)));
    }

    @Test
    void completeStoresThePairKeepsThePreviousTokenForItsGraceAndClearsTheLease() {
        store.putInitial("acc-done", "rt-1", NOW);
        store.claimRefresh("acc-done", 1, "h", NOW, NOW.plusSeconds(20)).orElseThrow();
        assertFalse(store.completeRefresh("acc-done", 2, "h", NEW, NOW), "wrong version");
        assertFalse(store.completeRefresh("acc-done", 1, "x", NEW, NOW), "not the holder");
        assertTrue(store.completeRefresh("acc-done", 1, "h", NEW, NOW.plusSeconds(1)));
        StoredToken t = store.read("acc-done").orElseThrow();
        assertEquals(2, t.version());
        assertEquals("at-2", t.accessToken());
        assertEquals("rt-2", t.refreshToken());
        assertEquals(NEW.accessExpiresAt(), t.accessExpiresAt());
        assertEquals(NOW.plusSeconds(1), t.refreshedAt());
        assertEquals("rt-1", t.previousRefreshToken());
        assertEquals(NOW, t.previousRefreshTokenFirstUsedAt());
        assertNull(t.refreshTokenFirstUsedAt(), "the new refresh token has not been used yet");
        assertNull(t.leaseHolder());
        assertNull(t.leaseUntil());
        assertFalse(store.completeRefresh("acc-done", 1, "h", NEW, NOW), "a completion happens once");
        // the next version is claimable at once
        assertTrue(store.claimRefresh("acc-done", 2, "h2", NOW.plusSeconds(2), NOW.plusSeconds(22)).isPresent());
    }

    @Test
    void releaseFreesTheLeaseAndMayPauseEveryone() {
        store.putInitial("acc-rel", "rt-1", NOW);
        store.claimRefresh("acc-rel", 1, "h", NOW, NOW.plusSeconds(20)).orElseThrow();
        assertTrue(store.release("acc-rel", 1, "h", NOW.plusSeconds(60)));
        StoredToken t = store.read("acc-rel").orElseThrow();
        assertNull(t.leaseHolder());
        assertNull(t.leaseUntil());
        assertEquals(NOW.plusSeconds(60), t.retryNotBefore());
        assertEquals(NOW, t.refreshTokenFirstUsedAt(), "the token may have been used: its grace keeps running");
        assertEquals(1, t.version());
        StoredToken again = store.claimRefresh("acc-rel", 1, "h2", NOW.plusSeconds(61), NOW.plusSeconds(81)).orElseThrow();
        assertEquals(NOW, again.refreshTokenFirstUsedAt());
        assertTrue(store.completeRefresh("acc-rel", 1, "h2", NEW, NOW.plusSeconds(62)));
        assertNull(store.read("acc-rel").orElseThrow().retryNotBefore());
    }

    @Test
    void markDisconnectedRecordsWhyAndWhen() {
        store.putInitial("acc-dis", new TokenPair("at-1", "rt-1", NOW), NOW);
        store.claimRefresh("acc-dis", 1, "h", NOW, NOW.plusSeconds(20)).orElseThrow();
        assertTrue(store.markDisconnected("acc-dis", 1, "h", "invalid_grant: Invalid refresh token", NOW.plusSeconds(1)));
        StoredToken t = store.read("acc-dis").orElseThrow();
        assertEquals(TokenStatus.DISCONNECTED, t.status());
        assertEquals("invalid_grant: Invalid refresh token", t.disconnectReason());
        assertEquals(NOW.plusSeconds(1), t.disconnectedAt());
        assertEquals(2, t.version());
        assertNull(t.accessToken());
        assertNull(t.leaseHolder());
        assertTrue(store.claimRefresh("acc-dis", 1, "h", NOW.plusSeconds(30), NOW.plusSeconds(50)).isEmpty());
    }

    @Test
    void twentyConcurrentClaimsOfOneVersionHaveExactlyOneWinner() throws Exception {
        store.putInitial("acc-race", "rt-1", NOW);
        int threads = 20;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Callable<Boolean>> work = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String holder = "h" + i;
            work.add(() -> {
                go.await();
                return store.claimRefresh("acc-race", 1, holder, NOW, NOW.plusSeconds(20)).isPresent();
            });
        }
        List<Future<Boolean>> results = new ArrayList<>();
        for (Callable<Boolean> c : work) {
            results.add(pool.submit(c));
        }
        go.countDown();
        int winners = 0;
        for (Future<Boolean> f : results) {
            winners += f.get() ? 1 : 0;
        }
        pool.shutdown();
        assertEquals(1, winners);
    }
}
