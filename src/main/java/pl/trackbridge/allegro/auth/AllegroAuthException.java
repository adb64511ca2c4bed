package pl.trackbridge.allegro.auth;

/** Base of every failure of Allegro authentication; the subclasses say what the caller should do. */
public class AllegroAuthException extends RuntimeException {
    public AllegroAuthException(String message) {
        super(message);
    }

    public AllegroAuthException(String message, Throwable cause) {
        super(message, cause);
    }
}
