package pl.trackbridge.forwarding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Pulls the forwarding queue itself where no Lambda trigger does (the local runtime, tests): the same
 * consumer as in AWS, deleting what succeeded and making the rest visible again after a short backoff.
 */
public final class SqsQueueDrain {
    private final SqsClient sqs;
    private final SqsForwardingQueue queue;
    private final ForwardingConsumer consumer;
    private final int maxBackoffSeconds;

    /** @param maxBackoffSeconds cap of the growing redelivery delay (a failed message's n-th retry waits n s) */
    public SqsQueueDrain(SqsClient sqs, SqsForwardingQueue queue, ForwardingConsumer consumer, int maxBackoffSeconds) {
        this.sqs = sqs;
        this.queue = queue;
        this.consumer = consumer;
        this.maxBackoffSeconds = maxBackoffSeconds;
    }

    public record Summary(int received, int failed) {
    }

    /** Consumes until the queue shows nothing visible. */
    public Summary drain() {
        int received = 0;
        int failedTotal = 0;
        while (true) {
            var batch = sqs.receiveMessage(b -> b.queueUrl(queue.url()).maxNumberOfMessages(10).waitTimeSeconds(0)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            if (batch.isEmpty()) {
                return new Summary(received, failedTotal);
            }
            received += batch.size();
            List<ForwardingConsumer.Message> messages = new ArrayList<>();
            Map<String, String> receipts = new java.util.HashMap<>();
            Map<String, Integer> counts = new java.util.HashMap<>();
            for (var m : batch) {
                int count = Integer.parseInt(m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"));
                messages.add(new ForwardingConsumer.Message(m.messageId(), m.body(), count));
                receipts.put(m.messageId(), m.receiptHandle());
                counts.put(m.messageId(), count);
            }
            List<String> failed = consumer.consume(messages);
            failedTotal += failed.size();
            for (var e : receipts.entrySet()) {
                if (failed.contains(e.getKey())) {
                    // back off a little more each time, like the Lambda trigger's redelivery would
                    int delay = Math.min(maxBackoffSeconds, counts.get(e.getKey()));
                    sqs.changeMessageVisibility(b -> b.queueUrl(queue.url()).receiptHandle(e.getValue()).visibilityTimeout(delay));
                } else {
                    sqs.deleteMessage(b -> b.queueUrl(queue.url()).receiptHandle(e.getValue()));
                }
            }
            if (failed.size() == batch.size()) {
                return new Summary(received, failedTotal); // all failing: wait for their visibility, not spin
            }
        }
    }
}
