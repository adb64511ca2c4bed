package pl.trackbridge.local;

import com.amazonaws.services.dynamodbv2.local.server.DynamoDBProxyServer;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBRequestHandler;
import com.amazonaws.services.dynamodbv2.local.server.LocalDynamoDBServerHandler;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.elasticmq.rest.sqs.SQSRestServer;
import org.elasticmq.rest.sqs.SQSRestServerBuilder;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * DynamoDB Local and ElasticMQ in this JVM, bound to 127.0.0.1, with the tables and queues of
 * {@code template.yaml} created from the template itself, so the local runtime and the cloud cannot drift.
 * Used by the local runtime ({@code ./mvnw quarkus:dev}), the tests and the benchmarks.
 */
public final class EmbeddedAws implements AutoCloseable {
    private final Server jetty;
    private final LocalDynamoDBRequestHandler dynamoHandler;
    private final SQSRestServer sqs;
    private final URI dynamoEndpoint;
    private final URI sqsEndpoint;

    private EmbeddedAws(Server jetty, LocalDynamoDBRequestHandler dynamoHandler, URI dynamoEndpoint, SQSRestServer sqs,
            URI sqsEndpoint) {
        this.jetty = jetty;
        this.dynamoHandler = dynamoHandler;
        this.dynamoEndpoint = dynamoEndpoint;
        this.sqs = sqs;
        this.sqsEndpoint = sqsEndpoint;
    }

    /**
     * Starts both servers (port 0 picks a free port) and creates the template's tables and queues.
     */
    public static EmbeddedAws start(int dynamoPort, int sqsPort, Path template) {
        ensureSqliteNatives();
        try {
            LocalDynamoDBRequestHandler handler = new LocalDynamoDBRequestHandler(0, true, null, true, false);
            LocalDynamoDBServerHandler serverHandler = new LocalDynamoDBServerHandler(handler, null);
            DynamoDBProxyServer proxy = new DynamoDBProxyServer(0, serverHandler); // never started: we own the connector
            Server jetty = new Server();
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(dynamoPort);
            jetty.addConnector(connector);
            jetty.setHandler(proxy.setUpHandler(serverHandler));
            jetty.start();
            URI dynamoEndpoint = URI.create("http://127.0.0.1:" + connector.getLocalPort());

            SQSRestServer sqs = SQSRestServerBuilder.withInterface("127.0.0.1").withPort(sqsPort).start();
            int boundSqsPort = sqs.waitUntilStarted().localAddress().getPort();
            URI sqsEndpoint = URI.create("http://127.0.0.1:" + boundSqsPort);

            EmbeddedAws aws = new EmbeddedAws(jetty, handler, dynamoEndpoint, sqs, sqsEndpoint);
            TemplateResources resources = TemplateResources.read(template);
            try (DynamoDbClient dynamo = aws.dynamoClient(); SqsClient sqsClient = aws.sqsClient()) {
                resources.createTables(dynamo);
                resources.createQueues(sqsClient);
            }
            return aws;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("could not start the embedded AWS services", e);
        }
    }

    /** DynamoDB Local loads sqlite4java through this property; the build copies the library to target/native-libs. */
    private static void ensureSqliteNatives() {
        if (System.getProperty("sqlite4java.library.path") == null) {
            Path natives = Path.of("target", "native-libs");
            if (Files.isDirectory(natives)) {
                System.setProperty("sqlite4java.library.path", natives.toAbsolutePath().toString());
            }
        }
    }

    public URI dynamoEndpoint() {
        return dynamoEndpoint;
    }

    public URI sqsEndpoint() {
        return sqsEndpoint;
    }

    public DynamoDbClient dynamoClient() {
        return dynamoClient(new software.amazon.awssdk.core.interceptor.ExecutionInterceptor[0]);
    }

    /** A client of the local DynamoDB with these SDK interceptors (benchmarks use them to time or meter requests). */
    public DynamoDbClient dynamoClient(software.amazon.awssdk.core.interceptor.ExecutionInterceptor... interceptors) {
        return DynamoDbClient.builder().endpointOverride(dynamoEndpoint).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .overrideConfiguration(c -> c.executionInterceptors(java.util.List.of(interceptors))).build();
    }

    public SqsClient sqsClient() {
        return SqsClient.builder().endpointOverride(sqsEndpoint).region(Region.EU_CENTRAL_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")))
                .httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Override
    public void close() {
        try {
            jetty.stop();
        } catch (Exception ignored) {
            // stopping anyway
        }
        dynamoHandler.shutdown();
        sqs.stopAndWait();
    }
}
