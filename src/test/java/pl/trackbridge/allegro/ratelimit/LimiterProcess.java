package pl.trackbridge.allegro.ratelimit;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A second "instance" in its own JVM for {@link SecondJvmRateLimiterTest}:
 * {@code <endpoint> <clientId> <instant> <perMinute> take <n>} prints {@code granted=<k>};
 * {@code ... block <seconds>} records Allegro's block and prints {@code blocked}.
 */
public final class LimiterProcess {
    private LimiterProcess() {
    }

    public static void main(String[] args) {
        Clock clock = Clock.fixed(Instant.parse(args[2]), ZoneOffset.UTC);
        try (DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(URI.create(args[0]))
                .region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
            DynamoDbRateLimiter limiter = new DynamoDbRateLimiter(dynamo, SharedDynamo.TABLE, args[1],
                    RateLimit.allegro(Integer.parseInt(args[3]), 50), clock, Duration.ofSeconds(1));
            if (args[4].equals("take")) {
                int granted = 0;
                for (int i = 0; i < Integer.parseInt(args[5]); i++) {
                    try {
                        limiter.acquire(RateLimiter.APP);
                        granted++;
                    } catch (AllegroApiException refused) {
                        // counted by omission
                    }
                }
                System.out.println("granted=" + granted);
            } else {
                limiter.blocked(Duration.ofSeconds(Long.parseLong(args[5])));
                System.out.println("blocked");
            }
        }
    }
}
