package pl.trackbridge.local.allegro;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One answer of the stand-in before WireMock sends it. */
record Reply(int status, String contentType, String body, Map<String, String> headers) {
    static final String ALLEGRO_JSON = "application/vnd.allegro.public.v1+json";
    static final String OAUTH_JSON = "application/json;charset=UTF-8";

    static Reply json(int status, Object body) {
        return new Reply(status, ALLEGRO_JSON, Json.write(body), new LinkedHashMap<>());
    }

    static Reply noContent() {
        return new Reply(204, null, null, new LinkedHashMap<>());
    }

    /** Allegro's ErrorsHolder body; details and path are written as null when absent, as Allegro does. */
    static Reply error(int status, String code, String message, String path) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("code", code);
        error.put("message", message);
        error.put("details", null);
        error.put("path", path);
        error.put("userMessage", message);
        error.put("metadata", Map.of());
        return json(status, Map.of("errors", List.of(error)));
    }

    /** 401 on the API: Allegro answers with the OAuth-style AuthError, not ErrorsHolder. */
    static Reply unauthorized() {
        return json(401, Json.obj("error", "unauthorized", "error_description",
                "Full authentication is required to access this resource"));
    }

    /** The token and device endpoints live on the web host and answer plain JSON. */
    static Reply oauth(int status, Object body) {
        return new Reply(status, OAUTH_JSON, Json.write(body), new LinkedHashMap<>());
    }

    static Reply oauthError(int status, String error, String description) {
        return oauth(status, Json.obj("error", error, "error_description", description));
    }

    Reply withHeader(String name, String value) {
        headers.put(name, value);
        return this;
    }
}
