package pl.trackbridge.localstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.localstack.LocalStackContainer;
import pl.trackbridge.forwarding.ForwardRequest;
import pl.trackbridge.forwarding.SqsForwardingQueue;
import pl.trackbridge.local.TemplateResources;
import pl.trackbridge.store.AppendResult;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * The DynamoDB store and the SQS queue against LocalStack, a second, independent emulation of the AWS APIs
 * (transaction cancellation reasons, queue URLs). Needs Docker: skipped cleanly without it, run by the
 * {@code localstack} job of .github/workflows/ci.yml.
 */
@Testcontainers(disabledWithoutDocker = true)
class LocalStackAwsTest {

    @Container
    static final LocalStackContainer LOCALSTACK = new LocalStackContainer("localstack/localstack:4.4")
            .withServices("dynamodb", "sqs");

    private DynamoDbClient dynamo() {
        return DynamoDbClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                        LOCALSTACK.getSecretKey()))).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    private SqsClient sqs() {
        return SqsClient.builder().endpointOverride(LOCALSTACK.getEndpoint()).region(Region.of(LOCALSTACK.getRegion()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(LOCALSTACK.getAccessKey(),
                        LOCALSTACK.getSecretKey()))).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    @Test
    void eventsAreStoredOnceAndTheForwardReachesTheQueue() {
        TemplateResources template = TemplateResources.read(Path.of("template.yaml"));
        try (DynamoDbClient dynamo = dynamo(); SqsClient sqs = sqs()) {
            template.createTables(dynamo);
            template.createQueues(sqs);
            DynamoDbTrackingStore store = new DynamoDbTrackingStore(dynamo,
                    new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable"));
            CanonicalEvent collected = EventBuilder.from("generic").dedupeKey("e1").carrierId("DPD").waybill("LS1")
                    .status(TrackingStatus.COLLECTED).occurredAt(Instant.parse("2026-11-20T10:00:00Z")).build();
            AppendResult first = store.append("acc", "LS1", List.of(collected), "raw", Instant.now());
            AppendResult again = store.append("acc", "LS1", List.of(collected), "raw", Instant.now());
            assertEquals(1, first.accepted());
            assertTrue(first.handoverStarted());
            assertEquals(1, again.duplicates());

            SqsForwardingQueue queue = new SqsForwardingQueue(sqs, null, "ForwardingQueue");
            queue.enqueue(new ForwardRequest(ForwardRequest.HANDOVER, "acc", "LS1", "DPD", null, collected.occurredAt()));
            String body = sqs.receiveMessage(b -> b.queueUrl(queue.url()).waitTimeSeconds(5)).messages().get(0).body();
            assertTrue(body.contains("\"waybill\":\"LS1\""), body);
        }
    }
}
