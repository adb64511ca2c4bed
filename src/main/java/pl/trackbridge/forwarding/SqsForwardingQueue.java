package pl.trackbridge.forwarding;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * SQS implementation. The queue URL comes from configuration in AWS ({@code !Ref ForwardingQueue}); locally
 * only the name is known until the embedded queue exists, so the URL is looked up once by name.
 */
public final class SqsForwardingQueue implements ForwardingQueue {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SqsClient sqs;
    private final String configuredUrl;
    private final String queueName;
    private volatile String url;

    public SqsForwardingQueue(SqsClient sqs, String queueUrl, String queueName) {
        this.sqs = sqs;
        this.configuredUrl = queueUrl == null || queueUrl.isBlank() ? null : queueUrl;
        this.queueName = queueName;
    }

    @Override
    public void enqueue(ForwardRequest r) {
        sqs.sendMessage(b -> b.queueUrl(url()).messageBody(toJson(r)));
    }

    public String url() {
        String u = url;
        if (u == null) {
            u = configuredUrl != null ? configuredUrl : sqs.getQueueUrl(b -> b.queueName(queueName)).queueUrl();
            url = u;
        }
        return u;
    }

    /** Reads a message body written by {@link #toJson}. */
    public static ForwardRequest fromJson(String body) {
        try {
            com.fasterxml.jackson.databind.JsonNode n = JSON.readTree(body);
            String evidence = n.path("evidenceAt").asText(null);
            return new ForwardRequest(n.path("reason").asText(null), n.path("accountId").asText(null),
                    n.path("waybill").asText(null), n.path("carrierId").asText(null), n.path("orderId").asText(null),
                    evidence == null ? null : java.time.Instant.parse(evidence));
        } catch (java.io.IOException | java.time.DateTimeException e) {
            throw new IllegalArgumentException("not a forwarding message: " + e.getMessage());
        }
    }

    /** The message body the tracking forwarder reads. */
    public static String toJson(ForwardRequest r) {
        ObjectNode n = JSON.createObjectNode();
        n.put("reason", r.reason());
        n.put("accountId", r.accountId());
        n.put("waybill", r.waybill());
        n.put("carrierId", r.carrierId());
        n.put("orderId", r.orderId());
        n.put("evidenceAt", r.evidenceAt() == null ? null : r.evidenceAt().toString());
        return n.toString();
    }
}
