package pl.trackbridge.testsupport;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;
import pl.trackbridge.local.allegro.AllegroStandIn;

/**
 * The Allegro stand-in for a test run, on a free port, with TrackBridge's application registered. Tests
 * reach it through {@link #standIn()} (the resource runs in the test's JVM in JVM and native runs alike).
 */
public class AllegroStandInResource implements QuarkusTestResourceLifecycleManager {
    public static final String CLIENT_ID = "trackbridge-test";
    public static final String CLIENT_SECRET = "test-secret";
    private static volatile AllegroStandIn standIn;

    public static AllegroStandIn standIn() {
        return standIn;
    }

    @Override
    public Map<String, String> start() {
        standIn = AllegroStandIn.start(0);
        standIn.registerClient(CLIENT_ID, CLIENT_SECRET);
        return Map.of(
                "trackbridge.allegro.api-url", standIn.apiUrl(),
                "trackbridge.allegro.auth-url", standIn.authUrl(),
                "trackbridge.allegro.client-id", CLIENT_ID,
                "trackbridge.allegro.client-secret", CLIENT_SECRET);
    }

    @Override
    public void stop() {
        if (standIn != null) {
            standIn.close();
        }
    }
}
