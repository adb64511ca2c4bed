package pl.trackbridge.local;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.nio.file.Path;
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

    private EmbeddedAws aws;

    void start(@Observes @Priority(1) StartupEvent ignored) {
        if (!embedded) {
            return;
        }
        aws = EmbeddedAws.start(dynamoPort, sqsPort, Path.of(template));
        LOG.infof("Local runtime: DynamoDB Local at %s, ElasticMQ at %s, tables and queues from %s",
                aws.dynamoEndpoint(), aws.sqsEndpoint(), template);
    }

    void stop(@Observes ShutdownEvent ignored) {
        if (aws != null) {
            aws.close();
        }
    }
}
