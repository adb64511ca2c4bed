package pl.trackbridge.carrier.aftership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.SAMPLE;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.bytes;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.fixture;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.fixtureTree;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.mutations;
import static pl.trackbridge.carrier.aftership.AftershipTestSupport.request;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRejectedException.Problem;

/** Bad input becomes MALFORMED (400), an unknown status becomes UNKNOWN, nothing else escapes. */
class AftershipBadInputTest {
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
        int accepted = 0;
        int rejected = 0;
        List<byte[]> variants = mutations(fixtureTree(SAMPLE));
        for (byte[] variant : variants) {
            try {
                for (CanonicalEvent e : source.normalise(request(variant))) {
                    assertEquals("aftership", e.source());
                    assertNotNull(e.waybill());
                    assertFalse(e.dedupeKey().isBlank());
                }
                accepted++;
            } catch (WebhookRejectedException e) {
                assertEquals(Problem.MALFORMED, e.problem(), e.getMessage());
                // Every case is handled on purpose, not by the adapter's last-resort RuntimeException net.
                assertFalse(e.getMessage().contains("could not be read"), e.getMessage());
                rejected++;
            } catch (RuntimeException e) {
                fail("escaped for " + new String(variant, StandardCharsets.UTF_8), e);
            }
        }
        assertTrue(variants.size() > 100, "mutations: " + variants.size());
        assertTrue(accepted > 0 && rejected > 0, "accepted " + accepted + ", rejected " + rejected);
    }

    private WebhookRejectedException assertMalformed(byte[] body) {
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, () -> source.normalise(request(body)),
                () -> new String(body, StandardCharsets.UTF_8));
        assertEquals(Problem.MALFORMED, e.problem());
        assertEquals(400, e.problem().httpStatus());
        return e;
    }
}
