package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.api.ApiRequest;
import pl.trackbridge.api.ApiResponse;
import pl.trackbridge.api.ApiRouter;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.carrier.WebhookSources;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.store.InMemoryTrackingStore;
import pl.trackbridge.store.ShipmentUpdate;
import pl.trackbridge.testsupport.SignedDeliveries;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import pl.trackbridge.webhook.WebhookIngestService;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * Webhook ingest cost, not a test: run with
 * {@code ./mvnw test -Dtest=WebhookIngestBenchmark -Dsurefire.failIfNoSpecifiedTests=false}.
 *
 * <p>In one JVM against one DynamoDB Local it measures (a) the full handler, from HTTP-shaped request to
 * stored event (routing, account read, signature check, parsing, normalisation, validation, state
 * derivation, the writes), and (b) the bare DynamoDB requests that same ingest must make, replayed directly
 * with the SDK: account GetItem, delivery-seen GetItem, shipment GetItem, event+shipment
 * TransactWriteItems, raw PutItem. Rounds
 * alternate so drift hits both alike. The ratio (a)/(b) is the DESIGN §6 target (at most 1.5).
 */
class WebhookIngestBenchmark {
    private static final int ROUNDS = 6;
    private static final int EVENTS_PER_ROUND = 1500;
    private static final String ACCOUNT = "bench";

    @Test
    void ingestCostAgainstBareDynamoDbWrites() {
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
                DynamoDbClient dynamo = aws.dynamoClient()) {
            TableNames tables = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable");
            DynamoDbTrackingStore store = new DynamoDbTrackingStore(dynamo, tables);
            DynamoDbAccountStore accounts = new DynamoDbAccountStore(dynamo, tables);
            Clock clock = Clock.systemUTC();
            // LABEL_CREATED events carry no handover, so the queue is never called (a scan would add one SQS send and
            // one UpdateItem per shipment, once); failing loudly if it were.
            WebhookIngestService ingest = new WebhookIngestService(WebhookSources.all(), accounts, store,
                    r -> { throw new AssertionError("unexpected enqueue"); }, clock);
            AccountService accountService = new AccountService(accounts, ingest.sourceNames(), clock);
            ApiRouter router = new ApiRouter(ingest, accountService, store, clock);
            accounts.save(new Account(ACCOUNT, AccountService.DEFAULT_ZONE,
                    Map.of("generic", Map.of("secret", "generic-secret")), Map.of(), Map.of(), Instant.now(), Instant.now()));

            // warm-up of both paths
            runHandler(router, "warm-h", 800);
            runBare(dynamo, tables, "warm-b", 800);

            long handlerNanos = 0;
            long bareNanos = 0;
            long duplicateNanos = 0;
            for (int round = 0; round < ROUNDS; round++) {
                handlerNanos += runHandler(router, "h" + round, EVENTS_PER_ROUND);
                bareNanos += runBare(dynamo, tables, "b" + round, EVENTS_PER_ROUND);
                duplicateNanos += runHandler(router, "h" + round, EVENTS_PER_ROUND); // same deliveries again
            }
            // The handler's own work alone: the same requests through the same code with in-memory stores.
            InMemoryAccountStore memAccounts = new InMemoryAccountStore();
            memAccounts.save(accounts.find(ACCOUNT).orElseThrow());
            WebhookIngestService memIngest = new WebhookIngestService(WebhookSources.all(), memAccounts,
                    new InMemoryTrackingStore(), r -> { throw new AssertionError("unexpected enqueue"); }, clock);
            ApiRouter memRouter = new ApiRouter(memIngest, new AccountService(memAccounts, memIngest.sourceNames(), clock),
                    new InMemoryTrackingStore(), clock);
            runHandler(memRouter, "warm-m", 5000);
            long ownNanos = 0;
            for (int round = 0; round < ROUNDS; round++) {
                ownNanos += runHandler(memRouter, "m" + round, EVENTS_PER_ROUND);
            }
            int n = ROUNDS * EVENTS_PER_ROUND;
            double ownUs = ownNanos / 1e3 / n;
            double handlerUs = handlerNanos / 1e3 / n;
            double bareUs = bareNanos / 1e3 / n;
            double dupUs = duplicateNanos / 1e3 / n;
            System.out.printf("%nWEBHOOK INGEST BENCHMARK (%d events, %d rounds, DynamoDB Local in-process, %s, %d cores)%n",
                    n, ROUNDS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.printf("  handler, new event     : %8.1f us/event  (%6.0f events/s)%n", handlerUs, 1e6 / handlerUs);
            System.out.printf("  bare DynamoDB requests : %8.1f us/event  (%6.0f events/s)%n", bareUs, 1e6 / bareUs);
            System.out.printf("  ratio handler / bare   : %8.2f  (target <= 1.50)%n", handlerUs / bareUs);
            System.out.printf("  handler, duplicate     : %8.1f us/event  (%.2f x bare)%n", dupUs, dupUs / bareUs);
            System.out.printf("  handler's own work     : %8.1f us/event  (in-memory stores; %.1f%% of the bare requests)%n%n",
                    ownUs, 100 * ownUs / bareUs);
            ShipmentRecord sample = store.shipment(ACCOUNT, "H0W0").orElseThrow();
            assertEquals(1, sample.eventCount(), "the first delivery stored one event, its redelivery none");
            assertEquals(TrackingStatus.LABEL_CREATED, sample.state().status());
        }
    }

    /** Full handler path: one signed generic webhook per event, each a new shipment. */
    private static long runHandler(ApiRouter router, String prefix, int count) {
        List<ApiRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String waybill = (prefix + "W" + i).toUpperCase();
            SignedDeliveries.Delivery d = SignedDeliveries.sign("generic", "bench",
                    SignedDeliveries.genericEvent(prefix + "-e" + i, waybill, "LABEL_CREATED", "2026-11-20T10:00:00Z"),
                    Instant.now());
            requests.add(new ApiRequest("POST", "/webhooks/generic/" + ACCOUNT, d.headers(), d.query(), d.body(), "127.0.0.1"));
        }
        long start = System.nanoTime();
        for (ApiRequest r : requests) {
            ApiResponse response = router.handle(r);
            if (response.status() != 200) {
                throw new AssertionError(response.bodyText());
            }
        }
        return System.nanoTime() - start;
    }

    /** The same DynamoDB requests, with the same item shapes, issued directly. */
    private static long runBare(DynamoDbClient dynamo, TableNames tables, String prefix, int count) {
        Instant now = Instant.now();
        // Items are built before the clock starts: only the requests themselves are timed.
        List<Map<String, AttributeValue>> raws = new ArrayList<>(count);
        List<Map<String, AttributeValue>> shipmentKeys = new ArrayList<>(count);
        List<Map<String, AttributeValue>> eventItems = new ArrayList<>(count);
        List<Map<String, AttributeValue>> shipmentItems = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String waybill = (prefix + "W" + i).toUpperCase();
            byte[] body = SignedDeliveries.genericEvent(prefix + "-e" + i, waybill, "LABEL_CREATED", "2026-11-20T10:00:00Z");
            CanonicalEvent e = EventBuilder.from("generic").sourceEventId(prefix + "-e" + i).dedupeKey(prefix + "-e" + i)
                    .carrierId("DPD").waybill(waybill).status(TrackingStatus.LABEL_CREATED)
                    .occurredAt(Instant.parse("2026-11-20T10:00:00Z")).build();
            String rawRef = ACCOUNT + "#generic#" + prefix + i;
            Map<String, AttributeValue> raw = new HashMap<>();
            raw.put("rawRef", AttributeValue.fromS(rawRef));
            raw.put("accountId", AttributeValue.fromS(ACCOUNT));
            raw.put("source", AttributeValue.fromS("generic"));
            raw.put("body", AttributeValue.fromB(SdkBytes.fromByteArray(body)));
            raw.put("headers", AttributeValue.fromM(Map.of("content-type", AttributeValue.fromS("application/json"))));
            raw.put("receivedAt", AttributeValue.fromS(now.toString()));
            raw.put("expiresAt", AttributeValue.fromN(Long.toString(now.getEpochSecond())));
            raws.add(raw);
            shipmentKeys.add(TrackingItems.shipmentKeyOf(ACCOUNT, waybill));
            eventItems.add(TrackingItems.eventItem(ACCOUNT, e, now, rawRef));
            shipmentItems.add(TrackingItems.shipmentItem(
                    ShipmentUpdate.apply(ShipmentRecord.empty(ACCOUNT, waybill, now), List.of(e), List::of, now)));
        }
        // nothing copied to an order's KPI item: a label changes none of the shipment's KPI inputs (a first scan,
        // collection, delivery or return would add the link read, and the orders' KPI items and the link check to the
        // transaction)
        Map<String, AttributeValue> accountKey = Map.of("accountId", AttributeValue.fromS(ACCOUNT));
        long start = System.nanoTime();
        for (int i = 0; i < count; i++) {
            Map<String, AttributeValue> raw = raws.get(i);
            Map<String, AttributeValue> shipmentKey = shipmentKeys.get(i);
            Map<String, AttributeValue> eventItem = eventItems.get(i);
            Map<String, AttributeValue> shipmentItem = shipmentItems.get(i);
            dynamo.getItem(b -> b.tableName(tables.accounts()).key(accountKey));
            dynamo.getItem(b -> b.tableName(tables.inbox()).key(Map.of("rawRef", raw.get("rawRef")))
                    .projectionExpression("rawRef").consistentRead(true));
            dynamo.getItem(b -> b.tableName(tables.shipments()).key(shipmentKey).consistentRead(true));
            dynamo.transactWriteItems(b -> b.transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName(tables.events()).item(eventItem)
                            .conditionExpression(DynamoDbTrackingStore.EVENT_IS_NEW).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName(tables.shipments()).item(shipmentItem)
                            .conditionExpression(DynamoDbTrackingStore.SHIPMENT_IS_NEW).build()).build()));
            try {
                dynamo.putItem(b -> b.tableName(tables.inbox()).item(raw).conditionExpression("attribute_not_exists(rawRef)"));
            } catch (ConditionalCheckFailedException ignored) {
                // not reached: fresh keys
            }
        }
        return System.nanoTime() - start;
    }
}
