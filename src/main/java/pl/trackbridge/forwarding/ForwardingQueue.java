package pl.trackbridge.forwarding;

/** The queue between ingest and the tracking forwarder (SQS in AWS, ElasticMQ locally). */
public interface ForwardingQueue {
    /** At-least-once: the forwarder's own claim makes a second copy harmless. */
    void enqueue(ForwardRequest request);
}
