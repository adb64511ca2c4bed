package pl.trackbridge.allegro.auth;

/**
 * The token endpoint refused the request for a reason that is not the seller's token: bad client
 * credentials ({@code invalid_client}), a malformed request or an unreadable answer. It affects every
 * account alike, so it must not disconnect any of them.
 */
public final class TokenEndpointException extends AllegroAuthException {
    private final int status;

    public TokenEndpointException(int status, String message) {
        super(message);
        this.status = status;
    }

    /** The HTTP status, or 0 when there was no usable answer. */
    public int status() {
        return status;
    }
}
