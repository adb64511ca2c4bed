package pl.trackbridge.webhook;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.api.ApiRequest;
import pl.trackbridge.api.ApiResponse;
import pl.trackbridge.api.ApiRouter;
import pl.trackbridge.carrier.WebhookSources;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.store.InMemoryTrackingStore;
import pl.trackbridge.testsupport.SignedDeliveries;

/**
 * Fuzzes the whole webhook path (router, authentication, every parser, validation) with bodies that are
 * correctly signed for their source, so the parsers, not the signature checks, see the garbage. Whatever
 * arrives, the answer is 2xx or a 4xx with a JSON error body: never a 5xx.
 */
class WebhookNeverFailsProperties {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final Set<Integer> ALLOWED = Set.of(200, 400, 401, 404, 413, 415);

    private final ApiRouter router;

    WebhookNeverFailsProperties() throws Exception {
        InMemoryAccountStore accounts = new InMemoryAccountStore();
        Map<String, Map<String, String>> secrets = new java.util.HashMap<>();
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(SignedDeliveries.ACCOUNT_SECRETS_JSON).fields()
                .forEachRemaining(e -> {
                    Map<String, String> v = new java.util.HashMap<>();
                    e.getValue().fields().forEachRemaining(f -> v.put(f.getKey(), f.getValue().asText()));
                    secrets.put(e.getKey(), v);
                });
        accounts.save(new Account("fuzz", AccountService.DEFAULT_ZONE, secrets, Map.of(), Map.of(), NOW, NOW));
        Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
        WebhookIngestService ingest = new WebhookIngestService(WebhookSources.all(), accounts, new InMemoryTrackingStore(),
                r -> { }, clock);
        router = new ApiRouter(ingest, new AccountService(accounts, ingest.sourceNames(), clock), new InMemoryTrackingStore(), clock);
    }

    @Property(tries = 3000)
    void anySignedBodyGetsA2xxOrA4xx(@ForAll("sources") String source, @ForAll("bodies") String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        SignedDeliveries.Delivery d = SignedDeliveries.sign(source, "fuzz", bytes, NOW);
        ApiResponse r = router.handle(new ApiRequest("POST", "/webhooks/" + source + "/fuzz", d.headers(), d.query(), bytes, "91.216.25.10"));
        assertTrue(ALLOWED.contains(r.status()), () -> r.status() + " for " + source + ": " + body + " -> " + r.bodyText());
        assertTrue(r.bodyText().startsWith("{"), r.bodyText());
    }

    @Provide
    Arbitrary<String> sources() {
        return Arbitraries.of(SignedDeliveries.SAMPLES.keySet().toArray(new String[0])).injectDuplicates(0.1)
                .edgeCases(c -> c.add("generic"));
    }

    /** Real samples with one region replaced by junk, plus free-form JSON-ish text. */
    @Provide
    Arbitrary<String> bodies() {
        Arbitrary<String> samples = Arbitraries.of(SignedDeliveries.SAMPLES.values().stream().flatMap(java.util.List::stream)
                .map(f -> new String(SignedDeliveries.fixture(f), StandardCharsets.UTF_8)).toArray(String[]::new));
        Arbitrary<String> junk = Arbitraries.oneOf(
                Arbitraries.of("null", "[]", "{}", "\"\"", "0", "-1", "1e309", "true", "\"2026-13-45T99:99:99Z\"",
                        "\"\\u0000\"", "{\"a\":", "[[[[", "\"𝕏\"", "99999999999999999999999"),
                Arbitraries.strings().ofMaxLength(20));
        Arbitrary<String> mutated = samples.flatMap(s -> Arbitraries.integers().between(0, Math.max(0, s.length() - 1))
                .flatMap(start -> Arbitraries.integers().between(0, 40).flatMap(len -> junk.map(j ->
                        s.substring(0, start) + j + s.substring(Math.min(s.length(), start + len))))));
        Arbitrary<String> generic = junk.map(j -> "{\"events\":[{\"eventId\":\"e\",\"waybill\":" + j
                + ",\"status\":\"COLLECTED\",\"occurredAt\":\"2026-11-20T10:00:00Z\"}]}");
        return Arbitraries.oneOf(mutated, generic, Arbitraries.strings().ofMaxLength(200));
    }
}
