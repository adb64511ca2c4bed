package pl.trackbridge.poller;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The tracking-poller job's summary (the function's result and log line). */
public final class PollSummary {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PollSummary() {
    }

    public static ObjectNode json(PollReport r) {
        ObjectNode out = JSON.createObjectNode();
        out.put("job", "tracking-poller");
        out.put("due", r.due);
        out.put("polled", r.polled);
        out.put("calls", r.calls);
        out.put("eventsAdded", r.eventsAdded);
        out.put("alreadyKnown", r.alreadyKnown);
        out.put("terminalsConfirmed", r.terminalsConfirmed);
        out.put("stoppedMaxAge", r.stoppedMaxAge);
        out.put("stoppedCarrierRefused", r.stoppedCarrierRefused);
        out.put("skippedClaimed", r.skippedClaimed);
        out.put("skippedNotConnected", r.skippedNotConnected);
        r.refusedCarriers.forEach(out.putArray("refusedCarriers")::add);
        r.errors.forEach(out.putArray("errors")::add);
        return out;
    }
}
