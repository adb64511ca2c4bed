package pl.trackbridge.account;

/** An account's link to its Allegro seller account (the OAuth token store behind it). */
public interface AllegroConnection {
    /** (Re)connects with a refresh token the operator obtained; the token is never readable again. */
    void connect(String accountId, String refreshToken);

    /** {@code CONNECTED}, {@code DISCONNECTED} (Allegro rejected the refresh token) or {@code NOT_CONNECTED}. */
    String status(String accountId);

    /** For services built without Allegro (unit tests of the webhook path). */
    AllegroConnection NONE = new AllegroConnection() {
        @Override
        public void connect(String accountId, String refreshToken) {
            throw new IllegalStateException("no Allegro connection is configured");
        }

        @Override
        public String status(String accountId) {
            return "NOT_CONNECTED";
        }
    };
}
