package pl.trackbridge.allegro.auth;

/**
 * 400 {@code invalid_grant}: the refresh token (or device code) is dead: revoked, expired, or reused after
 * its 60 s grace. {@link AllegroTokenService} turns it into {@link AccountDisconnectedException}.
 */
public final class InvalidGrantException extends AllegroAuthException {
    private final String description;

    public InvalidGrantException(String description) {
        super("invalid_grant: " + description);
        this.description = description;
    }

    public String description() {
        return description;
    }
}
