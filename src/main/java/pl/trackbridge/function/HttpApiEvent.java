package pl.trackbridge.function;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/** The parts of an API Gateway HTTP API (payload format 2.0) event that the routes need. */
@RegisterForReflection
@JsonIgnoreProperties(ignoreUnknown = true)
public record HttpApiEvent(
        @JsonProperty("rawPath") String rawPath,
        @JsonProperty("rawQueryString") String rawQueryString,
        @JsonProperty("headers") Map<String, String> headers,
        @JsonProperty("queryStringParameters") Map<String, String> queryStringParameters,
        @JsonProperty("requestContext") RequestContext requestContext,
        @JsonProperty("body") String body,
        @JsonProperty("isBase64Encoded") boolean isBase64Encoded) {

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record RequestContext(@JsonProperty("http") Http http, @JsonProperty("requestId") String requestId) {
    }

    @RegisterForReflection
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Http(@JsonProperty("method") String method, @JsonProperty("path") String path,
            @JsonProperty("sourceIp") String sourceIp) {
    }
}
