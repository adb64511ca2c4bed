package pl.trackbridge.config;

import java.net.URI;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;

/**
 * The plain-SDK clients (SQS, SNS) the Quarkiverse extensions cannot provide here, built one way: the
 * URL-connection HTTP client (the only one that builds with amazon-services 3.16.0), and against a local endpoint
 * (ElasticMQ, a test stand-in) any credentials, never a lookup of real ones.
 */
final class AwsClients {
    private AwsClients() {
    }

    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder,
            Optional<URI> endpoint, Optional<String> region) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        region.ifPresent(r -> builder.region(Region.of(r)));
        if (endpoint.isPresent()) {
            builder.endpointOverride(endpoint.get())
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local")));
        } else {
            builder.credentialsProvider(DefaultCredentialsProvider.builder().build());
        }
        return builder.build();
    }
}
