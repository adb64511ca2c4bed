package pl.trackbridge.local.allegro;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.time.Instant;
import java.util.UUID;

/**
 * The single WireMock extension of the stand-in: every request reaches {@link #transform}, which applies throttling
 * and scripted faults, then lets {@link OAuthServer} or {@link ApiHost} answer from the in-memory state.
 */
final class AllegroRouter implements ResponseDefinitionTransformerV2 {
    static final String NAME = "allegro-stand-in";

    private final AllegroStandIn standIn;

    AllegroRouter(AllegroStandIn standIn) {
        this.standIn = standIn;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public boolean applyGlobally() {
        return false; // only the catch-all stub of AllegroStandIn uses it
    }

    @Override
    public ResponseDefinition transform(ServeEvent event) {
        Call call = Call.of(event.getRequest());
        Reply reply;
        Fault fault;
        long delayMillis;
        // One lock for the whole state keeps every request atomic, like a single Allegro shard would look to a client.
        synchronized (standIn) {
            Instant now = standIn.now();
            boolean auth = call.path().startsWith("/auth/oauth/");
            String clientId = auth ? OAuthServer.basicClientId(call.header("Authorization"))
                    : clientIdOfToken(call);
            FaultPlan faults = standIn.faults;
            fault = null;
            if (faults.isBlocked(clientId, now)) {
                reply = tooManyRequests(auth);
            } else if (faults.overLimit(clientId, now)) {
                faults.block(clientId, now);
                reply = tooManyRequests(auth);
            } else {
                fault = faults.next(call.path());
                reply = fault == null || fault == Fault.TIMEOUT_AFTER_ACCEPT ? route(call, auth, now)
                        : faultReply(fault, clientId, auth, now);
            }
            if (!auth && reply.status() < 400) {
                reply.withHeader("x-ratelimit-remaining", Integer.toString(faults.remaining(clientId)));
            }
            delayMillis = standIn.timeoutDelay.toMillis();
        }
        ResponseDefinitionBuilder response = ResponseDefinitionBuilder.responseDefinition();
        if (fault == Fault.CONNECTION_RESET) {
            return response.withFault(com.github.tomakehurst.wiremock.http.Fault.CONNECTION_RESET_BY_PEER).build();
        }
        response.withStatus(reply.status()).withHeader("trace-id", UUID.randomUUID().toString());
        if (reply.contentType() != null) {
            response.withHeader("Content-Type", reply.contentType());
        }
        reply.headers().forEach(response::withHeader);
        if (reply.body() != null) {
            response.withBody(reply.body());
        }
        if (fault == Fault.TIMEOUT_AFTER_ACCEPT) {
            response.withFixedDelay((int) delayMillis);
        }
        return response.build();
    }

    private String clientIdOfToken(Call call) {
        OAuthServer.AccessToken token = standIn.auth.lookup(call.header("Authorization"));
        return token == null ? null : token.clientId();
    }

    private Reply faultReply(Fault fault, String clientId, boolean auth, Instant now) {
        return switch (fault) {
            case HTTP_500 -> auth ? Reply.oauthError(500, "server_error", "Internal server error")
                    : Reply.error(500, "InternalServerErrorException", "Internal server error", null);
            case HTTP_503 -> auth ? Reply.oauthError(503, "temporarily_unavailable", "Service unavailable")
                    : Reply.error(503, "ServiceUnavailableException", "Service temporarily unavailable", null);
            case HTTP_429 -> {
                standIn.faults.block(clientId, now);
                yield tooManyRequests(auth);
            }
            // CONNECTION_RESET never gets a body; TIMEOUT_AFTER_ACCEPT is routed normally
            default -> Reply.noContent();
        };
    }

    private static Reply tooManyRequests(boolean auth) {
        // The spec gives no 429 body; Allegro's gateway answers with an ErrorsHolder like its other errors.
        return auth ? Reply.oauthError(429, "too_many_requests", "Too many requests")
                : Reply.error(429, "TooManyRequestsException", "Too many requests. Client id is blocked for a minute",
                        null);
    }

    private Reply route(Call call, boolean auth, Instant now) {
        if (auth) {
            return oauth(call, now);
        }
        return standIn.api.handle(call, now);
    }

    private Reply oauth(Call call, Instant now) {
        String endpoint = call.path().substring("/auth/oauth/".length());
        if (!call.method().equals("POST") || !(endpoint.equals("token") || endpoint.equals("device"))) {
            return Reply.oauthError(404, "not_found", "Not found");
        }
        OAuthServer auth = standIn.auth;
        String clientId = auth.authenticateClient(call.header("Authorization"));
        if (clientId == null) {
            return Reply.oauthError(401, "invalid_client", "Bad client credentials");
        }
        if (endpoint.equals("device")) {
            String named = call.queryOrForm("client_id");
            if (named != null && !named.equals(clientId)) {
                return Reply.oauthError(400, "invalid_request", "client_id does not match the credentials");
            }
            return auth.startDevice(clientId, now);
        }
        String grantType = call.queryOrForm("grant_type");
        if (grantType == null) {
            return Reply.oauthError(400, "invalid_request", "Missing grant type");
        }
        return switch (grantType) {
            case "refresh_token" -> auth.refresh(clientId, call.queryOrForm("refresh_token"), now);
            case "urn:ietf:params:oauth:grant-type:device_code" ->
                    auth.pollDevice(clientId, call.queryOrForm("device_code"), now);
            case "client_credentials" -> auth.clientCredentials(clientId, now);
            case "authorization_code" ->
                    auth.exchangeCode(clientId, call.queryOrForm("code"), call.queryOrForm("redirect_uri"), now);
            default -> Reply.oauthError(400, "unsupported_grant_type", "Unsupported grant type: " + grantType);
        };
    }
}
