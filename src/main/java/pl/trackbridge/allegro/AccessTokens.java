package pl.trackbridge.allegro;

/** Where {@link AllegroClient} gets a seller's bearer token (the OAuth token service in production). */
public interface AccessTokens {
    /** A valid access token for the account, refreshed first if it is about to expire. */
    String accessToken(String accountId);

    /** After Allegro answered 401 to {@code rejected}: a fresh token for one retry (refreshing at most once). */
    String onUnauthorized(String accountId, String rejected);
}
