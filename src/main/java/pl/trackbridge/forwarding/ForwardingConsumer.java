package pl.trackbridge.forwarding;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * Turns a batch of queue messages into forwarder calls and says which ones failed, so the queue redelivers
 * only those (SQS partial batch responses). A message that is not a forwarding message is logged and
 * dropped rather than retried forever.
 */
public final class ForwardingConsumer {
    private static final Logger LOG = Logger.getLogger(ForwardingConsumer.class);

    /** One delivered message: its id, body and how many times the queue has delivered it. */
    public record Message(String id, String body, int receiveCount) {
    }

    private final TrackingForwarder forwarder;
    private final int maxReceives;

    public ForwardingConsumer(TrackingForwarder forwarder, int maxReceives) {
        this.forwarder = forwarder;
        this.maxReceives = maxReceives;
    }

    /** @return the ids of the messages to redeliver */
    public List<String> consume(List<Message> batch) {
        List<String> failed = new ArrayList<>();
        for (Message m : batch) {
            ForwardRequest request;
            try {
                request = SqsForwardingQueue.fromJson(m.body());
            } catch (IllegalArgumentException e) {
                LOG.errorf("dropping message %s: %s", m.id(), e.getMessage());
                continue;
            }
            try {
                if (forwarder.handle(request, m.receiveCount(), maxReceives) == TrackingForwarder.Result.RETRY) {
                    failed.add(m.id());
                }
            } catch (RuntimeException e) {
                // storage trouble or an account problem (disconnected token): the queue retries, then dead-letters
                LOG.errorf(e, "forward of %s for %s failed", request.waybill(), request.accountId());
                failed.add(m.id());
            }
        }
        return failed;
    }
}
