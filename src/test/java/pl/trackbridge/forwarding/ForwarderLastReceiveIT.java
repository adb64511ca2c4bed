package pl.trackbridge.forwarding;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged (native) executable: `./mvnw verify -Dnative`. */
@QuarkusIntegrationTest
public class ForwarderLastReceiveIT extends ForwarderLastReceiveTest {
}
