package pl.trackbridge.allegro.ratelimit;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.local.EmbeddedAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** One DynamoDB Local for every rate-limit test class in the JVM; each test takes its own client id. */
final class SharedDynamo {
    static final String TABLE = "JobStateTable";
    private static EmbeddedAws aws;
    private static DynamoDbClient dynamo;

    private SharedDynamo() {
    }

    static synchronized EmbeddedAws aws() {
        if (aws == null) {
            aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
            dynamo = aws.dynamoClient();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                dynamo.close();
                aws.close();
            }));
        }
        return aws;
    }

    static DynamoDbClient dynamo() {
        aws();
        return dynamo;
    }

    static String newClientId() {
        return "client-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** One "process": its own caches, the shared table. */
    static DynamoDbRateLimiter limiter(String clientId, Map<String, RateLimit> limits, Clock clock, Duration blockRefresh) {
        return new DynamoDbRateLimiter(dynamo(), TABLE, clientId, limits, clock, blockRefresh);
    }
}
