package pl.trackbridge.testsupport;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;

/** Reads (and removes) what is on the embedded forwarding queue, for tests that assert what was enqueued. */
public final class ForwardingQueueMessages {
    private ForwardingQueueMessages() {
    }

    /** Every message body on the queue now (sends happen before the HTTP answer, so nothing is in flight). */
    public static List<String> drain() {
        try (SqsClient sqs = SqsClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.SQS_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build()) {
            String url = sqs.getQueueUrl(b -> b.queueName("ForwardingQueue")).queueUrl();
            List<String> bodies = new ArrayList<>();
            while (true) {
                List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)).messages();
                if (batch.isEmpty()) {
                    break;
                }
                for (Message m : batch) {
                    bodies.add(m.body());
                    sqs.deleteMessage(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()));
                }
            }
            return bodies;
        }
    }
}
