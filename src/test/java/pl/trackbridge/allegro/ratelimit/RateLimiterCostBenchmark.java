package pl.trackbridge.allegro.ratelimit;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.InProcessRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;

/**
 * What one acquire costs against DynamoDB Local (one UpdateItem on the same hot window item), single thread
 * and 8 threads. Prints figures and writes them to target/ratelimit-cost.txt; asserts nothing. Run on purpose:
 * {@code ./mvnw -o test -Dtest=RateLimiterCostBenchmark}.
 */
class RateLimiterCostBenchmark {
    static final int WARM_UP = 200;
    static final int SINGLE = 1000;
    static final int THREADS = 8;
    static final int PER_THREAD = 250;

    @Test
    void acquireCost() throws Exception {
        // DynamoDB Local logs two INFO lines per request: quiet them, or the figures measure the console
        Logger.getLogger("com.amazonaws.services.dynamodbv2.local").setLevel(Level.WARNING);
        // the budget never runs out and the clock stands still: every acquire is one successful UpdateItem
        Clock clock = Clock.fixed(Instant.parse("2026-11-21T12:00:30Z"), ZoneOffset.UTC);
        DynamoDbRateLimiter dynamo = SharedDynamo.limiter(SharedDynamo.newClientId(), RateLimit.allegro(10_000_000, 50),
                clock, Duration.ofSeconds(1));
        InProcessRateLimiter local = new InProcessRateLimiter(clock, RateLimit.allegro(10_000_000, 50));
        for (int i = 0; i < WARM_UP; i++) {
            dynamo.acquire(RateLimiter.APP);
        }
        StringBuilder report = new StringBuilder();
        report.append(line("in-process, 1 thread", time(local, 1, SINGLE * 10)));
        report.append(line("DynamoDB Local, 1 thread", time(dynamo, 1, SINGLE)));
        report.append(line("DynamoDB Local, " + THREADS + " threads", time(dynamo, THREADS, PER_THREAD)));
        System.out.print(report);
        Files.writeString(Path.of("target", "ratelimit-cost.txt"), report);
    }

    private static String line(String what, double[] r) {
        return String.format("%-28s %8.3f ms per acquire (latency), %8.0f acquires/s overall%n", what, r[0], r[1]);
    }

    /** Answers {mean latency of one acquire in ms, acquires per second across all threads}. */
    private static double[] time(RateLimiter limiter, int threads, int perThread) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Callable<Long>> work = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            work.add(() -> {
                long start = System.nanoTime();
                for (int i = 0; i < perThread; i++) {
                    limiter.acquire(RateLimiter.APP);
                }
                return System.nanoTime() - start;
            });
        }
        long wall = System.nanoTime();
        long busy = 0;
        for (var f : pool.invokeAll(work)) {
            busy += f.get();
        }
        wall = System.nanoTime() - wall;
        pool.shutdown();
        long total = (long) threads * perThread;
        return new double[] {busy / 1e6 / total, total / (wall / 1e9)};
    }
}
