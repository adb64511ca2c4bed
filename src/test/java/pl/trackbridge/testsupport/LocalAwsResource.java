package pl.trackbridge.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.nio.file.Path;
import java.util.Map;
import pl.trackbridge.local.EmbeddedAws;

/**
 * DynamoDB Local and ElasticMQ for a test run, on free ports, with the template's tables and queues. The
 * endpoints also go to system properties so tests (JVM or native *IT) can open their own clients.
 */
public class LocalAwsResource implements QuarkusTestResourceLifecycleManager {
    public static final String DYNAMO_ENDPOINT = "trackbridge.test.dynamodb-endpoint";
    public static final String SQS_ENDPOINT = "trackbridge.test.sqs-endpoint";
    private EmbeddedAws aws;

    @Override
    public Map<String, String> start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        System.setProperty(DYNAMO_ENDPOINT, aws.dynamoEndpoint().toString());
        System.setProperty(SQS_ENDPOINT, aws.sqsEndpoint().toString());
        return Map.of(
                "quarkus.dynamodb.endpoint-override", aws.dynamoEndpoint().toString(),
                "trackbridge.sqs.endpoint-override", aws.sqsEndpoint().toString());
    }

    @Override
    public void stop() {
        if (aws != null) {
            aws.close();
        }
    }
}
