package pl.trackbridge.webhook;

import java.util.Map;

/**
 * One account's secrets for one webhook source, set through {@code PUT /accounts/{id}} and never returned.
 * Which keys a source uses is documented on its adapter; the common ones are constants here.
 */
public record SourceCredentials(Map<String, String> values) {
    /** HMAC key, API key (17TRACK), shared secret (Karrio), expected bearer/credential (UPS). */
    public static final String SECRET = "secret";
    /** Secret URL token, {@code ?token=…}, for sources that cannot sign (InPost, Shippo without HMAC). */
    public static final String TOKEN = "token";
    /** InPost organisation id that every delivery must carry. */
    public static final String ORGANIZATION_ID = "organizationId";
    /** Optional comma-separated CIDR allow-list of the source's sending addresses. */
    public static final String ALLOWED_CIDRS = "allowedCidrs";

    public SourceCredentials {
        values = values == null ? Map.of() : Map.copyOf(values);
    }

    public static SourceCredentials none() {
        return new SourceCredentials(Map.of());
    }

    public String get(String key) {
        String v = values.get(key);
        return v == null || v.isEmpty() ? null : v;
    }

    /** The value, or a 401: a source without configured secrets can never be authenticated. */
    public String require(String key) {
        String v = get(key);
        if (v == null) {
            throw WebhookRejectedException.unauthenticated("no '" + key + "' is configured for this source on this account");
        }
        return v;
    }
}
