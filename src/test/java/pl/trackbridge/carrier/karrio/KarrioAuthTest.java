package pl.trackbridge.carrier.karrio;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.testsupport.Rejections;
import pl.trackbridge.webhook.SourceCredentials;

class KarrioAuthTest {
    private final KarrioWebhookSource source = new KarrioWebhookSource();
    private final byte[] body = KarrioRequests.fixture();

    @Test
    void theSecretInXEventIdPasses() {
        assertDoesNotThrow(() -> authenticate(body, Map.of("X-Event-Id", KarrioRequests.SECRET), KarrioRequests.CREDENTIALS));
        assertDoesNotThrow(() -> authenticate(body, Map.of("x-event-id", KarrioRequests.SECRET), KarrioRequests.CREDENTIALS),
                "HTTP header names are case-insensitive");
    }

    @Test
    void wrongSecretFails() {
        assertUnauthenticated(body, Map.of("X-Event-Id", "whsec_00000000000000000000000000000000"), KarrioRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("X-Event-Id", KarrioRequests.SECRET.toUpperCase()), KarrioRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("X-Event-Id", KarrioRequests.SECRET + "x"), KarrioRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("X-Event-Id", KarrioRequests.SECRET.substring(0, 10)), KarrioRequests.CREDENTIALS);
    }

    @Test
    void missingHeaderFails() {
        assertUnauthenticated(body, Map.of(), KarrioRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("X-Event-Id", ""), KarrioRequests.CREDENTIALS);
        // The secret under another name is not accepted: Karrio only ever sends X-Event-Id.
        assertUnauthenticated(body, Map.of("Authorization", "Bearer " + KarrioRequests.SECRET), KarrioRequests.CREDENTIALS);
    }

    @Test
    void noConfiguredSecretFails() {
        assertUnauthenticated(body, Map.of("X-Event-Id", KarrioRequests.SECRET), SourceCredentials.none());
        assertUnauthenticated(body, Map.of("X-Event-Id", KarrioRequests.SECRET), SourceCredentials.none());
    }

    @Test
    void aTamperedBodyIsOnlyRejectedWithoutTheSecretBecauseKarrioSignsNothing() {
        // Karrio's header proves nothing about the body; what fails a tampered replay is a header that is not the
        // secret (e.g. a forger's guess). Document the limit: a leaked secret authenticates any body.
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("\"delivered\"", "\"cancelled\"")
                .getBytes(StandardCharsets.UTF_8);
        assertUnauthenticated(tampered, Map.of("X-Event-Id", "whsec_forged"), KarrioRequests.CREDENTIALS);
        assertDoesNotThrow(() -> authenticate(tampered, Map.of("X-Event-Id", KarrioRequests.SECRET), KarrioRequests.CREDENTIALS));
    }

    private void authenticate(byte[] b, Map<String, String> headers, SourceCredentials credentials) {
        source.authenticate(KarrioRequests.request(b, headers), credentials, KarrioRequests.RECEIVED);
    }

    private void assertUnauthenticated(byte[] b, Map<String, String> headers, SourceCredentials credentials) {
        Rejections.assertUnauthenticated(() -> authenticate(b, headers, credentials));
    }
}
