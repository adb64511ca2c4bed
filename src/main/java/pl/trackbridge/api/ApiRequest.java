package pl.trackbridge.api;

import java.util.Map;

/** An HTTP request as both edges (API Gateway event, local Vert.x) deliver it. */
public record ApiRequest(String method, String path, Map<String, String> headers, Map<String, String> query,
        byte[] body, String sourceIp) {
}
