package pl.trackbridge.allegro.auth;

/** The refresh call of Allegro's token endpoint, as {@link AllegroTokenService} needs it. */
public interface TokenEndpoint {
    /**
     * Exchanges a refresh token for a new pair. The old refresh token then stays usable for 60 s only.
     *
     * @throws InvalidGrantException      the refresh token is dead
     * @throws TokenRateLimitedException  429
     * @throws RetryableAuthException     network failure, timeout or 5xx: the token may or may not have been used
     * @throws TokenEndpointException     any other refusal (e.g. bad client credentials)
     */
    TokenPair refresh(String refreshToken);
}
