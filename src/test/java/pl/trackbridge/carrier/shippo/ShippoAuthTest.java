package pl.trackbridge.carrier.shippo;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.SAMPLE;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.SECRET;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.TOKEN;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.request;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.signed;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** Shippo-Auth-Signature (t.body HMAC, 300 s window) when a secret is set, else the ?token= URL token. */
class ShippoAuthTest {
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private static final long T = NOW.getEpochSecond();
    private static final SourceCredentials HMAC = new SourceCredentials(
            Map.of(SourceCredentials.SECRET, SECRET, SourceCredentials.TOKEN, TOKEN));
    private static final SourceCredentials TOKEN_ONLY = new SourceCredentials(Map.of(SourceCredentials.TOKEN, TOKEN));
    private final ShippoWebhookSource source = new ShippoWebhookSource();

    @Test
    void correctSignaturePasses() {
        assertDoesNotThrow(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T), HMAC, NOW));
    }

    @Test
    void signedOverTimestampDotBody() {
        // Independently built: HMAC over the bytes of "<t>." followed by the raw body.
        byte[] body = fixture(SAMPLE);
        byte[] prefix = (T + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        String v1 = Signatures.hex(Signatures.hmacSha256(SECRET, message));
        WebhookRequest r = request(body, Map.of("shippo-auth-signature", "t=" + T + ", v1=" + v1));
        assertDoesNotThrow(() -> source.authenticate(r, HMAC, NOW));
    }

    @Test
    void timestampsInsideTheWindowPass() {
        assertDoesNotThrow(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T - 300), HMAC, NOW));
        assertDoesNotThrow(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T + 300), HMAC, NOW));
    }

    @Test
    void staleOrFutureTimestampFails() {
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T - 301), HMAC, NOW));
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T + 301), HMAC, NOW));
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, Long.MIN_VALUE), HMAC, NOW));
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, Long.MAX_VALUE), HMAC, NOW));
    }

    @Test
    void oneOfSeveralV1SignaturesMatchingPasses() {
        byte[] body = fixture(SAMPLE);
        String good = Signatures.hex(Signatures.hmacSha256(SECRET, (T + ".").getBytes(StandardCharsets.UTF_8), body));
        String old = Signatures.hex(Signatures.hmacSha256("old", (T + ".").getBytes(StandardCharsets.UTF_8), body));
        WebhookRequest r = request(body, Map.of("Shippo-Auth-Signature", "t=" + T + ",v1=" + old + ",v1=" + good));
        assertDoesNotThrow(() -> source.authenticate(r, HMAC, NOW));
    }

    @Test
    void wrongSecretFails() {
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), "not-the-secret", T), HMAC, NOW));
    }

    @Test
    void missingHeaderFailsEvenWithTheUrlToken() {
        // With HMAC configured, the weaker URL token is not a way around the signature.
        WebhookRequest r = request(fixture(SAMPLE), Map.of(), Map.of("token", TOKEN));
        assertUnauthenticated(() -> source.authenticate(r, HMAC, NOW));
    }

    @Test
    void tamperedBodyFails() {
        byte[] body = fixture(SAMPLE);
        String header = signed(body, SECRET, T).header("Shippo-Auth-Signature");
        byte[] tampered = new String(body, StandardCharsets.UTF_8).replace("DELIVERED", "RETURNED")
                .getBytes(StandardCharsets.UTF_8);
        assertUnauthenticated(() -> source.authenticate(
                request(tampered, Map.of("Shippo-Auth-Signature", header)), HMAC, NOW));
    }

    @Test
    void signatureReplayedUnderAnotherTimestampFails() {
        byte[] body = fixture(SAMPLE);
        String v1 = signed(body, SECRET, T - 1000).header("Shippo-Auth-Signature").split("v1=")[1];
        WebhookRequest r = request(body, Map.of("Shippo-Auth-Signature", "t=" + T + ",v1=" + v1));
        assertUnauthenticated(() -> source.authenticate(r, HMAC, NOW));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "garbage", "t=1767323045", "v1=00", "t=soon,v1=00", "t=,v1=", "t=1767323045,v1=zz",
            "t=1767323045,v0=00"})
    void malformedHeaderFails(String header) {
        WebhookRequest r = request(fixture(SAMPLE), Map.of("Shippo-Auth-Signature", header));
        assertUnauthenticated(() -> source.authenticate(r, HMAC, NOW));
    }

    @Test
    void withoutASecretTheUrlTokenPasses() {
        WebhookRequest r = request(fixture(SAMPLE), Map.of(), Map.of("token", TOKEN));
        assertDoesNotThrow(() -> source.authenticate(r, TOKEN_ONLY, NOW));
    }

    @Test
    void withoutASecretAWrongOrMissingTokenFails() {
        assertUnauthenticated(() -> source.authenticate(
                request(fixture(SAMPLE), Map.of(), Map.of("token", "guess")), TOKEN_ONLY, NOW));
        assertUnauthenticated(() -> source.authenticate(request(fixture(SAMPLE)), TOKEN_ONLY, NOW));
        // A valid signature means nothing to an account that has no secret to check it with.
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), SECRET, T), TOKEN_ONLY, NOW));
    }

    @Test
    void nothingConfiguredFails() {
        WebhookRequest r = request(fixture(SAMPLE), Map.of(), Map.of("token", TOKEN));
        assertUnauthenticated(() -> source.authenticate(r, SourceCredentials.none(), NOW));
        assertUnauthenticated(() -> source.authenticate(r, SourceCredentials.none(), NOW));
    }
}
