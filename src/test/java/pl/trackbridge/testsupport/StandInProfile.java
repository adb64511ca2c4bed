package pl.trackbridge.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.List;

/**
 * A test profile whose application gets its own embedded AWS (DynamoDB Local, ElasticMQ) and Allegro stand-in:
 * subclasses add only their configuration overrides.
 */
public abstract class StandInProfile implements QuarkusTestProfile {
    @Override
    public List<TestResourceEntry> testResources() {
        return List.of(new TestResourceEntry(LocalAwsResource.class), new TestResourceEntry(AllegroStandInResource.class));
    }
}
