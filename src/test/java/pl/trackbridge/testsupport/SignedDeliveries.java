package pl.trackbridge.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import pl.trackbridge.webhook.Signatures;

/**
 * Real sample payloads (src/test/resources/fixtures/carriers) signed the way each source signs, with the
 * secrets of {@link #ACCOUNT_SECRETS_JSON}. Used by the HTTP tests, the Lambda test and the benchmark.
 */
public final class SignedDeliveries {
    /** The webhookSecrets part of a PUT /accounts body that matches the signatures made here. */
    public static final String ACCOUNT_SECRETS_JSON = """
            {"inpost":{"token":"tok-inpost","organizationId":"1"},
             "ups":{"secret":"ups-secret"},
             "fedex":{"secret":"fedex-secret"},
             "aftership":{"secret":"aftership-secret"},
             "17track":{"secret":"17track-api-key"},
             "easypost":{"secret":"sécret"},
             "shippo":{"token":"tok-shippo"},
             "karrio":{"secret":"whsec_karrio"},
             "generic":{"secret":"generic-secret"}}""";

    /** One delivery as a carrier would send it. */
    public record Delivery(String source, String fixture, byte[] body, Map<String, String> headers,
            Map<String, String> query) {
        public String bodyText() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    /** Every real (and documented hand-written) sample per source. */
    public static final Map<String, List<String>> SAMPLES = new LinkedHashMap<>();

    static {
        SAMPLES.put("inpost", List.of("inpost-shipx-webhook-shipment-confirmed.json",
                "inpost-shipx-webhook-shipment-status-changed.json",
                "inpost-shipx-webhook-shipment-confirmed-legacy-2018.json"));
        SAMPLES.put("ups", List.of("ups-track-alert-tracking-event-out-for-delivery.json"));
        SAMPLES.put("fedex", List.of("fedex-aiv-tracking-event-delivered.json", "fedex-aiv-tracking-event-customs-delay.json"));
        SAMPLES.put("aftership", List.of("aftership-tracking-update-trimmed.json"));
        SAMPLES.put("17track", List.of("17track-webhook-tracking-updated.json"));
        SAMPLES.put("easypost", List.of("easypost-event-tracker-updated.json", "easypost-event-tracker-updated-guide.json"));
        SAMPLES.put("shippo", List.of("shippo-track-updated.json"));
        SAMPLES.put("karrio", List.of("karrio-tracker-updated.json"));
    }

    private SignedDeliveries() {
    }

    public static byte[] fixture(String name) {
        try (InputStream in = SignedDeliveries.class.getResourceAsStream("/fixtures/carriers/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static Delivery sample(String source, String fixture, Instant now) {
        return sign(source, fixture, fixture(fixture), now);
    }

    /** Signs any body for a source with the test account's secrets. */
    public static Delivery sign(String source, String fixture, byte[] body, Instant now) {
        Map<String, String> h = new LinkedHashMap<>();
        Map<String, String> q = new LinkedHashMap<>();
        h.put("Content-Type", "application/json");
        switch (source) {
            case "inpost" -> q.put("token", "tok-inpost");
            case "ups" -> h.put("Authorization", "Bearer ups-secret");
            case "fedex" -> h.put("fdx-signature", Signatures.base64(Signatures.hmacSha256("fedex-secret", body)));
            case "aftership" -> h.put("aftership-hmac-sha256",
                    Signatures.base64(Signatures.hmacSha256("aftership-secret", body)));
            case "17track" -> h.put("sign", Signatures.hex(Signatures.sha256(body,
                    "/17track-api-key".getBytes(StandardCharsets.UTF_8))));
            case "easypost" -> h.put("X-Hmac-Signature", "hmac-sha256-hex=" + Signatures.hex(
                    Signatures.hmacSha256(Normalizer.normalize("sécret", Normalizer.Form.NFKD), body)));
            case "shippo" -> q.put("token", "tok-shippo");
            case "karrio" -> h.put("X-Event-Id", "whsec_karrio");
            case "generic" -> {
                String ts = Long.toString(now.getEpochSecond());
                h.put("X-TrackBridge-Timestamp", ts);
                h.put("X-TrackBridge-Signature", "v1=" + Signatures.hex(Signatures.hmacSha256("generic-secret",
                        (ts + ".").getBytes(StandardCharsets.UTF_8), body)));
            }
            default -> throw new IllegalArgumentException(source);
        }
        return new Delivery(source, fixture, body, h, q);
    }

    /** A generic-format body with one event. */
    public static byte[] genericEvent(String eventId, String waybill, String status, String occurredAt) {
        return ("{\"events\":[{\"eventId\":\"" + eventId + "\",\"carrierId\":\"DPD\",\"waybill\":\"" + waybill
                + "\",\"status\":\"" + status + "\",\"occurredAt\":\"" + occurredAt
                + "\",\"location\":{\"city\":\"Poznań\",\"postalCode\":\"60-001\",\"country\":\"PL\"}}]}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
