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
    private static final int SCANS_PER_ROUND = 500;
    private static final String SCAN_AT = "2026-11-20T10:00:00Z";
    private static final TrackingStatus LABEL = TrackingStatus.LABEL_CREATED;
    private static final TrackingStatus SCAN = TrackingStatus.COLLECTED;

    /** Each waybill {@code prefix}W{i} registered for order O-{waybill}, as shipment-api does before the scans. */
    private static void registerAll(DynamoDbRegistrationStore registrations, String prefix, int count) {
        for (int i = 0; i < count; i++) {
            String waybill = (prefix + "W" + i).toUpperCase();
            registrations.createIfAbsent(new pl.trackbridge.forwarding.Registration(ACCOUNT, "O-" + waybill, waybill,
                    "DPD", null, List.of(), null, null, Instant.parse("2026-11-20T08:00:00Z"), null, true));
        }
    }

    @Test
    void ingestCostAgainstBareDynamoDbWrites() {
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
                DynamoDbClient dynamo = aws.dynamoClient()) {
            TableNames tables;
            tables = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable",
                    "JobStateTable", OrderKpiItem.DEFAULT_TABLE);
            DynamoDbTrackingStore store = new DynamoDbTrackingStore(dynamo, tables);
            DynamoDbRegistrationStore registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable",
                    OrderKpiItem.DEFAULT_TABLE);
            DynamoDbAccountStore accounts = new DynamoDbAccountStore(dynamo, tables);
            Clock clock = Clock.systemUTC();
            // A label never reaches the queue; a first scan enqueues the handover once (SQS is not DynamoDB: the send
            // is counted, not timed, on either side; the shipment's UpdateItem that follows it is timed on both).
            java.util.concurrent.atomic.AtomicInteger enqueued = new java.util.concurrent.atomic.AtomicInteger();
            WebhookIngestService ingest = new WebhookIngestService(WebhookSources.all(), accounts, store,
                    r -> enqueued.incrementAndGet(), clock);
            AccountService accountService = new AccountService(accounts, ingest.sourceNames(), clock);
            ApiRouter router = new ApiRouter(ingest, accountService, store, clock);
            accounts.save(new Account(ACCOUNT, AccountService.DEFAULT_ZONE,
                    Map.of("generic", Map.of("secret", "generic-secret")), Map.of(), Map.of(), Instant.now(), Instant.now()));

            // warm-up of both paths
            runHandler(router, "warm-h", 800, LABEL);
            runBare(dynamo, tables, "warm-b", 800, LABEL);
            registerAll(registrations, "warm-hs", 400);
            registerAll(registrations, "warm-bs", 400);
            runHandler(router, "warm-hs", 400, SCAN);
            runBare(dynamo, tables, "warm-bs", 400, SCAN);

            long handlerNanos = 0;
            long bareNanos = 0;
            long duplicateNanos = 0;
            long scanHandlerNanos = 0;
            long scanBareNanos = 0;
            for (int round = 0; round < ROUNDS; round++) {
                handlerNanos += runHandler(router, "h" + round, EVENTS_PER_ROUND, LABEL);
                bareNanos += runBare(dynamo, tables, "b" + round, EVENTS_PER_ROUND, LABEL);
                duplicateNanos += runHandler(router, "h" + round, EVENTS_PER_ROUND, LABEL); // same deliveries again
                registerAll(registrations, "hs" + round, SCANS_PER_ROUND);
                registerAll(registrations, "bs" + round, SCANS_PER_ROUND);
                scanHandlerNanos += runHandler(router, "hs" + round, SCANS_PER_ROUND, SCAN);
                scanBareNanos += runBare(dynamo, tables, "bs" + round, SCANS_PER_ROUND, SCAN);
            }
            assertEquals(400 + ROUNDS * SCANS_PER_ROUND, enqueued.get(), "each first scan enqueued its handover once");
            // The handler's own work alone: the same requests through the same code with in-memory stores.
            InMemoryAccountStore memAccounts = new InMemoryAccountStore();
            memAccounts.save(accounts.find(ACCOUNT).orElseThrow());
            WebhookIngestService memIngest = new WebhookIngestService(WebhookSources.all(), memAccounts,
                    new InMemoryTrackingStore(), r -> { throw new AssertionError("unexpected enqueue"); }, clock);
            ApiRouter memRouter = new ApiRouter(memIngest, new AccountService(memAccounts, memIngest.sourceNames(), clock),
                    new InMemoryTrackingStore(), clock);
            runHandler(memRouter, "warm-m", 5000, LABEL);
            long ownNanos = 0;
            for (int round = 0; round < ROUNDS; round++) {
                ownNanos += runHandler(memRouter, "m" + round, EVENTS_PER_ROUND, LABEL);
            }
            int n = ROUNDS * EVENTS_PER_ROUND;
            double ownUs = ownNanos / 1e3 / n;
            double handlerUs = handlerNanos / 1e3 / n;
            double bareUs = bareNanos / 1e3 / n;
            double dupUs = duplicateNanos / 1e3 / n;
            double scanHandlerUs = scanHandlerNanos / 1e3 / (ROUNDS * SCANS_PER_ROUND);
            double scanBareUs = scanBareNanos / 1e3 / (ROUNDS * SCANS_PER_ROUND);
            System.out.printf("%nWEBHOOK INGEST BENCHMARK (%d events, %d rounds, DynamoDB Local in-process, %s, %d cores)%n",
                    n, ROUNDS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
            System.out.printf("  handler, new event     : %8.1f us/event  (%6.0f events/s)%n", handlerUs, 1e6 / handlerUs);
            System.out.printf("  bare DynamoDB requests : %8.1f us/event  (%6.0f events/s)%n", bareUs, 1e6 / bareUs);
            System.out.printf("  ratio handler / bare   : %8.2f  (target <= 1.50)%n", handlerUs / bareUs);
            System.out.printf("  handler, duplicate     : %8.1f us/event  (%.2f x bare)%n", dupUs, dupUs / bareUs);
            System.out.printf("  FIRST SCAN of a waybill registered for an order (%d events): copies the scan to the order's KPI item%n",
                    ROUNDS * SCANS_PER_ROUND);
            System.out.printf("    handler              : %8.1f us/event  (%6.0f events/s)%n", scanHandlerUs, 1e6 / scanHandlerUs);
            System.out.printf("    bare DynamoDB requests: %7.1f us/event  (link GetItem, 6-item transaction, handover UpdateItem)%n", scanBareUs);
            System.out.printf("    ratio handler / bare : %8.2f  (target <= 1.50)%n", scanHandlerUs / scanBareUs);
            System.out.printf("  handler's own work     : %8.1f us/event  (in-memory stores; %.1f%% of the bare requests)%n%n",
                    ownUs, 100 * ownUs / bareUs);
            ShipmentRecord sample = store.shipment(ACCOUNT, "H0W0").orElseThrow();
            assertEquals(1, sample.eventCount(), "the first delivery stored one event, its redelivery none");
            assertEquals(TrackingStatus.LABEL_CREATED, sample.state().status());
            // the first scan's path really copied: the order's KPI item has the shipment's first scan, on both sides
            for (String waybill : List.of("HS0W0", "BS0W0")) {
                Map<String, AttributeValue> kpi = dynamo.getItem(b -> b.tableName(OrderKpiItem.DEFAULT_TABLE)
                        .key(OrderKpiItem.key(ACCOUNT, "O-" + waybill)).consistentRead(true)).item();
                assertEquals(SCAN_AT, Attr.str(kpi, OrderKpiItem.field(waybill, "firstScanAt")), waybill);
            }
        }
    }

    /** Full handler path: one signed generic webhook per event, each a new shipment. */
    private static long runHandler(ApiRouter router, String prefix, int count, TrackingStatus status) {
        List<ApiRequest> requests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String waybill = (prefix + "W" + i).toUpperCase();
            SignedDeliveries.Delivery d = SignedDeliveries.sign("generic", "bench",
                    SignedDeliveries.genericEvent(prefix + "-e" + i, waybill, status.name(), SCAN_AT), Instant.now());
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
    private static long runBare(DynamoDbClient dynamo, TableNames tables, String prefix, int count, TrackingStatus status) {
        Instant now = Instant.now();
        // Items are built before the clock starts: only the requests themselves are timed.
        List<Map<String, AttributeValue>> raws = new ArrayList<>(count);
        List<Map<String, AttributeValue>> shipmentKeys = new ArrayList<>(count);
        List<Map<String, AttributeValue>> eventItems = new ArrayList<>(count);
        List<Map<String, AttributeValue>> shipmentItems = new ArrayList<>(count);
        List<TransactWriteItem> kpiCopies = new ArrayList<>(count);
        List<List<TransactWriteItem>> kpiMarks = new ArrayList<>(count);
        KpiMarks marks = new KpiMarks(dynamo, tables.kpi());
        List<Map<String, AttributeValue>> linkKeys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String waybill = (prefix + "W" + i).toUpperCase();
            byte[] body = SignedDeliveries.genericEvent(prefix + "-e" + i, waybill, status.name(), SCAN_AT);
            CanonicalEvent e = EventBuilder.from("generic").sourceEventId(prefix + "-e" + i).dedupeKey(prefix + "-e" + i)
                    .carrierId("DPD").waybill(waybill).status(status).occurredAt(Instant.parse(SCAN_AT)).build();
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
            ShipmentRecord next = ShipmentUpdate.apply(ShipmentRecord.empty(ACCOUNT, waybill, now), List.of(e), List::of, now);
            shipmentItems.add(TrackingItems.shipmentItem(next));
            kpiCopies.add(status == SCAN ? OrderKpiItem.shipment(tables.kpi(), ACCOUNT, "O-" + waybill, waybill, next.state()) : null);
            kpiMarks.add(status == SCAN ? marks.items(ACCOUNT, List.of("O-" + waybill)) : null);
            linkKeys.add(OrderKpiItem.linkKey(ACCOUNT, waybill));
        }
        // a label changes none of the shipment's KPI inputs: nothing copied. A first scan reads the waybill's link,
        // copies the scan to its order's KPI item and checks the link (version 1: one registration) in the same
        // transaction, then marks the handover enqueued.
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
            List<TransactWriteItem> writes = new ArrayList<>(4);
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.events()).item(eventItem)
                    .conditionExpression(DynamoDbTrackingStore.EVENT_IS_NEW).build()).build());
            writes.add(TransactWriteItem.builder().put(Put.builder().tableName(tables.shipments()).item(shipmentItem)
                    .conditionExpression(DynamoDbTrackingStore.SHIPMENT_IS_NEW).build()).build());
            if (kpiCopies.get(i) != null) {
                Map<String, AttributeValue> linkKey = linkKeys.get(i);
                dynamo.getItem(b -> b.tableName(tables.kpi()).key(linkKey).consistentRead(true));
                writes.add(kpiCopies.get(i));
                writes.add(TransactWriteItem.builder().conditionCheck(c -> c.tableName(tables.kpi()).key(linkKey)
                        .conditionExpression("#v = :v").expressionAttributeNames(Map.of("#v", "version"))
                        .expressionAttributeValues(Map.of(":v", AttributeValue.fromN("1")))).build());
                writes.addAll(kpiMarks.get(i)); // the change-set check and the order's change mark
            }
            dynamo.transactWriteItems(b -> b.transactItems(writes));
            try {
                dynamo.putItem(b -> b.tableName(tables.inbox()).item(raw).conditionExpression("attribute_not_exists(rawRef)"));
            } catch (ConditionalCheckFailedException ignored) {
                // not reached: fresh keys
            }
            if (kpiCopies.get(i) != null) {
                dynamo.updateItem(b -> b.tableName(tables.shipments()).key(shipmentKey)
                        .updateExpression("SET handoverForward = :enq, version = version + :one")
                        .conditionExpression("handoverForward = :pending")
                        .expressionAttributeValues(Map.of(":enq", AttributeValue.fromS(ShipmentRecord.FORWARD_ENQUEUED),
                                ":pending", AttributeValue.fromS(ShipmentRecord.FORWARD_PENDING), ":one", AttributeValue.fromN("1"))));
            }
        }
        return System.nanoTime() - start;
    }
}
