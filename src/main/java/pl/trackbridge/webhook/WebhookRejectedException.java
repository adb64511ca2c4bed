package pl.trackbridge.webhook;

import java.util.Map;

/**
 * Why a webhook delivery is refused. Each problem maps to one 4xx of DESIGN §7; nothing of the
 * delivery is stored when this is thrown.
 */
public class WebhookRejectedException extends RuntimeException {

    public enum Problem {
        MALFORMED(400, "MALFORMED_PAYLOAD"),
        UNAUTHENTICATED(401, "AUTHENTICATION_FAILED"),
        UNKNOWN_SOURCE(404, "UNKNOWN_SOURCE"),
        UNKNOWN_ACCOUNT(404, "UNKNOWN_ACCOUNT"),
        TOO_LARGE(413, "PAYLOAD_TOO_LARGE"),
        UNSUPPORTED_MEDIA_TYPE(415, "UNSUPPORTED_MEDIA_TYPE");

        private final int httpStatus;
        private final String code;

        Problem(int httpStatus, String code) {
            this.httpStatus = httpStatus;
            this.code = code;
        }

        public int httpStatus() { return httpStatus; }
        public String code() { return code; }
    }

    private final Problem problem;
    private final Map<String, String> fields;

    public WebhookRejectedException(Problem problem, String message) {
        this(problem, message, Map.of());
    }

    public WebhookRejectedException(Problem problem, String message, Map<String, String> fields) {
        super(message, null, false, false);
        this.problem = problem;
        this.fields = fields == null ? Map.of() : Map.copyOf(fields);
    }

    public static WebhookRejectedException malformed(String message) {
        return new WebhookRejectedException(Problem.MALFORMED, message);
    }

    public static WebhookRejectedException malformed(String field, String message) {
        return new WebhookRejectedException(Problem.MALFORMED, message, Map.of(field, message));
    }

    public static WebhookRejectedException unauthenticated(String message) {
        return new WebhookRejectedException(Problem.UNAUTHENTICATED, message);
    }

    public Problem problem() { return problem; }
    public Map<String, String> fields() { return fields; }
}
