package pl.trackbridge.allegro.auth;

/** Whether an account's refresh-token chain is alive. */
public enum TokenStatus {
    CONNECTED,
    /** Allegro finally rejected the refresh token: the seller must authorize the app again. */
    DISCONNECTED
}
