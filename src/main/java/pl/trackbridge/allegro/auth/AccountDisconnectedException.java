package pl.trackbridge.allegro.auth;

import java.time.Instant;

/**
 * The account has no usable refresh token: the seller must connect the app again. Callers catch it per
 * account and carry on with the others; retrying cannot help.
 */
public final class AccountDisconnectedException extends AllegroAuthException {
    private final String accountId;
    private final String reason;
    private final Instant disconnectedAt;

    public AccountDisconnectedException(String accountId, String reason, Instant disconnectedAt) {
        super("Allegro account " + accountId + " is disconnected: " + reason);
        this.accountId = accountId;
        this.reason = reason;
        this.disconnectedAt = disconnectedAt;
    }

    public String accountId() {
        return accountId;
    }

    public String reason() {
        return reason;
    }

    /** Null when the account was never connected. */
    public Instant disconnectedAt() {
        return disconnectedAt;
    }
}
