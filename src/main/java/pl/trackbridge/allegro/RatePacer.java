package pl.trackbridge.allegro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Lets a scheduled batch job (reconciliation, the tracking poller, order-sync) wait for the next window of the
 * shared rate limit instead of failing, within the job's own time budget.
 *
 * <p>A call refused by the {@link RateLimiter} never reached Allegro (the refusal comes before the request), so
 * it can simply be made again once {@link RateLimitedException#retryAt()} has passed. The pacer waits only when
 * that is cheap and safe:
 * <ul>
 * <li>only our own window is full, never while Allegro blocks us ({@link RateLimitedException#blocked()}: the job
 * stops and its next run resumes, Allegro is not hammered);</li>
 * <li>the window ends within {@code maxWait} (the shipments endpoints' one-second window, or the last moments of
 * the minute budget), not the minute budget far away;</li>
 * <li>the wait ends before the job's deadline;</li>
 * <li>at most {@link #MAX_WAITS_PER_CALL} times for one call (other instances may keep filling every window).</li>
 * </ul>
 * Otherwise the refusal is rethrown as it was. Queue consumers never use this: they fail fast and the queue
 * redelivers. Any other failure passes through untouched.
 */
public final class RatePacer {
    /** Sleeps; injected so the logic is tested on a manual clock without real sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration duration) throws InterruptedException;
    }

    /** The real one. */
    public static final Sleeper THREAD_SLEEP = d -> Thread.sleep(Math.max(1, d.toMillis()));

    static final int MAX_WAITS_PER_CALL = 5;

    private final Clock clock;
    private final Sleeper sleeper;
    private final Duration maxWait;

    /**
     * @param clock   the clock the limiter's windows are read on (the same instants as {@code retryAt})
     * @param maxWait the longest single wait worth taking (a few seconds: longer means the minute budget is spent);
     *                zero never waits
     */
    public RatePacer(Clock clock, Sleeper sleeper, Duration maxWait) {
        this.clock = clock;
        this.sleeper = sleeper;
        this.maxWait = maxWait;
    }

    /** A pacer that never waits: every refusal is rethrown (the behaviour before pacing). */
    public static RatePacer never() {
        return new RatePacer(Clock.systemUTC(), d -> { }, Duration.ZERO);
    }

    /** One run of a job: waits never end after {@code deadline}. */
    public Pace until(Instant deadline) {
        return new Pace(deadline);
    }

    /** One run of a job with {@code budget} left from now. */
    public Pace within(Duration budget) {
        return new Pace(clock.instant().plus(budget));
    }

    /** The pacing of one job run, with what it waited. */
    public final class Pace {
        private final Instant deadline;
        private final AtomicInteger waits = new AtomicInteger();
        private final AtomicLong waitedMillis = new AtomicLong();

        private Pace(Instant deadline) {
            this.deadline = deadline;
        }

        /** Makes the call; on a full short window waits for the next one and makes it again. */
        public <T> T call(Supplier<T> call) {
            for (int waited = 0; ; waited++) {
                try {
                    return call.get();
                } catch (RateLimitedException refused) {
                    Duration wait = waitFor(refused, waited);
                    if (wait == null) {
                        throw refused;
                    }
                    try {
                        sleeper.sleep(wait);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // shutting down: report the refusal, keep the flag
                        throw refused;
                    }
                    waits.incrementAndGet();
                    waitedMillis.addAndGet(wait.toMillis());
                }
            }
        }

        /** {@link #call(Supplier)} for calls without a result. */
        public void run(Runnable call) {
            call(() -> {
                call.run();
                return null;
            });
        }

        /** How long to wait before trying again, or null to give up and rethrow. */
        Duration waitFor(RateLimitedException refused, int waitedAlready) {
            if (maxWait.isZero() || refused.blocked() || refused.retryAt() == null
                    || waitedAlready >= MAX_WAITS_PER_CALL) {
                return null;
            }
            Instant now = clock.instant();
            Duration wait = refused.retryAt().isAfter(now) ? Duration.between(now, refused.retryAt()) : Duration.ZERO;
            if (wait.compareTo(maxWait) > 0 || now.plus(wait).isAfter(deadline)) {
                return null;
            }
            return wait;
        }

        /** How many times this run waited for a window. */
        public int waits() {
            return waits.get();
        }

        /** How long this run waited in total. */
        public Duration waited() {
            return Duration.ofMillis(waitedMillis.get());
        }

        public Instant deadline() {
            return deadline;
        }
    }
}
