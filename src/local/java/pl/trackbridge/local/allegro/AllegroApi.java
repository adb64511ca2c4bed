package pl.trackbridge.local.allegro;

import java.time.Instant;

/**
 * The API host (/order/..., /sale/...): bearer-token checks, Allegro's media-type rules, then the endpoints.
 * Not thread-safe; {@link AllegroStandIn} serialises every call.
 */
final class AllegroApi {
    private final AllegroStandIn standIn;

    AllegroApi(AllegroStandIn standIn) {
        this.standIn = standIn;
    }

    Reply handle(Call call, Instant now) {
        AllegroAuth.AccessToken token = standIn.auth.authenticate(call.header("Authorization"), now);
        if (token == null) {
            return Reply.unauthorized();
        }
        if (!acceptsAllegroJson(call.header("Accept"))) {
            return Reply.error(406, "NotAcceptableException",
                    "Not acceptable representation requested. Please check 'Accept' request header", null);
        }
        if (hasBody(call) && !isAllegroJson(call.header("Content-Type"))) {
            return Reply.error(415, "UnsupportedMediaTypeException",
                    "Unsupported media type. Please check 'Content-Type' request header", null);
        }
        return Reply.error(404, "NotFoundException", "Not found", null);
    }

    /** Allegro wants its own versioned media type; plain JSON, the beta type or a browser's Accept get 406. */
    static boolean acceptsAllegroJson(String accept) {
        if (accept == null) {
            return false;
        }
        for (String part : accept.split(",")) {
            if (part.split(";")[0].trim().equalsIgnoreCase(Reply.ALLEGRO_JSON)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isAllegroJson(String contentType) {
        return contentType != null && contentType.split(";")[0].trim().equalsIgnoreCase(Reply.ALLEGRO_JSON);
    }

    private static boolean hasBody(Call call) {
        return call.method().equals("POST") || call.method().equals("PUT");
    }
}
