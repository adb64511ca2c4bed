package pl.trackbridge.allegro.auth;

/** One poll of a device flow. {@code tokens} is set only when {@code status} is GRANTED. */
public record DevicePoll(Status status, TokenPair tokens, String error) {
    public enum Status {
        /** The seller has not confirmed yet: poll again after the interval. */
        PENDING,
        /** Polling too fast: add 5 s to the interval (RFC 8628 §3.5) and poll again. */
        SLOW_DOWN,
        GRANTED,
        /** Denied, expired or unknown device code: start again. */
        FAILED
    }

    static DevicePoll granted(TokenPair tokens) {
        return new DevicePoll(Status.GRANTED, tokens, null);
    }

    static DevicePoll of(Status status, String error) {
        return new DevicePoll(status, null, error);
    }
}
