package pl.trackbridge.carrier.easypost;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.SAMPLE;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.SECRET;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.VECTOR;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.request;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.signed;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.Rejections.assertUnauthenticated;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

/** X-Hmac-Signature: hmac-sha256-hex=hex(HMAC-SHA256(NFKD(secret), raw body)). */
class EasypostAuthTest {
    /** EasyPost's published vector (official client tests), see fixtures/carriers/README.md. */
    private static final String VECTOR_HEADER =
            "hmac-sha256-hex=e93977c8ccb20363d51a62b3fe1fc402b7829be1152da9e88cf9e8d07115a46b";
    private static final String COMPOSED = "s\u00e9cret";     // é as one code point (NFC)
    private static final String DECOMPOSED = "se\u0301cret";  // e + combining acute (NFKD)
    private static final SourceCredentials CREDS = new SourceCredentials(Map.of(SourceCredentials.SECRET, SECRET));
    private static final Instant NOW = Instant.parse("2026-01-02T03:04:05Z");
    private final EasypostWebhookSource source = new EasypostWebhookSource();

    @Test
    void vectorBodyIsTheExactPublishedBytes() {
        byte[] body = fixture(VECTOR);
        assertEquals(539, body.length);
        assertEquals('}', body[body.length - 1], "no trailing newline");
    }

    @Test
    void publishedTestVectorVerifiesWithTheSecretAsTyped() {
        WebhookRequest r = request(fixture(VECTOR), Map.of("X-Hmac-Signature", VECTOR_HEADER));
        assertDoesNotThrow(() -> source.authenticate(r, secret(COMPOSED), NOW));
    }

    @Test
    void publishedTestVectorVerifiesWithTheSecretAlreadyDecomposed() {
        WebhookRequest r = request(fixture(VECTOR), Map.of("x-hmac-signature", VECTOR_HEADER));
        assertDoesNotThrow(() -> source.authenticate(r, secret(DECOMPOSED), NOW));
    }

    @Test
    void withoutNfkdTheVectorWouldNotMatch() {
        // Proves the normalisation is what makes the vector pass: the raw NFC bytes give another MAC.
        byte[] body = fixture(VECTOR);
        String unnormalised = Signatures.hex(Signatures.hmacSha256(COMPOSED.getBytes(StandardCharsets.UTF_8), body));
        assertNotEquals(VECTOR_HEADER.substring("hmac-sha256-hex=".length()), unnormalised);
        assertEquals(VECTOR_HEADER.substring("hmac-sha256-hex=".length()),
                Signatures.hex(EasypostWebhookSource.hmac(COMPOSED, body)));
    }

    @Test
    void upperCaseHexIsAccepted() {
        WebhookRequest r = request(fixture(VECTOR), Map.of("X-Hmac-Signature",
                "hmac-sha256-hex=" + VECTOR_HEADER.substring("hmac-sha256-hex=".length()).toUpperCase()));
        assertDoesNotThrow(() -> source.authenticate(r, secret(COMPOSED), NOW));
    }

    @Test
    void correctSignatureOnATrackerEventPasses() {
        assertDoesNotThrow(() -> source.authenticate(signed(fixture(SAMPLE), SECRET), CREDS, NOW));
    }

    @Test
    void wrongSecretFails() {
        assertUnauthenticated(() -> source.authenticate(
                request(fixture(VECTOR), Map.of("X-Hmac-Signature", VECTOR_HEADER)), secret("secret"), NOW));
        assertUnauthenticated(() -> source.authenticate(signed(fixture(SAMPLE), "not-the-secret"), CREDS, NOW));
    }

    @Test
    void missingHeaderFails() {
        assertUnauthenticated(() -> source.authenticate(request(fixture(VECTOR)), secret(COMPOSED), NOW));
    }

    @Test
    void tamperedBodyFails() {
        byte[] body = fixture(VECTOR);
        byte[] tampered = Arrays.copyOf(body, body.length + 1);
        tampered[body.length] = '\n'; // even a trailing newline changes the MAC: verify the raw bytes
        assertUnauthenticated(() -> source.authenticate(
                request(tampered, Map.of("X-Hmac-Signature", VECTOR_HEADER)), secret(COMPOSED), NOW));
    }

    @Test
    void headerWithoutThePrefixFails() {
        assertUnauthenticated(() -> source.authenticate(request(fixture(VECTOR),
                Map.of("X-Hmac-Signature", VECTOR_HEADER.substring("hmac-sha256-hex=".length()))), secret(COMPOSED), NOW));
        assertUnauthenticated(() -> source.authenticate(request(fixture(VECTOR),
                Map.of("X-Hmac-Signature", "hmac-sha256-hex=zz")), secret(COMPOSED), NOW));
    }

    @Test
    void noConfiguredSecretFails() {
        WebhookRequest r = request(fixture(VECTOR), Map.of("X-Hmac-Signature", VECTOR_HEADER));
        assertUnauthenticated(() -> source.authenticate(r, SourceCredentials.none(), NOW));
    }

    private static SourceCredentials secret(String s) {
        return new SourceCredentials(Map.of(SourceCredentials.SECRET, s));
    }
}
