package pl.trackbridge.local.allegro;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/**
 * The OAuth side of the stand-in: clients, refresh-token rotation with Allegro's grace period, the device flow and
 * access-token checks. Not thread-safe; {@link AllegroStandIn} serialises every call.
 */
final class OAuthServer {
    static final String USER_SCOPE = "allegro:api:orders:read allegro:api:orders:write allegro:api:profile:read";
    static final String APP_SCOPE = "allegro:api:orders:read";
    static final String VERIFICATION_URI = "https://allegro.pl/skojarz-aplikacje";

    /** A valid access token: who it belongs to. sellerId is null for an application (client_credentials) token. */
    record AccessToken(String value, String clientId, String sellerId, String scope, Instant expiresAt) {
        boolean allows(String neededScope) {
            return (" " + scope + " ").contains(" " + neededScope + " ");
        }
    }

    private static final class RefreshToken {
        final String clientId;
        final String sellerId;
        final Instant expiresAt;
        Instant firstUsedAt;

        RefreshToken(String clientId, String sellerId, Instant expiresAt) {
            this.clientId = clientId;
            this.sellerId = sellerId;
            this.expiresAt = expiresAt;
        }
    }

    private static final class Device {
        final String deviceCode;
        final String userCode;
        final String clientId;
        final Instant expiresAt;
        String sellerId;
        boolean denied;
        boolean used;
        Instant lastPoll;

        Device(String deviceCode, String userCode, String clientId, Instant expiresAt) {
            this.deviceCode = deviceCode;
            this.userCode = userCode;
            this.clientId = clientId;
            this.expiresAt = expiresAt;
        }
    }

    private record AuthorizationCode(String clientId, String sellerId, String redirectUri, Instant expiresAt) {
    }

    private final Map<String, String> clientSecrets = new HashMap<>();
    private final Map<String, AuthorizationCode> authorizationCodes = new HashMap<>();
    private final Map<String, RefreshToken> refreshTokens = new HashMap<>();
    private final Map<String, AccessToken> accessTokens = new HashMap<>();
    private final Map<String, Device> devicesByCode = new HashMap<>();
    private final Map<String, Device> devicesByUserCode = new HashMap<>();
    private final Random random = new Random(20260718L);

    Duration accessTokenTtl = Duration.ofHours(12);
    Duration refreshTokenTtl = Duration.ofDays(90);
    Duration refreshGrace = Duration.ofSeconds(60);
    Duration deviceCodeTtl = Duration.ofHours(1);
    int devicePollIntervalSeconds = 5;
    int refreshCount;
    int invalidGrantCount;

    void registerClient(String clientId, String clientSecret) {
        clientSecrets.put(clientId, clientSecret);
    }

    String issueRefreshToken(String clientId, String sellerId, Instant now) {
        requireClient(clientId);
        String value = token("rt");
        refreshTokens.put(value, new RefreshToken(clientId, sellerId, now.plus(refreshTokenTtl)));
        return value;
    }

    /** A code as the redirect after /auth/oauth/authorize would carry it; Allegro's live about 10 s, once. */
    String issueAuthorizationCode(String clientId, String sellerId, String redirectUri, Instant now) {
        requireClient(clientId);
        String code = token("ac");
        authorizationCodes.put(code, new AuthorizationCode(clientId, sellerId, redirectUri, now.plusSeconds(10)));
        return code;
    }

    Reply exchangeCode(String clientId, String code, String redirectUri, Instant now) {
        AuthorizationCode stored = code == null ? null : authorizationCodes.remove(code);
        if (stored == null || !stored.clientId().equals(clientId) || !now.isBefore(stored.expiresAt())
                || !stored.redirectUri().equals(redirectUri)) {
            invalidGrantCount++;
            return Reply.oauthError(400, "invalid_grant", "Invalid authorization code: " + code);
        }
        return tokenResponse(clientId, stored.sellerId(), USER_SCOPE, true, now);
    }

    /** The client id of a Basic header if its credentials are right, else null. */
    String authenticateClient(String authorization) {
        String clientId = basicClientId(authorization);
        if (clientId == null) {
            return null;
        }
        String decoded = decodeBasic(authorization);
        String secret = decoded.substring(decoded.indexOf(':') + 1);
        return secret.equals(clientSecrets.get(clientId)) ? clientId : null;
    }

    /** The client id named by a Basic header, checked or not; used to attribute rate limits. */
    static String basicClientId(String authorization) {
        String decoded = decodeBasic(authorization);
        return decoded == null || decoded.indexOf(':') < 0 ? null : decoded.substring(0, decoded.indexOf(':'));
    }

    private static String decodeBasic(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            return new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The token behind a Bearer header, expired or not, so a 429 block can still find the client id. */
    AccessToken lookup(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        return accessTokens.get(authorization.substring(7).trim());
    }

    /** The token if it is known and not expired, else null (the caller answers 401). */
    AccessToken authenticate(String authorization, Instant now) {
        AccessToken token = lookup(authorization);
        return token == null || !now.isBefore(token.expiresAt()) ? null : token;
    }

    Reply refresh(String clientId, String refreshToken, Instant now) {
        RefreshToken stored = refreshToken == null ? null : refreshTokens.get(refreshToken);
        if (stored == null || !stored.clientId.equals(clientId) || !now.isBefore(stored.expiresAt)) {
            return invalidGrant(refreshToken);
        }
        if (stored.firstUsedAt == null) {
            stored.firstUsedAt = now;
        } else if (now.isAfter(stored.firstUsedAt.plus(refreshGrace))) {
            // Rotation: a used refresh token survives only the grace period that covers lost responses.
            return invalidGrant(refreshToken);
        }
        refreshCount++;
        return tokenResponse(clientId, stored.sellerId, USER_SCOPE, true, now);
    }

    Reply clientCredentials(String clientId, Instant now) {
        return tokenResponse(clientId, null, APP_SCOPE, false, now);
    }

    Reply startDevice(String clientId, Instant now) {
        String deviceCode = token("dc");
        String userCode = userCode();
        Device device = new Device(deviceCode, userCode, clientId, now.plus(deviceCodeTtl));
        devicesByCode.put(deviceCode, device);
        devicesByUserCode.put(userCode, device);
        return Reply.oauth(200, Json.obj(
                "device_code", deviceCode,
                "expires_in", deviceCodeTtl.toSeconds(),
                "user_code", userCode,
                "interval", devicePollIntervalSeconds,
                "verification_uri", VERIFICATION_URI,
                "verification_uri_complete", VERIFICATION_URI + "?code=" + userCode));
    }

    void approveDevice(String userCode, String sellerId) {
        device(userCode).sellerId = sellerId;
    }

    void denyDevice(String userCode) {
        device(userCode).denied = true;
    }

    Reply pollDevice(String clientId, String deviceCode, Instant now) {
        Device device = deviceCode == null ? null : devicesByCode.get(deviceCode);
        if (device == null || device.used || !device.clientId.equals(clientId)) {
            return invalidGrant(deviceCode);
        }
        if (!now.isBefore(device.expiresAt)) {
            return Reply.oauthError(400, "expired_token", "Device code expired");
        }
        if (device.denied) {
            return Reply.oauthError(400, "access_denied", "The user denied access");
        }
        Instant previousPoll = device.lastPoll;
        device.lastPoll = now;
        if (device.sellerId == null) {
            // RFC 8628: polling faster than the interval is answered with slow_down
            if (previousPoll != null && now.isBefore(previousPoll.plusSeconds(devicePollIntervalSeconds))) {
                return Reply.oauthError(400, "slow_down", "Polling too frequently");
            }
            return Reply.oauthError(400, "authorization_pending", "Authorization pending");
        }
        device.used = true;
        return tokenResponse(clientId, device.sellerId, USER_SCOPE, true, now);
    }

    private Reply invalidGrant(String refreshToken) {
        invalidGrantCount++;
        return Reply.oauthError(400, "invalid_grant", "Invalid refresh token: " + refreshToken);
    }

    private Reply tokenResponse(String clientId, String sellerId, String scope, boolean withRefresh, Instant now) {
        String jti = UUID.nameUUIDFromBytes(token("jti").getBytes(StandardCharsets.UTF_8)).toString();
        Instant expiresAt = now.plus(accessTokenTtl);
        String access = jwtLike(clientId, sellerId, scope, expiresAt, jti);
        accessTokens.put(access, new AccessToken(access, clientId, sellerId, scope, expiresAt));
        String refresh = null;
        if (withRefresh) {
            refresh = token("rt");
            refreshTokens.put(refresh, new RefreshToken(clientId, sellerId, now.plus(refreshTokenTtl)));
        }
        return Reply.oauth(200, Json.obj(
                "access_token", access,
                "token_type", "bearer",
                "refresh_token", refresh,
                // Allegro reports one second less than the lifetime (43199 for 12 h)
                "expires_in", accessTokenTtl.toSeconds() - 1,
                "scope", scope,
                "allegro_api", true,
                "iss", "https://allegro.pl.allegrosandbox.pl",
                "jti", jti));
    }

    /** Allegro's access tokens are JWTs; clients sometimes read exp from them, so ours decode the same way (unsigned). */
    private String jwtLike(String clientId, String sellerId, String scope, Instant expiresAt, String jti) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String header = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8));
        String payload = b64.encodeToString(Json.write(Json.obj(
                "user_name", sellerId,
                "client_id", clientId,
                "scope", scope.split(" "),
                "exp", expiresAt.getEpochSecond(),
                "jti", jti)).getBytes(StandardCharsets.UTF_8));
        return header + "." + payload + ".stand-in";
    }

    private String token(String prefix) {
        return prefix + "-" + Long.toHexString(random.nextLong()) + Long.toHexString(random.nextLong());
    }

    private String userCode() {
        String letters = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        StringBuilder code = new StringBuilder();
        for (int i = 0; i < 9; i++) {
            code.append(letters.charAt(random.nextInt(letters.length())));
        }
        return code.toString();
    }

    private Device device(String userCode) {
        Device device = devicesByUserCode.get(userCode);
        if (device == null) {
            throw new IllegalArgumentException("no device flow with user code " + userCode);
        }
        return device;
    }

    private void requireClient(String clientId) {
        if (!clientSecrets.containsKey(clientId)) {
            throw new IllegalArgumentException("client " + clientId + " is not registered");
        }
    }
}
