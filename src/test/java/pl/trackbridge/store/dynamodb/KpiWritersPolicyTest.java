package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.poller.PollPolicy;
import pl.trackbridge.testsupport.IamActionRecorder;
import pl.trackbridge.testsupport.TemplatePolicies;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The writers that copy KPI inputs (each in its own function) call only what their function's policy in
 * template.yaml grants: every request they make against DynamoDB Local is recorded with the IAM action it needs
 * ({@link IamActionRecorder}) and held against the template. The stores are built as the application builds them
 * (config.Beans, config.AllegroBeans): a missing grant is an AccessDenied in AWS that no local run would show.
 */
class KpiWritersPolicyTest {
    static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    static final TemplatePolicies POLICIES = new TemplatePolicies();
    static EmbeddedAws aws;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
    }

    @AfterAll
    static void stop() {
        aws.close();
    }

    static TableNames tables() {
        return new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable",
                "JobStateTable", "KpiTable");
    }

    /** Runs {@code calls} through a recording client and checks them against {@code function}'s policy. */
    static Set<String> assertGranted(String function, java.util.function.Consumer<DynamoDbClient> calls) {
        Set<String> needed = IamActionRecorder.during(aws, calls);
        POLICIES.assertGranted(function, needed);
        return needed;
    }

    static Order order(String account, String orderId, Instant fetched) {
        return new Order(account, orderId, NOW.minusSeconds(86_400), NOW.plusSeconds(3_600), null, NOW.plusSeconds(172_800),
                false, "READY_FOR_PROCESSING", "NEW", "r1", List.of(), null, null, NOW.minusSeconds(86_400), fetched);
    }

    static Registration registration(String account, String orderId, String waybill) {
        return new Registration(account, orderId, waybill, "DPD", null, List.of(), null, null, NOW, null, true);
    }

    @Test
    void orderSyncCopiesTheOrdersFieldsWithItsGrants() {
        Set<String> needed = assertGranted("OrderSyncFunction", dynamo -> {
            DynamoDbOrderStore orders = new DynamoDbOrderStore(dynamo, "OrdersTable", "KpiTable");
            assertTrue(orders.upsert(order("pol-sync", "o1", NOW)));
            orders.upsert(order("pol-sync", "o1", NOW.plusSeconds(60))); // a later read of the same order
        });
        assertTrue(needed.contains("dynamodb:UpdateItem on KpiTable.Arn"), "the copy to the KPI item: " + needed);
    }

    @Test
    void shipmentRegistrationCopiesTheWaybillWithItsGrants() {
        Set<String> needed = assertGranted("ShipmentApiFunction", dynamo -> new DynamoDbRegistrationStore(dynamo,
                "ForwardsTable", "KpiTable").createIfAbsent(registration("pol-api", "o1", "WAPI1")));
        assertTrue(needed.contains("dynamodb:UpdateItem on KpiTable.Arn"), "the copy and the link: " + needed);
    }

    @Test
    void theForwarderCopiesAcceptanceAndSentWithItsGrants() {
        try (DynamoDbClient plain = aws.dynamoClient()) {
            new DynamoDbRegistrationStore(plain, "ForwardsTable", "KpiTable").createIfAbsent(registration("pol-fwd", "o1", "WFWD1"));
        }
        Set<String> needed = assertGranted("TrackingForwarderFunction", dynamo -> {
            DynamoDbRegistrationStore registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable", "KpiTable");
            ForwardState claimed = registrations.claim("pol-fwd", "WFWD1", "o1", "h1", NOW, NOW.plusSeconds(60)).orElseThrow().state();
            registrations.record("pol-fwd", "WFWD1", "o1", "h1",
                    claimed.withWaybill("ACCEPTED", "s-1", NOW).withSent("DONE", NOW.plusSeconds(5)), List.of());
        });
        assertTrue(needed.contains("dynamodb:UpdateItem on KpiTable.Arn"), "the copy: " + needed);
    }

    @Test
    void reconciliationAdoptsWithItsGrants() {
        Set<String> needed = assertGranted("ReconciliationFunction", dynamo -> assertTrue(new DynamoDbRegistrationStore(
                dynamo, "ForwardsTable", "KpiTable").adopt(registration("pol-rec", "o1", "WREC1"), "s-1", NOW, NOW)));
        assertTrue(needed.contains("dynamodb:UpdateItem on KpiTable.Arn"), "the copy and the link: " + needed);
    }

    @Test
    void aTrackingAppendCopiesFirstScansWithTheGrantsOfBothAppenders() {
        try (DynamoDbClient plain = aws.dynamoClient()) {
            DynamoDbRegistrationStore registrations = new DynamoDbRegistrationStore(plain, "ForwardsTable", "KpiTable");
            registrations.createIfAbsent(registration("pol-trk", "o1", "WTRK1"));
            registrations.createIfAbsent(registration("pol-trk", "o2", "WTRK1"));
        }
        for (String function : List.of("CarrierWebhookFunction", "TrackingPollerFunction")) {
            Set<String> needed = assertGranted(function, dynamo -> {
                DynamoDbTrackingStore tracking = new DynamoDbTrackingStore(dynamo, tables(),
                        new DynamoDbPollSchedule(dynamo, "PollScheduleTable", "JobStateTable", PollPolicy.defaults()));
                String key = function.substring(0, 3);
                tracking.append("pol-trk", "WTRK1", List.of(EventBuilder.from("generic").dedupeKey(key + "c").carrierId("DPD")
                        .waybill("WTRK1").status(TrackingStatus.COLLECTED).occurredAt(NOW.plusSeconds(function.startsWith("Carrier") ? 50 : 10)).build()), // each moves the first scan
                        null, NOW);
                // a waybill no order is registered for: no link, nothing copied
                tracking.append("pol-trk", "WTRK9" + key, List.of(EventBuilder.from("generic").dedupeKey(key + "x").carrierId("DPD")
                        .waybill("WTRK9" + key).status(TrackingStatus.COLLECTED).occurredAt(NOW).build()), null, NOW);
            });
            assertTrue(needed.containsAll(List.of("dynamodb:GetItem on KpiTable.Arn", "dynamodb:ConditionCheckItem on KpiTable.Arn")),
                    function + " read the link and checked it: " + needed);
        }
    }
}
