package pl.trackbridge.carrier.aftership;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.SAMPLE;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.SECRET;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.request;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.signed;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** aftership-hmac-sha256 = base64(HMAC-SHA256(secret, raw body)). */
class AftershipAuthTest {
    private static final SourceCredentials CREDS = new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final AftershipWebhookSource source = new AftershipWebhookSource();

    @Test
    void correctSignaturePasses() {
        WebhookRequest r = signed(fixture(SAMPLE), SECRET);
        assertDoesNotThrow(() -> source.authenticate(r, CREDS, NOW));
    }

    @Test
    void headerNameIsCaseInsensitive() {
        byte[] body = fixture(SAMPLE);
        String sig = Signatures.base64(Signatures.hmacSha256(SECRET, body));
        WebhookRequest r = request(body, Map.of("AfterShip-Hmac-SHA256", sig));
        assertDoesNotThrow(() -> source.authenticate(r, CREDS, NOW));
    }

    @Test
    void knownAnswer() {
        // Independent HMAC-SHA256 vector (RFC 4231 test case 2: key "Jefe").
        byte[] body = "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8);
        String b64 = Base64.getEncoder().encodeToString(HexFormat.of()
                .parseHex("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"));
        WebhookRequest r = request(body, Map.of("aftership-hmac-sha256", b64));
        assertDoesNotThrow(() -> source.authenticate(r, new SourceCredentials(Map.of("secret", "Jefe")), NOW));
    }

    @Test
    void wrongSecretFails() {
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), "another-secret"), CREDS, NOW));
    }

    @Test
    void missingHeaderFails() {
        assertUnauthenticated(() -> source.authenticate(request(fixture(SAMPLE)), CREDS, NOW));
    }

    @Test
    void tamperedBodyFails() {
        byte[] body = fixture(SAMPLE);
        String sig = Signatures.base64(Signatures.hmacSha256(SECRET, body));
        byte[] tampered = Arrays.copyOf(body, body.length);
        tampered[tampered.length - 3] ^= 1;
        assertUnauthenticated(() -> source.authenticate(
                request(tampered, Map.of("aftership-hmac-sha256", sig)), CREDS, NOW));
    }

    @Test
    void hexInsteadOfBase64Fails() {
        byte[] body = fixture(SAMPLE);
        String hex = Signatures.hex(Signatures.hmacSha256(SECRET, body));
        assertUnauthenticated(() -> source.authenticate(request(body, Map.of("aftership-hmac-sha256", hex)), CREDS, NOW));
    }

    @Test
    void garbageHeaderFails() {
        assertUnauthenticated(() -> source.authenticate(
                request(fixture(SAMPLE), Map.of("aftership-hmac-sha256", "%%%not base64%%%")), CREDS, NOW));
    }

    @Test
    void noConfiguredSecretFails() {
        WebhookRequest r = signed(fixture(SAMPLE), SECRET);
        assertUnauthenticated(() -> source.authenticate(r, SourceCredentials.none(), NOW));
        assertUnauthenticated(() -> source.authenticate(r, SourceCredentials.none(), NOW));
    }
}
