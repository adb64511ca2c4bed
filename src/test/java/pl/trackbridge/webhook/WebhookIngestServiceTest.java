package pl.trackbridge.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.api.ApiRequest;
import pl.trackbridge.api.ApiResponse;
import pl.trackbridge.api.ApiRouter;
import pl.trackbridge.carrier.WebhookSources;
import pl.trackbridge.forwarding.ForwardRequest;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.store.InMemoryTrackingStore;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.testsupport.SignedDeliveries;
import pl.trackbridge.testsupport.SignedDeliveries.Delivery;

/** The ingest use case with in-memory stores: the forwarding hand-off and what a refusal leaves behind. */
class WebhookIngestServiceTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");

    InMemoryTrackingStore store;
    InMemoryAccountStore accounts;
    List<ForwardRequest> sent;
    int failuresToInject;
    WebhookIngestService ingest;

    @BeforeEach
    void setUp() {
        store = new InMemoryTrackingStore();
        accounts = new InMemoryAccountStore();
        sent = new ArrayList<>();
        ForwardingQueue queue = r -> {
            if (failuresToInject > 0) {
                failuresToInject--;
                throw new IllegalStateException("SQS unavailable");
            }
            sent.add(r);
        };
        ingest = new WebhookIngestService(WebhookSources.all(), accounts, store, queue, Clock.fixed(NOW, ZoneOffset.UTC));
        accounts.save(new Account("a1", AccountService.DEFAULT_ZONE, Map.of("generic", Map.of("secret", "generic-secret")),
                Map.of(), Map.of(), NOW, NOW));
    }

    private WebhookResult deliver(String id, String waybill, String status, String at) {
        Delivery d = SignedDeliveries.sign("generic", "inline", SignedDeliveries.genericEvent(id, waybill, status, at), NOW);
        return ingest.ingest(new WebhookRequest("generic", "a1", d.headers(), d.query(), d.body(), null, NOW));
    }

    @Test
    void firstScanIsForwardedOnceAndLaterScansAreNot() {
        deliver("e1", "W1", "LABEL_CREATED", "2026-11-21T08:00:00Z");
        assertEquals(0, sent.size(), "a label is not a handover");
        deliver("e2", "W1", "COLLECTED", "2026-11-21T09:00:00Z");
        deliver("e3", "W1", "IN_TRANSIT", "2026-11-21T10:00:00Z");
        deliver("e2", "W1", "COLLECTED", "2026-11-21T09:00:00Z");
        assertEquals(1, sent.size());
        assertEquals(new ForwardRequest(ForwardRequest.HANDOVER, "a1", "W1", "DPD", null,
                Instant.parse("2026-11-21T09:00:00Z")), sent.get(0));
        assertEquals(ShipmentRecord.FORWARD_ENQUEUED, store.shipment("a1", "W1").orElseThrow().handoverForward());
    }

    @Test
    void aFailedEnqueueIsRetriedByTheRedelivery() {
        failuresToInject = 1;
        assertThrows(IllegalStateException.class, () -> deliver("e1", "W2", "COLLECTED", "2026-11-21T09:00:00Z"));
        // the event is stored and the forward is remembered as pending: nothing is lost
        assertEquals(ShipmentRecord.FORWARD_PENDING, store.shipment("a1", "W2").orElseThrow().handoverForward());
        assertEquals(0, sent.size());
        WebhookResult again = deliver("e1", "W2", "COLLECTED", "2026-11-21T09:00:00Z");
        assertEquals(new WebhookResult(0, 1), again);
        assertEquals(1, sent.size());
        assertEquals(ShipmentRecord.FORWARD_ENQUEUED, store.shipment("a1", "W2").orElseThrow().handoverForward());
    }

    @Test
    void anExactRedeliveryOfAProcessedDeliveryWritesNothing() {
        int[] appends = {0};
        InMemoryTrackingStore counting = new InMemoryTrackingStore() {
            @Override
            public synchronized pl.trackbridge.store.AppendResult append(String a, String w, List<pl.trackbridge.tracking.CanonicalEvent> e,
                    String raw, Instant at) {
                appends[0]++;
                return super.append(a, w, e, raw, at);
            }
        };
        WebhookIngestService service = new WebhookIngestService(WebhookSources.all(), accounts, counting, sent::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
        Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("r1", "W5", "IN_TRANSIT", "2026-11-21T09:00:00Z"), NOW);
        WebhookRequest request = new WebhookRequest("generic", "a1", d.headers(), d.query(), d.body(), null, NOW);
        assertEquals(new WebhookResult(1, 0), service.ingest(request));
        assertEquals(new WebhookResult(0, 1), service.ingest(request));
        assertEquals(1, appends[0], "the redelivery was answered from the inbox, without touching events or state");
        assertEquals(1, counting.rawCount());
    }

    @Test
    void aRefusedDeliveryLeavesNothingBehind() {
        Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("x", "W3", "COLLECTED", "1999-12-31T23:59:59Z"), NOW);
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () ->
                ingest.ingest(new WebhookRequest("generic", "a1", d.headers(), d.query(), d.body(), null, NOW)));
        assertEquals(WebhookRejectedException.Problem.MALFORMED, e.problem());
        assertEquals(0, store.rawCount());
        assertEquals(0, store.shipmentCount());
        assertEquals(0, sent.size());
    }

    @Test
    void anAdapterBugOnAnUnforeseenBodyIsStillA4xx() {
        WebhookSource buggy = new WebhookSource() {
            @Override
            public String name() {
                return "generic";
            }

            @Override
            public void authenticate(WebhookRequest request, SourceCredentials credentials, Instant now) {
            }

            @Override
            public List<pl.trackbridge.tracking.CanonicalEvent> normalise(WebhookRequest request) {
                throw new NullPointerException("a field the adapter did not expect to be missing");
            }
        };
        WebhookIngestService service = new WebhookIngestService(List.of(buggy), accounts, store, sent::add,
                Clock.fixed(NOW, ZoneOffset.UTC));
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> service.ingest(
                new WebhookRequest("generic", "a1", Map.of("Content-Type", "application/json"), Map.of(), "{}".getBytes(), null, NOW)));
        assertEquals(WebhookRejectedException.Problem.MALFORMED, e.problem());
        assertEquals(0, store.rawCount());
    }

    @Test
    void storageTroubleIsA503NotA4xx() {
        ApiRouter router = new ApiRouter(new WebhookIngestService(WebhookSources.all(), accounts,
                new InMemoryTrackingStore() {
                    @Override
                    public void saveRaw(pl.trackbridge.store.RawPayload raw) {
                        throw new IllegalStateException("DynamoDB throttled");
                    }
                }, r -> { }, Clock.fixed(NOW, ZoneOffset.UTC)), new AccountService(accounts, ingest.sourceNames(),
                Clock.systemUTC()), store, Clock.fixed(NOW, ZoneOffset.UTC));
        Delivery d = SignedDeliveries.sign("generic", "inline",
                SignedDeliveries.genericEvent("x", "W4", "COLLECTED", "2026-11-21T09:00:00Z"), NOW);
        ApiResponse response = router.handle(new ApiRequest("POST", "/webhooks/generic/a1", d.headers(), d.query(), d.body(), null));
        assertEquals(503, response.status());
        assertEquals(true, response.bodyText().contains("\"error\":\"TEMPORARILY_UNAVAILABLE\""));
    }
}
