package pl.trackbridge.carrier.shippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.SAMPLE;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.bytes;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.fixture;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.fixtureTree;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.mutations;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.request;

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
class ShippoBadInputTest {
    private final ShippoWebhookSource source = new ShippoWebhookSource();

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "not json", "[]", "[{\"event\":\"track_updated\"}]", "1", "null", "{}",
            "{\"data\": {}}", "{\"event\": \"track_updated\"}", "{\"event\": \"track_updated\", \"data\": null}",
            "{\"event\": \"track_updated\", \"data\": \"x\"}", "{\"event\": \"track_updated\", \"data\": []}"})
    void notAShippoBodyIsMalformed(String body) {
        assertMalformed(body.getBytes(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"transaction_created", "transaction_updated", "batch_created", "batch_purchased"})
    void otherEventsAreValidWithNothingToStore(String event) {
        ObjectNode body = fixtureTree(SAMPLE);
        body.put("event", event);
        assertEquals(List.of(), source.normalise(request(bytes(body))));
    }

    @Test
    void missingTrackingNumberIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data")).remove("tracking_number");
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.fields().containsKey("data.tracking_number"), e.fields().toString());
    }

    @ParameterizedTest
    @ValueSource(strings = {"string", "2016-07-32T00:00:00Z", "July 23, 2016", "1469232000"})
    void unreadableStatusDateOnAHistoryEntryIsMalformed(String date) {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data").get("tracking_history").get(0)).put("status_date", date);
        WebhookRejectedException e = assertMalformed(bytes(body));
        assertTrue(e.fields().containsKey("data.tracking_history[0].status_date"), e.fields().toString());
    }

    @Test
    void unreadableStatusDateOnTheCurrentStatusIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data").get("tracking_status")).put("status_date", "string");
        assertMalformed(bytes(body));
    }

    @Test
    void entryWithNoDateAtAllIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ObjectNode s = (ObjectNode) body.get("data").get("tracking_history").get(0);
        s.remove("status_date");
        s.remove("object_created");
        assertMalformed(bytes(body));
    }

    @Test
    void historyThatIsNotAnArrayIsMalformed() {
        ObjectNode body = fixtureTree(SAMPLE);
        ((ObjectNode) body.get("data")).put("tracking_history", "string");
        assertMalformed(bytes(body));
    }

    @Test
    void placeholderStatusIsUnknownNotAnError() {
        ObjectNode body = fixtureTree(SAMPLE);
        for (String at : List.of("tracking_status", "tracking_history")) {
            ObjectNode s = (ObjectNode) (at.equals("tracking_status") ? body.get("data").get(at) : body.get("data").get(at).get(0));
            s.put("status", "string");
            ((ObjectNode) s.get("substatus")).put("code", "string");
        }

        List<CanonicalEvent> events = source.normalise(request(bytes(body)));
        assertEquals(1, events.size());
        assertEquals(EventKind.STATUS, events.get(0).kind());
        assertEquals(TrackingStatus.UNKNOWN, events.get(0).status());
        assertEquals("string", events.get(0).rawStatus());
        assertEquals("string", events.get(0).rawCode());
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
        int accepted = 0;
        int rejected = 0;
        List<byte[]> variants = mutations(fixtureTree(SAMPLE));
        for (byte[] variant : variants) {
            try {
                for (CanonicalEvent e : source.normalise(request(variant))) {
                    assertEquals("shippo", e.source());
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
        assertTrue(variants.size() > 300, "mutations: " + variants.size());
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
