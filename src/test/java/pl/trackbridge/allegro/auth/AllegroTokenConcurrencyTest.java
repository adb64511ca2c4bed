package pl.trackbridge.allegro.auth;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.File;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import pl.trackbridge.local.EmbeddedAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The proof that matters (pain-points §9): many callers in two JVMs need a token at the instant it expires,
 * against a token endpoint that rotates pairs, kills a reused pair and kills an old refresh token 60 s after
 * its first use. Exactly one refresh may happen, and everybody must get its token.
 */
class AllegroTokenConcurrencyTest {
    static final String TABLE = "AllegroTokensTable";
    static final int THREADS = 20;
    static final int CHILD_THREADS = 10;
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;
    static FakeAllegroOAuthServer oauth;

    @BeforeAll
    static void start() throws Exception {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
        oauth = new FakeAllegroOAuthServer();
        // a realistic round trip keeps the race window open long enough for naive callers to collide
        oauth.latency(Duration.ofMillis(300));
    }

    @AfterAll
    static void stop() {
        oauth.close();
        dynamo.close();
        aws.close();
    }

    @Test
    @Timeout(120)
    void twentyThreadsAndASecondProcessShareOneRefreshAtTheMomentOfExpiry() throws Exception {
        String accountId = "acc-race";
        String firstRefreshToken = oauth.issueRefreshToken();
        TokenStore store = new DynamoDbTokenStore(dynamo, TABLE);
        AllegroTokenService service = new AllegroTokenService(store, AllegroAuthClient.create(oauth.authUrl(),
                Optional.of(FakeAllegroOAuthServer.CLIENT_ID), Optional.of(FakeAllegroOAuthServer.CLIENT_SECRET),
                Clock.systemUTC()), Clock.systemUTC(), AllegroTokenService.DEFAULT_REFRESH_MARGIN);
        store.read(accountId); // warm up this JVM's DynamoDB client
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(oauth.authUrl() + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());

        Process child = startContender(accountId);
        try (BufferedReader childOut = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
                Writer childIn = new OutputStreamWriter(child.getOutputStream(), StandardCharsets.UTF_8)) {
            assertEquals("READY", readLine(childOut, child), "the second process did not start");

            // The stored access token expires exactly when everybody starts asking.
            long startAt = System.currentTimeMillis() + 1000;
            long versionBefore = store.putInitial(accountId,
                    new TokenPair("at-old", firstRefreshToken, Instant.ofEpochMilli(startAt)), Instant.now()).version();
            childIn.write("GO " + startAt + "\n");
            childIn.flush();

            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<String>> mine = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                mine.add(pool.submit(() -> {
                    TokenContender.sleepUntil(startAt);
                    return service.accessToken(accountId);
                }));
            }
            List<String> tokens = new ArrayList<>();
            for (Future<String> f : mine) {
                tokens.add(f.get(60, TimeUnit.SECONDS));
            }
            pool.shutdown();

            List<String> errors = new ArrayList<>();
            int childTokens = 0;
            for (String line = readLine(childOut, child); !"DONE".equals(line); line = readLine(childOut, child)) {
                if (line.startsWith("TOKEN ")) {
                    tokens.add(line.substring(line.lastIndexOf(' ') + 1));
                    childTokens++;
                } else if (line.startsWith("ERROR ")) {
                    errors.add(line);
                }
            }
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the second process did not exit");

            System.out.printf("token race: %d threads here + %d in a second JVM, %d tokens, %d refreshes, %d invalid_grant,"
                    + " %d refresh-token reuses, %d errors%n", THREADS, CHILD_THREADS, tokens.size(), oauth.refreshes(),
                    oauth.invalidGrants(), oauth.reusesWithinGrace(), errors.size());
            assertEquals(List.of(), errors);
            assertEquals(CHILD_THREADS, childTokens, "every thread of the second process got a token");
            assertEquals(THREADS + CHILD_THREADS, tokens.size());
            assertEquals(0, oauth.invalidGrants());
            assertEquals(1, oauth.refreshes(), "exactly one refresh across both processes");
            assertEquals(0, oauth.reusesWithinGrace(), "no refresh token was redeemed twice");
            Set<String> distinct = new HashSet<>(tokens);
            assertEquals(Set.of(oauth.lastAccessToken()), distinct, "everybody got the same, new access token");
            assertNotEquals("at-old", oauth.lastAccessToken());

            StoredToken after = store.read(accountId).orElseThrow();
            assertEquals(versionBefore + 1, after.version());
            assertEquals(oauth.lastAccessToken(), after.accessToken());
            assertEquals(firstRefreshToken, after.previousRefreshToken());
            assertEquals(null, after.leaseHolder());

            // The stored chain is alive: the next refresh (forced by a 401) redeems the stored refresh token.
            // Racing refreshers would have left a pair here that a later redemption already killed.
            String next = service.onUnauthorized(accountId, oauth.lastAccessToken());
            assertEquals(oauth.lastAccessToken(), next);
            assertEquals(2, oauth.refreshes());
            assertEquals(0, oauth.invalidGrants());
        } finally {
            if (child.isAlive()) {
                child.destroyForcibly();
            }
        }
    }

    /** The service, the real client and DynamoDB, all on one test clock shared with a fresh fake server. */
    private record Rig(FakeAllegroOAuthServer server, ManualClock clock, TokenStore store, AllegroAuthClient client,
            AllegroTokenService service) implements AutoCloseable {
        static Rig start() throws Exception {
            FakeAllegroOAuthServer server = new FakeAllegroOAuthServer();
            ManualClock clock = new ManualClock(Instant.parse("2026-11-21T12:00:00Z"));
            server.clock(clock);
            TokenStore store = new DynamoDbTokenStore(dynamo, TABLE);
            AllegroAuthClient client = AllegroAuthClient.create(server.authUrl(), Optional.of(FakeAllegroOAuthServer.CLIENT_ID),
                    Optional.of(FakeAllegroOAuthServer.CLIENT_SECRET), clock);
            return new Rig(server, clock, store, client,
                    new AllegroTokenService(store, client, clock, AllegroTokenService.DEFAULT_REFRESH_MARGIN));
        }

        /** A process claimed the refresh, its request reached Allegro, and it died before storing the answer. */
        StoredToken holderDiesMidRefresh(String accountId) {
            String rt = server.issueRefreshToken();
            StoredToken t = store.putInitial(accountId, new TokenPair("at-old", rt, clock.instant()), clock.instant());
            store.claimRefresh(accountId, t.version(), "dead", clock.instant(), clock.instant().plus(AllegroTokenService.DEFAULT_LEASE))
                    .orElseThrow();
            client.refresh(rt); // the answer is lost with the process
            return t;
        }

        @Override
        public void close() {
            server.close();
        }
    }

    @Test
    @Timeout(30)
    void aTakeoverInsideTheGraceReusesTheDeadHoldersRefreshTokenAndKeepsTheChain() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.holderDiesMidRefresh("acc-takeover");
            rig.clock().advance(AllegroTokenService.DEFAULT_LEASE.plusSeconds(1)); // the lease ran out, the grace did not
            String token = rig.service().accessToken("acc-takeover");
            assertEquals(rig.server().lastAccessToken(), token);
            assertEquals(1, rig.server().reusesWithinGrace());
            assertEquals(0, rig.server().invalidGrants());
            // the chain the taker stored is the live one
            rig.clock().advance(Duration.ofHours(12));
            String next = rig.service().accessToken("acc-takeover");
            assertEquals(rig.server().lastAccessToken(), next);
            assertEquals(0, rig.server().invalidGrants());
        }
    }

    @Test
    @Timeout(30)
    void aTakeoverAfterTheGraceGetsInvalidGrantAndDisconnectsOnlyThatAccount() throws Exception {
        try (Rig rig = Rig.start()) {
            rig.store().putInitial("acc-healthy", rig.server().issueRefreshToken(), rig.clock().instant());
            rig.holderDiesMidRefresh("acc-lost");
            rig.clock().advance(Duration.ofSeconds(61));
            AccountDisconnectedException e = assertThrows(AccountDisconnectedException.class,
                    () -> rig.service().accessToken("acc-lost"));
            assertEquals("invalid_grant: Invalid refresh token", e.reason());
            StoredToken lost = rig.store().read("acc-lost").orElseThrow();
            assertEquals(TokenStatus.DISCONNECTED, lost.status());
            assertEquals(rig.clock().instant(), lost.disconnectedAt());
            assertThrows(AccountDisconnectedException.class, () -> rig.service().accessToken("acc-lost"));
            assertEquals(1, rig.server().invalidGrants(), "a disconnected account is not retried");
            String healthy = rig.service().accessToken("acc-healthy");
            assertEquals(rig.server().lastAccessToken(), healthy);
        }
    }

    private Process startContender(String accountId) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path log = Files.createTempFile("token-contender", ".log");
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-XX:TieredStopAtLevel=1", "-cp",
                System.getProperty("java.class.path"), TokenContender.class.getName(), aws.dynamoEndpoint().toString(),
                TABLE, oauth.authUrl(), accountId, Integer.toString(CHILD_THREADS));
        pb.redirectError(log.toFile());
        Process p = pb.start();
        p.onExit().thenRun(() -> {
            File f = log.toFile();
            if (p.exitValue() != 0 && f.length() > 0) {
                try {
                    System.err.println("token contender failed:\n" + Files.readString(log));
                } catch (Exception ignored) {
                    // diagnostics only
                }
            }
        });
        return p;
    }

    private static String readLine(BufferedReader in, Process p) throws Exception {
        String line = in.readLine();
        if (line == null) {
            throw new AssertionError("the second process ended early (exit " + p.waitFor() + ")");
        }
        return line;
    }
}
