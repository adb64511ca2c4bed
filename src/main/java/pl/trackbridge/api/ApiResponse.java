package pl.trackbridge.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/** An HTTP response; JSON unless said otherwise. */
public record ApiResponse(int status, Map<String, String> headers, byte[] body) {

    public static ApiResponse json(int status, String json) {
        return new ApiResponse(status, Map.of("Content-Type", "application/json"), json.getBytes(StandardCharsets.UTF_8));
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
