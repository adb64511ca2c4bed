package pl.trackbridge.carrier.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.webhook.Signatures;
import pl.trackbridge.testsupport.Rejections;
import pl.trackbridge.webhook.SourceCredentials;
import pl.trackbridge.webhook.WebhookRequest;

class SeventeenTrackAuthTest {
    /** sha256(exact fixture bytes + "/17t-test-api-key"), computed outside Java (python hashlib) as a fixed vector. */
    private static final String FIXTURE_SIGN = "190760161151894ad4c2e10d5db4e910066a671b2a80d6395fbc596081d5d207";

    private final SeventeenTrackWebhookSource source = new SeventeenTrackWebhookSource();
    private final byte[] body = SeventeenTrackRequests.fixture();

    @Test
    void theIndependentlyComputedVectorMatchesTheSampleBytes() {
        assertEquals(7522, body.length, "the fixture must stay byte-exact (tabs, trailing newline)");
        assertEquals(FIXTURE_SIGN, SeventeenTrackRequests.sign(body, SeventeenTrackRequests.API_KEY));
    }

    @Test
    void correctSignPasses() {
        assertDoesNotThrow(() -> authenticate(body, Map.of("sign", FIXTURE_SIGN), SeventeenTrackRequests.CREDENTIALS));
    }

    @Test
    void headerNameAndHexCaseDoNotMatter() {
        assertDoesNotThrow(() -> authenticate(body, Map.of("SIGN", FIXTURE_SIGN.toUpperCase(Locale.ROOT)),
                SeventeenTrackRequests.CREDENTIALS));
    }

    @Test
    void wrongApiKeyFails() {
        String otherKeysSign = SeventeenTrackRequests.sign(body, "someone-elses-key");
        assertUnauthenticated(body, Map.of("sign", otherKeysSign), SeventeenTrackRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("sign", FIXTURE_SIGN),
                new SourceCredentials(Map.of(SourceCredentials.SECRET, "rotated-key")));
    }

    @Test
    void missingHeaderFails() {
        assertUnauthenticated(body, Map.of(), SeventeenTrackRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("sign", ""), SeventeenTrackRequests.CREDENTIALS);
    }

    @Test
    void tamperedBodyFails() {
        byte[] tampered = body.clone();
        int at = new String(body, java.nio.charset.StandardCharsets.UTF_8).indexOf("Delivered_Other");
        tampered[at] = 'X';
        assertUnauthenticated(tampered, Map.of("sign", FIXTURE_SIGN), SeventeenTrackRequests.CREDENTIALS);
        // Re-serialising the JSON (whitespace only) also breaks it: the hash is over the bytes received.
        byte[] reformatted = new String(body, java.nio.charset.StandardCharsets.UTF_8).replace("\t", "  ")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertUnauthenticated(reformatted, Map.of("sign", FIXTURE_SIGN), SeventeenTrackRequests.CREDENTIALS);
    }

    @Test
    void anHmacIsNotWhat17TrackSends() {
        String hmac = HexFormat.of().formatHex(Signatures.hmacSha256(SeventeenTrackRequests.API_KEY, body));
        assertUnauthenticated(body, Map.of("sign", hmac), SeventeenTrackRequests.CREDENTIALS);
    }

    @Test
    void garbageSignAndMissingCredentialsFail() {
        assertUnauthenticated(body, Map.of("sign", "not-hex"), SeventeenTrackRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("sign", FIXTURE_SIGN.substring(0, 32)), SeventeenTrackRequests.CREDENTIALS);
        assertUnauthenticated(body, Map.of("sign", FIXTURE_SIGN), SourceCredentials.none());
        assertUnauthenticated(body, Map.of("sign", FIXTURE_SIGN), SourceCredentials.none());
    }

    private void authenticate(byte[] b, Map<String, String> headers, SourceCredentials credentials) {
        WebhookRequest request = SeventeenTrackRequests.request(b, headers);
        source.authenticate(request, credentials, SeventeenTrackRequests.RECEIVED);
    }

    private void assertUnauthenticated(byte[] b, Map<String, String> headers, SourceCredentials credentials) {
        Rejections.assertUnauthenticated(() -> authenticate(b, headers, credentials));
    }
}
