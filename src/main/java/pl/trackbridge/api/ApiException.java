package pl.trackbridge.api;

import java.util.Map;

/** A refusal with its HTTP status and the error body of DESIGN §7: {error, message, fields}. */
public class ApiException extends RuntimeException {
    private final int status;
    private final String error;
    private final Map<String, String> fields;

    public ApiException(int status, String error, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.status = status;
        this.error = error;
        this.fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static ApiException notFound(String error, String message) {
        return new ApiException(404, error, message, Map.of());
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "MALFORMED_REQUEST", message, Map.of());
    }

    public static ApiException invalid(Map<String, String> fields) {
        return new ApiException(422, "VALIDATION_FAILED", "some fields are invalid: " + String.join(", ", fields.keySet()),
                fields);
    }

    public int status() { return status; }
    public String error() { return error; }
    public Map<String, String> fields() { return fields; }
}
