package pl.trackbridge.carrier.shippo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.SAMPLE;
import static pl.trackbridge.carrier.shippo.ShippoTestSupport.request;
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
class ShippoBadInputTest {
    /** The adapter's last-resort net: every case should be handled on purpose before it. */
    private static final Predicate<String> CATCH_ALL = message -> message.contains("could not be read");

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
        Tally t = readOrMalformed(SAMPLE, JsonMutations.of(fixtureTree(SAMPLE)),
                m -> source.normalise(request(m.body())).forEach(e -> assertReadable(e, "shippo")), CATCH_ALL);
        assertTrue(t.variants() > 300, "mutations: " + t.variants());
        assertTrue(t.both(), t.toString());
    }

    private WebhookRejectedException assertMalformed(byte[] body) {
        return Rejections.assertMalformed(() -> source.normalise(request(body)), null,
                () -> new String(body, StandardCharsets.UTF_8));
    }
}
