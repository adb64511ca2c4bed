package pl.trackbridge.function;

import io.quarkus.funqy.Funq;
import jakarta.inject.Inject;
import pl.trackbridge.api.ApiRouter;

/**
 * The HTTP-triggered Lambda functions. Each maps the API Gateway event and delegates to the router; the
 * local server calls the same router, so both runtimes answer identically.
 */
public class HttpFunctions {

    @Inject
    ApiRouter router;

    /** {@code POST /webhooks/{source}/{accountId}}: carriers and aggregators. */
    @Funq("carrier-webhook")
    public HttpApiResponse carrierWebhook(HttpApiEvent event) {
        return HttpApiMapping.toResponse(router.handle(HttpApiMapping.toRequest(event)));
    }

    /** Accounts and shipment reads for operators and the seller's systems. */
    @Funq("shipment-api")
    public HttpApiResponse shipmentApi(HttpApiEvent event) {
        return HttpApiMapping.toResponse(router.handle(HttpApiMapping.toRequest(event)));
    }
}
