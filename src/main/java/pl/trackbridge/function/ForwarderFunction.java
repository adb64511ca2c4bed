package pl.trackbridge.function;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import java.util.List;
import pl.trackbridge.forwarding.ForwardingConsumer;

/** The SQS-triggered tracking forwarder: maps the batch, delegates, reports the failed messages. */
public class ForwarderFunction {

    @Inject
    ForwardingConsumer consumer;

    @Funq("tracking-forwarder")
    public SqsEvent.BatchResponse trackingForwarder(SqsEvent event) {
        List<ForwardingConsumer.Message> batch = event.records() == null ? List.of() : event.records().stream()
                .map(r -> new ForwardingConsumer.Message(r.messageId(), r.body(), receiveCount(r))).toList();
        return new SqsEvent.BatchResponse(consumer.consume(batch).stream().map(SqsEvent.Failure::new).toList());
    }

    private static int receiveCount(SqsEvent.Record r) {
        try {
            return r.attributes() == null ? 1 : Integer.parseInt(r.attributes().getOrDefault("ApproximateReceiveCount", "1"));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
