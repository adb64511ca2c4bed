package pl.trackbridge.carrier;

import java.util.List;
import pl.trackbridge.carrier.aftership.AftershipWebhookSource;
import pl.trackbridge.carrier.easypost.EasypostWebhookSource;
import pl.trackbridge.carrier.fedex.FedexWebhookSource;
import pl.trackbridge.carrier.generic.GenericWebhookSource;
import pl.trackbridge.carrier.inpost.InpostWebhookSource;
import pl.trackbridge.carrier.karrio.KarrioWebhookSource;
import pl.trackbridge.carrier.seventeentrack.SeventeenTrackWebhookSource;
import pl.trackbridge.carrier.shippo.ShippoWebhookSource;
import pl.trackbridge.carrier.ups.UpsWebhookSource;
import pl.trackbridge.webhook.WebhookSource;

/** Every push source TrackBridge accepts (DESIGN §7). Adding a carrier means adding its adapter here. */
public final class WebhookSources {
    private WebhookSources() {
    }

    public static List<WebhookSource> all() {
        return List.of(
                new InpostWebhookSource(),
                new UpsWebhookSource(),
                new FedexWebhookSource(),
                new AftershipWebhookSource(),
                new SeventeenTrackWebhookSource(),
                new EasypostWebhookSource(),
                new ShippoWebhookSource(),
                new KarrioWebhookSource(),
                new GenericWebhookSource());
    }
}
