package pl.trackbridge.carrier;

import java.util.List;
import pl.trackbridge.carrier.generic.GenericWebhookSource;
import pl.trackbridge.webhook.WebhookSource;

/** Every push source TrackBridge accepts (DESIGN §7). Adding a carrier means adding its adapter here. */
public final class WebhookSources {
    private WebhookSources() {
    }

    public static List<WebhookSource> all() {
        return List.of(
                new GenericWebhookSource());
    }
}
