package pl.trackbridge.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.List;
import java.util.Map;

/** The parts of an SQS-triggered Lambda event the forwarder needs, and the partial-batch response. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record SqsEvent(@JsonProperty("Records") List<Record> records) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Record(@JsonProperty("messageId") String messageId, @JsonProperty("body") String body,
            @JsonProperty("attributes") Map<String, String> attributes) {
    }

    /** {@code ReportBatchItemFailures}: only these messages return to the queue. */
    @RegisterForReflection
    public record BatchResponse(@JsonProperty("batchItemFailures") List<Failure> batchItemFailures) {
    }

    @RegisterForReflection
    public record Failure(@JsonProperty("itemIdentifier") String itemIdentifier) {
    }
}
