package pl.trackbridge.allegro.ratelimit;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.allegro.ratelimit.InProcessRateLimiterTest.assertRateLimited;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;

/** The budget and the block are shared with a limiter in another JVM, as with two Lambda instances. */
class SecondJvmRateLimiterTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    final String clientId = SharedDynamo.newClientId();
    final ManualClock clock = new ManualClock(T0.plusSeconds(20));

    /** Runs {@link LimiterProcess} in a new JVM on this test's classpath and answers its result line. */
    String otherJvm(String... action) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new java.util.ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"),
                LimiterProcess.class.getName(), SharedDynamo.aws().dynamoEndpoint().toString(), clientId,
                clock.instant().toString()));
        command.addAll(List.of(action));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the other JVM finished");
        assertEquals(0, p.exitValue(), out);
        return out.lines().filter(l -> l.startsWith("granted=") || l.equals("blocked")).findFirst().orElse(out);
    }

    @Test
    void theOtherJvmGetsOnlyWhatIsLeftOfTheWindow() throws Exception {
        DynamoDbRateLimiter here = SharedDynamo.limiter(clientId, RateLimit.allegro(10, 50), clock, Duration.ofSeconds(1));
        for (int i = 0; i < 3; i++) {
            here.acquire(RateLimiter.APP);
        }
        assertEquals("granted=7", otherJvm("10", "take", "20"));
        assertRateLimited(() -> here.acquire(RateLimiter.APP));
    }

    @Test
    void aBlockRecordedInTheOtherJvmStopsThisOne() throws Exception {
        DynamoDbRateLimiter here = SharedDynamo.limiter(clientId, RateLimit.allegro(9000, 50), clock, Duration.ofSeconds(1));
        here.acquire(RateLimiter.APP);
        assertEquals("blocked", otherJvm("9000", "block", "60"));
        clock.advance(Duration.ofSeconds(1)); // this instance's cached view of the block expires
        assertRateLimited(() -> here.acquire(RateLimiter.APP));
        clock.set(T0.plusSeconds(20 + 60));
        here.acquire(RateLimiter.APP);
    }
}
