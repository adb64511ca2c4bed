package pl.trackbridge.carrier.aftership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.SAMPLE;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.request;
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
class AftershipBadInputTest {
    /** The adapter's last-resort net: every case should be handled on purpose before it. */
    private static final Predicate<String> CATCH_ALL = message -> message.contains("could not be read");

    private final AftershipWebhookSource source = new AftershipWebhookSource();

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "{", "not json", "[]", "[{\"msg\":{}}]", "42", "\"text\"", "null", "{}",
            "{\"msg\": null}", "{\"msg\": \"0000\"}", "{\"msg\": []}"})
    void notAnAftershipBodyIsMalformed(String body) {
        assertMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void missingTrackingNumberIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).remove("tracking_number");
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.fields().containsKey("msg.tracking_number"), e.fields().toString());
    }

    @Test
    void blankTrackingNumberIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).put("tracking_number", "  ");
        assertMalformed(bytes(body));
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2021-13-14T00:52:00", "2021-01-14", "14.01.2021 00:52", "1610585520"})
    void unreadableCheckpointTimeIsMalformed(String time) {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg").get("checkpoints").get(0)).put("checkpoint_time", time);
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.getMessage().contains("checkpoint_time"), e.getMessage());
    }

    @Test
    void missingCheckpointTimeIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg").get("checkpoints").get(0)).remove("checkpoint_time");
        assertMalformed(bytes(body));
    }

    @Test
    void nonNumericTsIsMalformedWhenItIsTheOnlyTime() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).remove("checkpoints");
        body.put("ts", "soon");
        assertMalformed(bytes(body));
    }

    @Test
    void checkpointsThatAreNotAnArrayAreMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("msg")).put("checkpoints", "none");
        assertMalformed(bytes(body));
    }

    @Test
    void unknownTagIsUnknownNotAnError() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode cp = (ObjectNode) body.get("msg").get("checkpoints").get(0);
        cp.put("tag", "Teleported");
        cp.put("subtag", "Teleported_042");

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(1, events.size());
        assertEquals(EventKind.STATUS, events.get(0).kind());
        assertEquals(TrackingStatus.UNKNOWN, events.get(0).status());
        assertEquals("Teleported", events.get(0).rawStatus());
        assertEquals("Teleported_042", events.get(0).rawCode());
    }

    @Test
    void everyTruncationOfTheSampleIsMalformedNeverACrash() {
        byte[] body = fixture(SAMPLE);
        for (int n = 0; n < body.length - 1; n++) {
            byte[] cut = Arrays.copyOf(body, n);
            // The last '}' is what makes it JSON: every proper prefix must be rejected as malformed.
            assertMalformed(cut);
        }
    }

    @Test
    void everyFieldMutationIsAcceptedOrMalformedNeverACrash() {
        Tally t = readOrMalformed(SAMPLE, JsonMutations.of(fixtureTree(SAMPLE)),
                m -> source.normalise(request(m.body())).forEach(e -> assertReadable(e, "aftership")), CATCH_ALL);
        assertTrue(t.variants() > 100, "mutations: " + t.variants());
        assertTrue(t.both(), t.toString());
    }

    private WebhookRejectedException assertMalformed(byte[] body) {
        return Rejections.assertMalformed(() -> source.normalise(request(body)), null,
                () -> new String(body, StandardCharsets.UTF_8));
    }
}
