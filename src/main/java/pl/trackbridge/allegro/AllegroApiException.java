package pl.trackbridge.allegro;

/**
 * A failed Allegro call, mapped from Allegro's {@code ErrorsHolder} body: whether it is worth retrying, and
 * the {@code trace-id} Allegro support asks for.
 */
public class AllegroApiException extends RuntimeException {
    private final int status;
    private final String code;
    private final String traceId;
    private final boolean retryable;

    public AllegroApiException(int status, String code, String message, String traceId, boolean retryable) {
        super(status + " " + (code == null ? "" : code + ": ") + message + (traceId == null ? "" : " [trace-id " + traceId + "]"),
                null, false, false);
        this.status = status;
        this.code = code;
        this.traceId = traceId;
        this.retryable = retryable;
    }

    /** 0 when no HTTP answer arrived (timeout, reset). */
    public int status() { return status; }
    /** Allegro's first error code, e.g. {@code CarrierWaybillValidationException}. */
    public String code() { return code; }
    public String traceId() { return traceId; }
    /** 5xx, 429, timeouts and resets are retryable; 4xx answers are permanent. */
    public boolean retryable() { return retryable; }
}
