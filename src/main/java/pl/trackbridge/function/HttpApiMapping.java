package pl.trackbridge.function;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import pl.trackbridge.api.ApiRequest;
import pl.trackbridge.api.ApiResponse;

/** Maps API Gateway HTTP API events to the transport-free {@link ApiRequest} and back. */
final class HttpApiMapping {
    private HttpApiMapping() {
    }

    static ApiRequest toRequest(HttpApiEvent event) {
        HttpApiEvent.Http http = event.requestContext() == null ? null : event.requestContext().http();
        String method = http == null ? "GET" : http.method();
        String path = event.rawPath() != null ? event.rawPath() : http == null ? "/" : http.path();
        byte[] body;
        if (event.body() == null) {
            body = new byte[0];
        } else if (event.isBase64Encoded()) {
            body = Base64.getDecoder().decode(event.body());
        } else {
            body = event.body().getBytes(StandardCharsets.UTF_8);
        }
        Map<String, String> headers = event.headers() == null ? Map.of() : event.headers();
        Map<String, String> query = event.queryStringParameters() == null ? Map.of() : event.queryStringParameters();
        return new ApiRequest(method, path, headers, query, body, http == null ? null : http.sourceIp());
    }

    static HttpApiResponse toResponse(ApiResponse response) {
        return new HttpApiResponse(response.status(), response.headers(), response.bodyText(), false);
    }
}
