package pl.trackbridge.carrier.karrio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.testsupport.JsonMutations;
import pl.trackbridge.testsupport.Rejections;
import pl.trackbridge.testsupport.Rejections.Tally;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.WebhookRejectedException;

class KarrioBadInputTest {
    private final KarrioWebhookSource source = new KarrioWebhookSource();

    private static final String ONE_EVENT = """
            {"event": "tracker_updated", "data": {"id": "trk_b", "tracking_number": "1Z1", "carrier_name": "ups",
             "status": "in_transit", "events": [{%s, "code": "AR", "status": "%s", "description": "d", "location": "L"}]}}""";

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\": \"tracker_updated\", \"data\": {",                          // truncated JSON
            "<xml/>",
            "",
            "[{\"event\": \"tracker_updated\", \"data\": {}}]",                     // a JSON array
            "42",
            "{\"data\": {\"tracking_number\": \"1Z\"}}",                            // no event
            "{\"event\": [\"tracker_updated\"], \"data\": {\"tracking_number\": \"1Z\"}}",
            "{\"event\": \"tracker_updated\"}",                                     // no data
            "{\"event\": \"tracker_updated\", \"data\": \"trk_1\"}",
            "{\"event\": \"tracker_updated\", \"data\": {\"id\": \"trk_1\", \"status\": \"delivered\"}}",   // no tracking number
            "{\"event\": \"tracker_updated\", \"data\": {\"tracking_number\": \"\"}}",
            "{\"event\": \"tracker_updated\", \"data\": {\"tracking_number\": [\"1Z\"]}}",
            "{\"event\": \"tracker_created\", \"data\": {\"tracking_number\": null}}",
            "{\"event\": \"tracker_updated\", \"data\": {\"tracking_number\": \"1Z\", \"events\": {}}}",
            "{\"event\": \"tracker_updated\", \"data\": {\"tracking_number\": \"1Z\", \"events\": [null]}}",
            "{\"event\": \"tracker_updated\", \"data\": {\"tracking_number\": \"1Z\", \"events\": [{\"code\": \"X\"}]}}",
    })
    void malformedBodiesAreRejectedAsMalformed(String body) {
        assertMalformed(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "\"timestamp\": \"last tuesday\"",
            "\"timestamp\": \"2026-02-30T10:00:00Z\"",
            "\"date\": \"12/03/2026\", \"time\": \"10:00 AM\"",
            "\"date\": \"2026-03-12\", \"time\": \"25:61\"",
            "\"date\": \"2026-03-12\", \"time\": \"noonish\"",
            "\"time\": \"10:00 AM\"",
    })
    void unreadableTimeIsMalformed(String timeFields) {
        WebhookRejectedException e = assertMalformed(ONE_EVENT.formatted(timeFields, "in_transit"));
        assertTrue(e.getMessage().contains("data.events[0]"), e.getMessage());
    }

    @ParameterizedTest(name = "{0} / {1} -> {2}")
    @CsvSource(delimiter = '|', textBlock = """
            2026-03-12 | 03:41 PM | 2026-03-12T14:41:00Z
            2026-03-12 | 3:41 pm  | 2026-03-12T14:41:00Z
            2026-03-12 | 15:41    | 2026-03-12T14:41:00Z
            2026-03-12 | 15:41:30 | 2026-03-12T14:41:30Z
            2026-07-01 | 08:00 AM | 2026-07-01T06:00:00Z
            """)
    void dateAndTimeAreWarsawLocal(String date, String time, String expected) {
        String fields = "\"date\": \"" + date + "\", \"time\": \"" + time + "\"";
        CanonicalEvent e = source.normalise(KarrioRequests.unsigned(ONE_EVENT.formatted(fields, "in_transit"))).get(0);
        assertEquals(Instant.parse(expected), e.occurredAt());
    }

    @Test
    void aDateWithoutTimeIsStartOfDayNotARejection() {
        CanonicalEvent e = source.normalise(KarrioRequests.unsigned(
                ONE_EVENT.formatted("\"date\": \"2026-03-12\"", "in_transit"))).get(0);
        assertEquals(Instant.parse("2026-03-11T23:00:00Z"), e.occurredAt());
    }

    @Test
    void unknownStatusIsKeptAsUnknownNotRejected() {
        List<CanonicalEvent> events = source.normalise(KarrioRequests.unsigned(
                ONE_EVENT.formatted("\"timestamp\": \"2026-03-12T10:00:00Z\"", "teleported")));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals("teleported", e.rawStatus());
        assertEquals("AR", e.rawCode());
        assertEquals("1Z1", e.waybill());
    }

    @Test
    void unknownCarrierNameIsOther() {
        String body = ONE_EVENT.formatted("\"timestamp\": \"2026-03-12T10:00:00Z\"", "in_transit")
                .replace("\"carrier_name\": \"ups\"", "\"carrier_name\": \"some_new_connector\"");
        assertEquals("OTHER", source.normalise(KarrioRequests.unsigned(body)).get(0).carrierId());
    }

    @Test
    void noMutationOfTheFixtureEscapesAsAnythingButMalformed() {
        Tally t = readOrMalformed(KarrioRequests.FIXTURE, JsonMutations.of(KarrioRequests.fixture()),
                // The catch-all is a safety net, not the plan: every shape problem should have its own message.
                m -> source.normalise(KarrioRequests.request(m.body(), Map.of())),
                message -> message.startsWith("unreadable Karrio delivery"));
        assertTrue(t.variants() > 500, "mutations: " + t.variants());
        assertTrue(t.both(), t.toString());
    }

    private WebhookRejectedException assertMalformed(String body) {
        return Rejections.assertMalformed(() -> source.normalise(KarrioRequests.unsigned(body)));
    }
}
