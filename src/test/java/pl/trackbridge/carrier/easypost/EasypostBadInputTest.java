package pl.trackbridge.carrier.easypost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.GUIDE;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.SAMPLE;
import static pl.trackbridge.carrier.easypost.EasypostTestSupport.request;
import static pl.trackbridge.testsupport.CarrierFixtures.bytes;
import static pl.trackbridge.testsupport.CarrierFixtures.fixture;
import static pl.trackbridge.testsupport.CarrierFixtures.fixtureTree;
import static pl.trackbridge.testsupport.Rejections.assertReadable;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.testsupport.JsonMutations;
import pl.trackbridge.testsupport.Rejections;
import pl.trackbridge.testsupport.Rejections.Tally;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.WebhookRejectedException;

/** Bad input becomes MALFORMED (400), an unknown status becomes UNKNOWN, nothing else escapes. */
class EasypostBadInputTest {
    /** The adapter's last-resort net: every case should be handled on purpose before it. */
    private static final Predicate<String> CATCH_ALL = message -> message.contains("could not be read");

    private final EasypostWebhookSource source = new EasypostWebhookSource();

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "[{\"description\":\"tracker.updated\"}]", "7", "null", "{}",
            "{\"description\": null}", "{\"object\": \"Tracker\", \"description\": \"tracker.updated\"}",
            "{\"description\": \"tracker.updated\"}", "{\"description\": \"tracker.updated\", \"result\": \"trk_1\"}",
            "{\"description\": \"tracker.updated\", \"result\": [1]}"})
    void notAnEasypostTrackerEventIsMalformed(String body) {
        assertMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"batch.created", "batch.updated", "shipment.invoice.created", "refund.successful"})
    void otherEventsAreValidWithNothingToStore(String description) {
        ObjectNode body = fixtureTree(SAMPLE);
        body.put("description", description);
        assertEquals(List.of(), source.normalise(request(bytes(body))));
    }

    @Test
    void missingTrackingCodeIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("result")).remove("tracking_code");
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.fields().containsKey("result.tracking_code"), e.fields().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2024-02-30T10:00:00Z", "31/07/2024 15:00", "1722438000"})
    void unreadableDatetimeIsMalformed(String datetime) {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("result").get("tracking_details").get(3)).put("datetime", datetime);
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.fields().containsKey("result.tracking_details[3].datetime"), e.fields().toString());
    }

    @Test
    void missingDatetimeIsMalformed() {
        ObjectNode body = fixtureTree(GUIDE);
        ((ObjectNode) body.get("result").get("tracking_details").get(0)).remove("datetime");
        assertMalformed(bytes(body));
    }

    @Test
    void trackingDetailsThatAreNotAnArrayAreMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("result")).put("tracking_details", "none");
        assertMalformed(bytes(body));
    }

    @Test
    void unknownStatusIsUnknownNotAnError() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode d = (ObjectNode) body.get("result").get("tracking_details").get(0);
        d.put("status", "teleported");
        d.put("status_detail", "beamed_up");

        CanonicalEvent e = source.normalise(request(bytes(body))).get(0);
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals("teleported", e.rawStatus());
        assertEquals("beamed_up", e.rawCode());
    }

    @Test
    void everyTruncationOfTheSampleIsMalformedNeverACrash() {
        byte[] body = fixture(SAMPLE);
        for (int n = 0; n < body.length - 1; n++) {
            assertMalformed(Arrays.copyOf(body, n));
        }
    }

    @Test
    void everyFieldMutationIsAcceptedOrMalformedNeverACrash() {
        for (String fixture : List.of(SAMPLE, GUIDE)) {
            Tally t = readOrMalformed(fixture, JsonMutations.of(fixtureTree(fixture)),
                    m -> source.normalise(request(m.body())).forEach(e -> assertReadable(e, "easypost")), CATCH_ALL);
            assertTrue(t.variants() > 500, fixture + " mutations: " + t.variants());
            assertTrue(t.both(), fixture + ": " + t);
        }
    }

    private WebhookRejectedException assertMalformed(byte[] body) {
        return Rejections.assertMalformed(() -> source.normalise(request(body)), null,
                () -> new String(body, StandardCharsets.UTF_8));
    }
}
