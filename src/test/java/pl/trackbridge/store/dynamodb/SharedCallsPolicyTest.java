package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.testsupport.IamActionRecorder;
import pl.trackbridge.testsupport.TemplatePolicies;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Calls that several functions make through shared beans, held against each of those functions' policies
 * (a static audit of 2026-11-22 found three missing, each an AccessDenied in AWS that no local run shows): the shared
 * Allegro rate limiter (every function that calls Allegro, shipment registration included: it checks the carrier
 * against Allegro's list), the forwarder's read of the account's forwarding policy, and the alerts' orders-checked
 * cursor.
 */
class SharedCallsPolicyTest {
    static final TemplatePolicies POLICIES = new TemplatePolicies();
    /** The application's table names (application.properties): template.yaml's tables under their local names. */
    static final TableNames TABLES = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable",
            "WebhookInboxTable", "JobStateTable", "KpiTable");
    static EmbeddedAws aws;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    static Set<String> needed(Consumer<DynamoDbClient> calls) {
        return IamActionRecorder.during(aws, calls);
    }

    static void assertGranted(String function, Set<String> needed) {
        POLICIES.assertGranted(function, needed);
    }

    @Test
    void everyFunctionThatCallsAllegroMayUseTheSharedRateLimit() {
        Set<String> needed = needed(dynamo -> {
            DynamoDbRateLimiter limiter = new DynamoDbRateLimiter(dynamo, "JobStateTable", "client-1",
                    RateLimit.allegro(9000, 50), Clock.systemUTC(), Duration.ofSeconds(1));
            limiter.acquire(RateLimiter.APP);
            limiter.acquire(RateLimiter.SHIPMENTS);
            limiter.blocked(Duration.ofMillis(1)); // Allegro answered 429: the block is shared
        });
        assertTrue(needed.contains("dynamodb:UpdateItem on JobStateTable.Arn"), needed.toString());
        for (String function : List.of("ShipmentApiFunction", "OrderSyncFunction", "TrackingForwarderFunction",
                "SaleQualityFunction", "ReconciliationFunction", "TrackingPollerFunction")) {
            assertGranted(function, needed);
        }
    }

    @Test
    void theForwarderMayReadTheAccountsForwardingPolicy() {
        try (DynamoDbClient plain = aws.dynamoClient()) {
            new DynamoDbAccountStore(plain, TABLES).save(new Account("pol-acc", java.time.ZoneId.of("Europe/Warsaw"),
                    Map.of(), Map.of(), Map.of(), Instant.now(), Instant.now()));
        }
        Set<String> needed = needed(dynamo -> assertTrue(new DynamoDbAccountStore(dynamo, TABLES)
                .find("pol-acc").isPresent()));
        assertGranted("TrackingForwarderFunction", needed);
        assertGranted("ReconciliationFunction", needed); // it forwards too
    }

    @Test
    void thresholdAlertsMayAdvanceItsOrdersCheckedCursor() {
        Set<String> needed = needed(dynamo -> {
            DynamoDbAlertStore alerts = new DynamoDbAlertStore(dynamo, "AlertsTable");
            alerts.advanceOrdersChecked("pol-alerts", Instant.parse("2026-11-22T10:00:00Z"));
            alerts.advanceOrdersChecked("pol-alerts", Instant.parse("2026-11-22T09:00:00Z")); // behind: refused, kept
        });
        assertTrue(needed.contains("dynamodb:UpdateItem on AlertsTable.Arn"), needed.toString());
        assertGranted("ThresholdAlertsFunction", needed);
    }
}
