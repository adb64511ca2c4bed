package pl.trackbridge.function;

import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import pl.trackbridge.api.ApiRequest;
import pl.trackbridge.api.ApiResponse;
import pl.trackbridge.api.ApiRouter;

/**
 * Serves the API over real HTTP when the HTTP server runs (the local runtime and tests). In Lambda the
 * server is switched off ({@code QUARKUS_HTTP_HOST_ENABLED=false}) and API Gateway events reach the same
 * {@link ApiRouter} through {@link HttpFunctions}.
 */
@ApplicationScoped
public class LocalHttpRoutes {
    /** Above the webhook limit, so the router itself answers 413 with its JSON body for 256 KiB-1 MiB. */
    static final long TRANSPORT_BODY_LIMIT = 1024 * 1024;
    private static final String API_PATHS = "^/(webhooks|accounts|jobs)(/.*)?$";

    @Inject
    ApiRouter router;

    void register(@Observes Router web) {
        web.routeWithRegex(API_PATHS).handler(BodyHandler.create().setBodyLimit(TRANSPORT_BODY_LIMIT))
                .failureHandler(LocalHttpRoutes::failure);
        web.routeWithRegex(API_PATHS).blockingHandler(this::handle, false);
    }

    private void handle(RoutingContext ctx) {
        HttpServerRequest req = ctx.request();
        Buffer body = ctx.body() == null ? null : ctx.body().buffer();
        ApiRequest request = new ApiRequest(req.method().name(), req.path(), flatten(req.headers()),
                flatten(req.params()), body == null ? new byte[0] : body.getBytes(),
                req.remoteAddress() == null ? null : req.remoteAddress().host());
        ApiResponse response = router.handle(request);
        response.headers().forEach(ctx.response()::putHeader);
        ctx.response().setStatusCode(response.status()).end(Buffer.buffer(response.body()));
    }

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() > 0 ? ctx.statusCode() : 400;
        String code = status == 413 ? "PAYLOAD_TOO_LARGE" : "MALFORMED_REQUEST";
        String message = status == 413 ? "the body is larger than accepted" : "the request could not be read";
        ctx.response().setStatusCode(status).putHeader("Content-Type", "application/json")
                .end("{\"error\":\"" + code + "\",\"message\":\"" + message + "\",\"fields\":{}}");
    }

    private static Map<String, String> flatten(MultiMap m) {
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (String name : m.names()) {
            out.put(name, String.join(",", m.getAll(name)));
        }
        return out;
    }
}
