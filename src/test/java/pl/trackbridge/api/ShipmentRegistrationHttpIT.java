package pl.trackbridge.api;

import io.quarkus.test.junit.QuarkusIntegrationTest;

/** The same checks against the packaged (native) executable: `./mvnw verify -Dnative`. */
@QuarkusIntegrationTest
public class ShipmentRegistrationHttpIT extends ShipmentRegistrationHttpTest {
}
