package pl.trackbridge.local;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The local runtime's embedded AWS (profile {@code local}, see {@code ./run-local}): DynamoDB Local and
 * ElasticMQ start before anything else, on the fixed ports that {@code application.properties} points the
 * clients at. Off everywhere else, including tests, which start their own on free ports.
 */
@ApplicationScoped
public class LocalRuntime {
    private static final Logger LOG = Logger.getLogger(LocalRuntime.class);

    @ConfigProperty(name = "trackbridge.local.embedded", defaultValue = "false")
    boolean embedded;
    @ConfigProperty(name = "trackbridge.local.dynamodb-port", defaultValue = "8000")
    int dynamoPort;
    @ConfigProperty(name = "trackbridge.local.sqs-port", defaultValue = "9324")
    int sqsPort;
    @ConfigProperty(name = "trackbridge.local.template", defaultValue = "template.yaml")
    String template;

    @ConfigProperty(name = "trackbridge.local.allegro-port", defaultValue = "8089")
    int allegroPort;
    @ConfigProperty(name = "trackbridge.allegro.client-id", defaultValue = "trackbridge-local")
    String clientId;
    @ConfigProperty(name = "trackbridge.allegro.client-secret", defaultValue = "local-secret")
    String clientSecret;
    /** Looked up only after the embedded DynamoDB is up: its clients must not be built before. */
    @Inject
    Instance<AccountService> accounts;

    static final String DEMO_SELLER = "demo-seller";
    static final String DEMO_ACCOUNT = "demo";
    static final String DEMO_DPD_WAYBILL = "1000000123456U";

    private EmbeddedAws aws;
    private AllegroStandIn allegro;

    void start(@Observes @Priority(1) StartupEvent ignored) {
        if (!embedded) {
            return;
        }
        aws = EmbeddedAws.start(dynamoPort, sqsPort, Path.of(template));
        LOG.infof("Local runtime: DynamoDB Local at %s, ElasticMQ at %s, tables and queues from %s",
                aws.dynamoEndpoint(), aws.sqsEndpoint(), template);
        if (System.getenv("ALLEGRO_API_URL") == null) {
            startAllegroStandIn();
        } else {
            LOG.infof("Local runtime: Allegro at %s (ALLEGRO_API_URL)", System.getenv("ALLEGRO_API_URL"));
        }
    }

    /**
     * The stand-in Allegro with TrackBridge's application registered, a demo seller with a few orders, and
     * account {@code demo} connected to it, so {@code POST /jobs/order-sync} has something to sync at once.
     */
    private void startAllegroStandIn() {
        allegro = AllegroStandIn.start(allegroPort);
        allegro.registerClient(clientId, clientSecret);
        Instant now = Instant.now();
        for (int i = 1; i <= 5; i++) {
            Instant deadline = now.plus(Duration.ofHours(6L * i)).truncatedTo(ChronoUnit.HOURS);
            allegro.addOrder(DEMO_SELLER, OrderSpec.readyForProcessing().dispatch(deadline.minus(Duration.ofDays(1)), deadline)
                    .deliveryTime(deadline.plus(Duration.ofDays(1)), deadline.plus(Duration.ofDays(2))).smart(i % 2 == 1));
        }
        // Tracking poller and reconciliation demo: an overdue order whose waybill DPD's own integration put on
        // Allegro. POST /jobs/reconciliation adopts it; POST /jobs/tracking-poller then tracks it (DPD never pushes).
        Instant overdue = now.minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.HOURS);
        String late = allegro.addOrder(DEMO_SELLER, OrderSpec.readyForProcessing()
                .dispatch(overdue.minus(Duration.ofDays(1)), overdue));
        allegro.addForeignShipment(late, "DPD", DEMO_DPD_WAYBILL);
        allegro.setTracking("DPD", DEMO_DPD_WAYBILL, java.util.List.of(
                pl.trackbridge.local.allegro.TrackingStatus.of(overdue.minus(Duration.ofHours(3)), "PENDING"),
                pl.trackbridge.local.allegro.TrackingStatus.of(overdue.minus(Duration.ofHours(1)), "IN_TRANSIT"),
                pl.trackbridge.local.allegro.TrackingStatus.of(now.minus(Duration.ofHours(2)), "RELEASED_FOR_DELIVERY")));
        String refreshToken = allegro.issueRefreshToken(clientId, DEMO_SELLER);
        try {
            accounts.get().put(DEMO_ACCOUNT, new ObjectMapper().readTree(
                    "{\"timeZone\":\"Europe/Warsaw\",\"allegroRefreshToken\":\"" + refreshToken + "\"}"));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        LOG.infof("Local runtime: Allegro stand-in at %s with seller %s (6 orders, one overdue with DPD waybill %s added "
                + "on Allegro) connected to account '%s'", allegro.apiUrl(), DEMO_SELLER, DEMO_DPD_WAYBILL, DEMO_ACCOUNT);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (allegro != null) {
            allegro.close();
        }
        if (aws != null) {
            aws.close();
        }
    }
}
