package pl.trackbridge.allegro;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jboss.logging.Logger;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The application's Allegro budget shared by every instance through the job-state table.
 *
 * <p><b>Windows.</b> Each bucket counts fixed windows aligned to the epoch ({@code pk = ratelimit#{clientId}#{bucket}},
 * {@code sk} = the window's start as an ISO instant). One call is one conditional {@code UpdateItem} that adds 1
 * unless the window is full, so concurrent instances can never together pass the limit inside one window. A
 * fixed window still lets up to twice the limit through around a boundary (end of one window, start of the
 * next); configure some headroom below Allegro's figure if that matters. Windows come from each instance's
 * clock, so clock skew moves the boundary by that skew, nothing more. Items expire (TTL) a few minutes after
 * their window.
 *
 * <p><b>Block.</b> Allegro's 429 is written to {@code pk = ratelimit#{clientId}, sk = block} as {@code until}
 * (epoch ms). Reading it on every call would double the cost of every Allegro call, so each instance caches it
 * and re-reads at most once per {@code blockRefresh} (eventually consistent, half a read unit). The price is
 * that another instance may keep calling for up to {@code blockRefresh} after the block was recorded: those
 * calls get Allegro's own 429, which only re-records the block. The instance that saw the 429 stops at once.
 *
 * <p><b>Cost.</b> Every Allegro call pays one write (two for the shipments endpoints), plus one read per
 * instance per {@code blockRefresh}. A refused write is billed too, so once a window is known full this
 * instance refuses locally until the window ends.
 */
public final class DynamoDbRateLimiter implements RateLimiter {
    private static final Logger LOG = Logger.getLogger(DynamoDbRateLimiter.class);

    /** Counts one request; the first request of a window creates the item. */
    public static final String TAKE = "ADD used :one SET expiresAt = :expires";
    /** The window has room: a new window, or fewer than the limit used. */
    public static final String UNDER_LIMIT = "attribute_not_exists(used) OR used < :limit";
    /** Records Allegro's block ({@code #until} is {@code until}, a reserved word). */
    public static final String BLOCK = "SET #until = :until, expiresAt = :expires";
    /** Never shortens a longer block another instance recorded. */
    public static final String EXTENDS_BLOCK = "attribute_not_exists(#until) OR #until < :until";
    /** Items outlive their window (or block) by this much, then TTL removes them. */
    static final Duration RETENTION = Duration.ofMinutes(5);

    private final DynamoDbClient dynamo;
    private final String table;
    private final String clientId;
    private final Map<String, RateLimit> limits;
    private final Clock clock;
    private final long blockRefreshMillis;
    private final AtomicLong blockedUntil = new AtomicLong(Long.MIN_VALUE);
    private final AtomicLong nextBlockRead = new AtomicLong(Long.MIN_VALUE);
    /** bucket -> start of a window this instance saw full: no more writes for it until the next window. */
    private final Map<String, Long> fullWindow = new ConcurrentHashMap<>();

    public DynamoDbRateLimiter(DynamoDbClient dynamo, String table, String clientId, Map<String, RateLimit> limits,
            Clock clock, Duration blockRefresh) {
        this.dynamo = dynamo;
        this.table = table;
        this.clientId = clientId;
        this.limits = Map.copyOf(limits);
        this.clock = clock;
        this.blockRefreshMillis = blockRefresh.toMillis();
    }

    @Override
    public void acquire(String bucket) {
        RateLimit limit = InProcessRateLimiter.limitOf(limits, bucket);
        long now = clock.millis();
        long until = blockedUntil(now);
        if (now < until) {
            throw RateLimiter.blockedUntil(Instant.ofEpochMilli(until));
        }
        long start = limit.windowStart(now);
        if (fullWindow.getOrDefault(bucket, Long.MIN_VALUE) == start) {
            throw overBudget(bucket, limit, start);
        }
        long expires = (start + limit.window().toMillis()) / 1000 + RETENTION.toSeconds();
        try {
            dynamo.updateItem(b -> b.tableName(table)
                    .key(Map.of("pk", s(bucketKey(bucket)), "sk", s(Instant.ofEpochMilli(start).toString())))
                    .updateExpression(TAKE).conditionExpression(UNDER_LIMIT)
                    .expressionAttributeValues(Map.of(":one", n(1), ":limit", n(limit.limit()), ":expires", n(expires))));
        } catch (ConditionalCheckFailedException full) {
            fullWindow.put(bucket, start);
            throw overBudget(bucket, limit, start);
        }
    }

    @Override
    public void blocked(Duration block) {
        long until = clock.millis() + block.toMillis();
        blockedUntil.accumulateAndGet(until, Math::max); // this instance stops before the write returns
        long expires = until / 1000 + RETENTION.toSeconds();
        try {
            dynamo.updateItem(b -> b.tableName(table).key(blockKey()).updateExpression(BLOCK)
                    .conditionExpression(EXTENDS_BLOCK).expressionAttributeNames(Map.of("#until", "until"))
                    .expressionAttributeValues(Map.of(":until", n(until), ":expires", n(expires))));
        } catch (ConditionalCheckFailedException longerBlockRecorded) {
            // another instance already stopped everyone for longer
        } catch (SdkException e) {
            // The caller is handling Allegro's 429 and must see that, not this. Other instances find out
            // from their own 429, which records the block again.
            LOG.warnf("could not record Allegro's block for client %s: %s", clientId, e.getMessage());
        }
    }

    /** The block as this instance knows it, re-read from the table when the cached copy is older than the refresh. */
    private long blockedUntil(long now) {
        long next = nextBlockRead.get();
        // one thread per refresh period reads; the others use the cached value meanwhile
        if (now >= next && nextBlockRead.compareAndSet(next, now + blockRefreshMillis)) {
            Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(blockKey())
                    .projectionExpression("#until").expressionAttributeNames(Map.of("#until", "until"))).item();
            if (item != null && item.containsKey("until")) {
                blockedUntil.accumulateAndGet(Long.parseLong(item.get("until").n()), Math::max);
            }
        }
        return blockedUntil.get();
    }

    private RateLimitedException overBudget(String bucket, RateLimit limit, long windowStart) {
        return RateLimiter.windowFull("the application's " + bucket + " budget of " + limit.limit() + " per "
                + limit.window() + " is used", Instant.ofEpochMilli(windowStart + limit.window().toMillis()));
    }

    String bucketKey(String bucket) {
        return "ratelimit#" + clientId + "#" + bucket;
    }

    private Map<String, AttributeValue> blockKey() {
        return Map.of("pk", s("ratelimit#" + clientId), "sk", s("block"));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }
}
