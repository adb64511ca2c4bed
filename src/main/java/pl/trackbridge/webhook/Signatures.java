package pl.trackbridge.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Signature primitives shared by the sources. Every comparison is constant-time. */
public final class Signatures {
    private Signatures() {
    }

    public static byte[] hmacSha256(byte[] key, byte[]... parts) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            for (byte[] p : parts) {
                mac.update(p);
            }
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    public static byte[] hmacSha256(String key, byte[]... parts) {
        return hmacSha256(key.getBytes(StandardCharsets.UTF_8), parts);
    }

    public static byte[] sha256(byte[]... parts) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            for (byte[] p : parts) {
                md.update(p);
            }
            return md.digest();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }

    public static String sha256Hex(String text) {
        return hex(sha256(text.getBytes(StandardCharsets.UTF_8)));
    }

    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    public static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Constant-time comparison of two byte arrays; null never matches. */
    public static boolean matches(byte[] expected, byte[] presented) {
        return expected != null && presented != null && MessageDigest.isEqual(expected, presented);
    }

    /** Constant-time comparison of a presented text (header, token) with the expected one; null never matches. */
    public static boolean matches(String expected, String presented) {
        if (expected == null || presented == null) {
            return false;
        }
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    /** Hex comparison that ignores letter case of the presented value, still constant-time. */
    public static boolean matchesHex(byte[] expected, String presentedHex) {
        if (presentedHex == null) {
            return false;
        }
        byte[] presented;
        try {
            presented = HexFormat.of().parseHex(presentedHex.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return matches(expected, presented);
    }

    /** Base64 comparison over the decoded bytes, constant-time. */
    public static boolean matchesBase64(byte[] expected, String presentedBase64) {
        if (presentedBase64 == null) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getDecoder().decode(presentedBase64.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return matches(expected, presented);
    }

    /** The secret URL token check used by sources that cannot sign. */
    public static void requireUrlToken(WebhookRequest request, SourceCredentials credentials) {
        String expected = credentials.require(SourceCredentials.TOKEN);
        if (!matches(expected, request.query("token"))) {
            throw WebhookRejectedException.unauthenticated("missing or wrong ?token= in the webhook URL");
        }
    }
}
