package pl.trackbridge.carrier.seventeentrack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.trackbridge.testsupport.Rejections.readOrMalformed;

import java.time.Instant;
import java.util.List;
import java.util.Map;
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

class SeventeenTrackBadInputTest {
    private final SeventeenTrackWebhookSource source = new SeventeenTrackWebhookSource();

    private static final String ONE_EVENT = """
            {"event": "TRACKING_UPDATED", "data": {"number": "%s", "carrier": 100002, "track_info": {
              "latest_status": {"status": "%s", "sub_status": "%s"},
              "tracking": {"providers": [{"provider": {"key": 100002, "name": "UPS"}, "events": [
                {"time_utc": "%s", "description": "d", "location": "L", "stage": null, "sub_status": null}]}]}}}}
            """;

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"event\": \"TRACKING_UPDATED\", \"data\": ",                       // truncated JSON
            "not json at all",
            "",
            "[{\"event\": \"TRACKING_UPDATED\"}]",                                  // a JSON array
            "\"TRACKING_UPDATED\"",
            "{\"data\": {\"number\": \"1Z\"}}",                                     // no event
            "{\"event\": 7, \"data\": {\"number\": \"1Z\"}}",
            "{\"event\": \"TRACKING_UPDATED\"}",                                    // no data
            "{\"event\": \"TRACKING_UPDATED\", \"data\": [1]}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"carrier\": 100002}}",     // no tracking number
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"  \"}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": {\"x\": 1}}}",
            "{\"event\": \"TRACKING_STOPPED\", \"data\": {\"number\": null}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"1Z\", \"track_info\": \"x\"}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"1Z\", \"track_info\": {\"tracking\": {\"providers\": {}}}}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"1Z\", \"track_info\": {\"tracking\": {\"providers\": [7]}}}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"1Z\", \"track_info\": {\"tracking\": {\"providers\": [{\"events\": [\"x\"]}]}}}}",
            "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"1Z\", \"track_info\": {\"tracking\": {\"providers\": [{\"events\": [{\"description\": \"no time\"}]}]}}}}",
    })
    void malformedBodiesAreRejectedAsMalformed(String body) {
        assertMalformed(body);
    }

    @ParameterizedTest
    @ValueSource(strings = {"yesterday", "2022-13-45T25:61:00Z", "04/04/2022 16:35", "1649115322"})
    void unreadableTimeIsMalformed(String time) {
        WebhookRejectedException e = assertMalformed(ONE_EVENT.formatted("1Z1", "InTransit", "InTransit_Other", time));
        assertTrue(e.getMessage().contains("time_utc"), e.getMessage());
    }

    @Test
    void unknownStatusIsKeptAsUnknownNotRejected() {
        List<CanonicalEvent> events = source.normalise(SeventeenTrackRequests.unsigned(
                ONE_EVENT.formatted("1z 1", "Teleported", "Teleported_ToMars", "2026-01-02T03:04:05Z")));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals("Teleported", e.rawStatus());
        assertEquals("Teleported_ToMars", e.rawCode());
        assertEquals("1Z1", e.waybill());
        assertEquals("UPS", e.carrierId());
    }

    @Test
    void timeIsoIsUsedWhenTimeUtcIsAbsent() {
        String body = ONE_EVENT.formatted("1Z1", "Delivered", "Delivered_Other", "x")
                .replace("\"time_utc\": \"x\"", "\"time_utc\": null, \"time_iso\": \"2022-04-04T16:35:22-07:00\"");
        CanonicalEvent e = source.normalise(SeventeenTrackRequests.unsigned(body)).get(0);
        assertEquals(Instant.parse("2022-04-04T23:35:22Z"), e.occurredAt());
        assertEquals(TrackingStatus.DELIVERED, e.status());
    }

    @Test
    void unknownEventTypesAreIgnored() {
        assertEquals(List.of(), source.normalise(SeventeenTrackRequests.unsigned(
                "{\"event\": \"AWB_UPDATED\", \"data\": {\"number\": \"1Z\"}}")));
    }

    @Test
    void trackingStoppedIsOneInfoEventThatDedupesOnRedelivery() {
        String body = "{\"event\": \"TRACKING_STOPPED\", \"data\": {\"number\": \"1z2617v10397725789\", \"carrier\": 100002,"
                + " \"param\": null, \"tag\": \"\"}}";
        List<CanonicalEvent> first = source.normalise(SeventeenTrackRequests.unsigned(body));
        List<CanonicalEvent> again = source.normalise(SeventeenTrackRequests.unsigned(body));
        assertEquals(1, first.size());
        CanonicalEvent e = first.get(0);
        assertEquals(EventKind.INFO, e.kind());
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals("TRACKING_STOPPED", e.rawStatus());
        assertEquals("1Z2617V10397725789", e.waybill());
        assertEquals("UPS", e.carrierId());
        assertEquals(SeventeenTrackRequests.RECEIVED, e.occurredAt(), "no event time in the body: arrival time");
        assertEquals(e.dedupeKey(), again.get(0).dedupeKey());
    }

    @Test
    void notFoundWithoutScansIsOneUnknownStatusEvent() {
        String body = "{\"event\": \"TRACKING_UPDATED\", \"data\": {\"number\": \"PL000\", \"carrier\": 0, \"track_info\": {"
                + "\"latest_status\": {\"status\": \"NotFound\", \"sub_status\": \"NotFound_InvalidCode\"},"
                + "\"latest_event\": null, \"tracking\": {\"providers_hash\": 0, \"providers\": []}}}}";
        List<CanonicalEvent> events = source.normalise(SeventeenTrackRequests.unsigned(body));
        assertEquals(1, events.size());
        CanonicalEvent e = events.get(0);
        assertEquals(TrackingStatus.UNKNOWN, e.status());
        assertEquals(EventKind.STATUS, e.kind());
        assertEquals("NotFound_InvalidCode", e.rawCode());
        assertEquals("PL000|-|NotFound_InvalidCode", e.dedupeKey());
        assertNull(e.rawDescription());
        assertEquals(SeventeenTrackRequests.RECEIVED, e.occurredAt());
    }

    /**
     * Every node of the real sample replaced, one at a time, by null / wrong-typed / empty values: the adapter
     * either reads it or answers MALFORMED — never another exception.
     */
    @Test
    void noMutationOfTheSampleEscapesAsAnythingButMalformed() {
        Tally t = readOrMalformed(SeventeenTrackRequests.FIXTURE, JsonMutations.of(SeventeenTrackRequests.fixture()),
                // The catch-all is a safety net, not the plan: every shape problem should have its own message.
                m -> source.normalise(SeventeenTrackRequests.request(m.body(), Map.of())),
                message -> message.startsWith("unreadable 17TRACK delivery"));
        assertTrue(t.variants() > 1000, "mutations: " + t.variants());
        assertTrue(t.both(), t.toString());
    }

    private WebhookRejectedException assertMalformed(String body) {
        return Rejections.assertMalformed(() -> source.normalise(SeventeenTrackRequests.unsigned(body)));
    }
}
