package pl.trackbridge.allegro.auth;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A second process for {@link AllegroTokenConcurrencyTest}: its own token service against the same DynamoDB
 * and token endpoint. Prints READY once warmed up, waits for {@code GO <epochMillis>} on stdin, then its
 * threads all ask for a token at that instant. Prints one {@code TOKEN} or {@code ERROR} line per thread.
 *
 * <p>Arguments: dynamoEndpoint table authUrl accountId threads
 */
public final class TokenContender {
    public static void main(String[] args) throws Exception {
        URI dynamoEndpoint = URI.create(args[0]);
        String table = args[1];
        String authUrl = args[2];
        String accountId = args[3];
        int threads = Integer.parseInt(args[4]);
        DynamoDbClient dynamo = DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
        TokenStore store = new DynamoDbTokenStore(dynamo, table);
        AllegroAuthClient client = AllegroAuthClient.create(authUrl, Optional.of(FakeAllegroOAuthServer.CLIENT_ID),
                Optional.of(FakeAllegroOAuthServer.CLIENT_SECRET), Clock.systemUTC());
        AllegroTokenService service = new AllegroTokenService(store, client, Clock.systemUTC(),
                AllegroTokenService.DEFAULT_REFRESH_MARGIN);

        // Warm up class loading and connections so this process races at full speed, not at JVM start-up speed.
        store.read(accountId);
        HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(authUrl + "/warm-up")).build(),
                HttpResponse.BodyHandlers.discarding());
        System.out.println("READY");
        System.out.flush();

        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String go = in.readLine();
        long startAt = Long.parseLong(go.substring("GO ".length()));
        List<Thread> workers = new ArrayList<>();
        List<String> lines = Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < threads; i++) {
            int n = i;
            workers.add(new Thread(() -> {
                sleepUntil(startAt);
                try {
                    lines.add("TOKEN " + n + " " + service.accessToken(accountId));
                } catch (RuntimeException e) {
                    lines.add("ERROR " + n + " " + e.getClass().getSimpleName() + ": " + e.getMessage());
                }
            }));
        }
        workers.forEach(Thread::start);
        for (Thread t : workers) {
            t.join();
        }
        lines.forEach(System.out::println);
        System.out.println("DONE");
        System.out.flush();
        dynamo.close();
    }

    static void sleepUntil(long epochMillis) {
        long ms = epochMillis - System.currentTimeMillis();
        if (ms > 0) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
