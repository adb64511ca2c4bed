package pl.trackbridge.local.allegro;

/** Failures the stand-in can inject, see {@link AllegroStandIn#failNext} and {@link AllegroStandIn#faultRate}. */
public enum Fault {
    /** 500 with an ErrorsHolder body; the request is not processed. */
    HTTP_500,
    /** 503 with an ErrorsHolder body; the request is not processed. */
    HTTP_503,
    /** 429, and the caller's client id stays blocked for one minute of the stand-in's clock, as Allegro does. */
    HTTP_429,
    /** The request is processed (state changes) but the answer comes only after {@link AllegroStandIn#setTimeoutDelay}. */
    TIMEOUT_AFTER_ACCEPT,
    /** The connection is reset before anything is processed. */
    CONNECTION_RESET
}
