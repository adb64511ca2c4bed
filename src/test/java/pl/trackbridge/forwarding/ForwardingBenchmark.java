package pl.trackbridge.forwarding;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.allegro.AllegroStandIn;
import pl.trackbridge.local.allegro.OrderSpec;
import pl.trackbridge.testsupport.AllegroStandInResource;
import pl.trackbridge.testsupport.ConnectedSeller;
import pl.trackbridge.testsupport.DynamoDbMeter;
import pl.trackbridge.testsupport.SignedDeliveries;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.DeleteMessageBatchRequestEntry;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;

/**
 * Handover → accepted by Allegro, Allegro calls per shipment and the AWS requests behind the cost model
 * (DESIGN §6; issue 4). The whole application runs as in the local runtime: WMS registrations and carrier
 * webhooks over real HTTP, the forwarding queue on ElasticMQ, the forwarder consuming it the way the Lambda SQS
 * trigger does (long polling, batches of up to 10, batch delete) with two pollers, and the Allegro stand-in.
 * Shipments arrive at a steady rate, like parcels handed over during a day, not all at once.
 *
 * <pre>./mvnw test -Dtest=ForwardingBenchmark -Dsurefire.failIfNoSpecifiedTests=false
 *     [-Dtrackbridge.bench.shipments=300 -Dtrackbridge.bench.rate=10]</pre>
 */
@QuarkusTest
@TestProfile(ForwardingBenchmark.Metered.class)
public class ForwardingBenchmark {
    static final int SHIPMENTS = Integer.getInteger("trackbridge.bench.shipments", 300);
    static final int RATE = Integer.getInteger("trackbridge.bench.rate", 10);
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    static final int POLLERS = 2;
    /** Carrier scans after the first, per shipment, for the cost of a whole parcel life (not in the latency figures). */
    static final List<String> LATER_SCANS = List.of("IN_TRANSIT", "OUT_FOR_DELIVERY", "DELIVERED");

    // AWS list prices, us-east-1, on-demand (checked 2026-11; eu-central-1 is about 20 % higher): USD per unit
    static final double DYNAMO_WRITE_UNIT = 0.625 / 1e6;
    static final double DYNAMO_READ_UNIT = 0.125 / 1e6;
    static final double SQS_REQUEST = 0.40 / 1e6;
    static final double LAMBDA_REQUEST = 0.20 / 1e6;
    static final double LAMBDA_GB_SECOND = 0.0000133334; // arm64
    static final double HTTP_API_REQUEST = 1.00 / 1e6;
    static final double LOGS_PER_GB = 0.50;
    static final double LAMBDA_MEMORY_GB = 256 / 1024.0; // template.yaml's MemorySize for the native functions

    public static class Metered extends pl.trackbridge.testsupport.StandInProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.dynamodb.interceptors", DynamoDbMeter.class.getName());
        }
    }

    @Inject
    SqsClient sqs;
    @Inject
    ForwardingQueue queue;
    @Inject
    ForwardingConsumer consumer;

    /** The Lambda SQS trigger's part, counted: long-poll receives, non-empty batches (= invocations), batch deletes. */
    final AtomicLong receives = new AtomicLong();
    final AtomicLong batches = new AtomicLong();
    final AtomicLong messages = new AtomicLong();
    final AtomicLong deletes = new AtomicLong();
    final AtomicLong consumeNanos = new AtomicLong();

    @Test
    void handoverToAcceptedLatencyCallsPerShipmentAndCost() throws Exception {
        io.restassured.RestAssured.port = HTTP_PORT;
        AllegroStandIn allegro = AllegroStandInResource.standIn();
        StringBuilder report = new StringBuilder();
        run(allegro, "REGISTRATION", Math.min(SHIPMENTS, 50)); // warm-up: JIT, connection pools; not reported
        for (String policy : List.of("REGISTRATION", "FIRST_SCAN")) {
            report.append(run(allegro, policy, SHIPMENTS));
        }
        System.out.println(report);
        java.nio.file.Files.writeString(java.nio.file.Path.of("target/forwarding-benchmark.txt"), report.toString());
    }

    private String run(AllegroStandIn allegro, String policy, int shipments) throws Exception {
        ConnectedSeller connected = ConnectedSeller.create(allegro, "bench", "\"webhookSecrets\":"
                + SignedDeliveries.ACCOUNT_SECRETS_JSON + ",\"forwarding\":{\"waybillAt\":\"" + policy + "\"}");
        String account = connected.account();
        String seller = connected.seller();
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < shipments; i++) {
            orders.add(allegro.addOrder(seller, OrderSpec.readyForProcessing()));
        }
        allegro.wireMock().resetRequests();
        given().post("/jobs/order-sync").then().statusCode(200);
        long orderSyncCalls = apiCalls(allegro);
        allegro.wireMock().resetRequests();
        DynamoDbMeter.reset();
        receives.set(0);
        batches.set(0);
        messages.set(0);
        deletes.set(0);
        consumeNanos.set(0);

        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> pollers = new ArrayList<>();
        for (int p = 0; p < POLLERS; p++) {
            Thread t = new Thread(() -> poll(stop), "sqs-trigger-" + p);
            t.start();
            pollers.add(t);
        }
        String suffix = String.format("%012d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000_000L));
        List<String> waybills = new ArrayList<>();
        Map<String, Long> registeredAt = new HashMap<>();
        Map<String, Long> scannedAt = new HashMap<>();
        long httpNanos = 0;
        try {
            long start = System.nanoTime();
            for (int i = 0; i < shipments; i++) {
                pace(start, i);
                String waybill = String.format("6%011d%s", i, suffix); // InPost-shaped, 24 digits
                waybills.add(waybill);
                long t0 = System.nanoTime();
                registeredAt.put(orders.get(i), System.currentTimeMillis());
                given().contentType("application/json").body("{\"orderId\":\"" + orders.get(i) + "\",\"carrierId\":\"INPOST\","
                        + "\"waybill\":\"" + waybill + "\"}").post("/accounts/" + account + "/shipments").then().statusCode(201);
                httpNanos += System.nanoTime() - t0;
            }
            waitForQueue(allegro, orders, policy.equals("REGISTRATION") ? "waybills" : "nothing");
            start = System.nanoTime();
            for (int i = 0; i < shipments; i++) {
                pace(start, i);
                SignedDeliveries.Delivery scan = SignedDeliveries.sign("generic", "inline", SignedDeliveries.genericEvent(
                        "collected-" + waybills.get(i), waybills.get(i), "COLLECTED", Instant.now().toString()), Instant.now());
                long t0 = System.nanoTime();
                scannedAt.put(orders.get(i), System.currentTimeMillis());
                given().headers(scan.headers()).body(scan.body()).post("/webhooks/generic/" + account).then().statusCode(200);
                httpNanos += System.nanoTime() - t0;
            }
            waitForQueue(allegro, orders, "sent");
        } finally {
            stop.set(true);
            for (Thread t : pollers) {
                t.join();
            }
        }
        long calls = apiCalls(allegro);
        DynamoDbMeter.Reading dynamo = DynamoDbMeter.read();
        Map<String, Double> byTable = DynamoDbMeter.unitsByTable();

        // the rest of a parcel's life, for the cost model only: three more scans per shipment
        stop.set(false);
        pollers.clear();
        for (int p = 0; p < POLLERS; p++) {
            Thread t = new Thread(() -> poll(stop), "sqs-trigger-" + p);
            t.start();
            pollers.add(t);
        }
        long laterHttpNanos = 0;
        try {
            for (String status : LATER_SCANS) {
                for (int i = 0; i < shipments; i++) {
                    SignedDeliveries.Delivery scan = SignedDeliveries.sign("generic", "inline", SignedDeliveries.genericEvent(
                            status + "-" + waybills.get(i), waybills.get(i), status, Instant.now().toString()), Instant.now());
                    long t0 = System.nanoTime();
                    given().headers(scan.headers()).body(scan.body()).post("/webhooks/generic/" + account).then().statusCode(200);
                    laterHttpNanos += System.nanoTime() - t0;
                }
            }
            waitForQueue(allegro, orders, "nothing");
        } finally {
            stop.set(true);
            for (Thread t : pollers) {
                t.join();
            }
        }

        Map<String, Long> posted = new HashMap<>();
        Map<String, Long> sent = new HashMap<>();
        int postCount = 0;
        for (ServeEvent e : allegro.wireMock().getAllServeEvents()) {
            String url = e.getRequest().getUrl();
            long at = e.getRequest().getLoggedDate().getTime();
            for (String order : orders) {
                if (!url.contains(order)) {
                    continue;
                }
                if (e.getRequest().getMethod().getName().equals("POST") && url.endsWith("/shipments")) {
                    posted.merge(order, at, Math::min);
                    postCount++;
                } else if (e.getRequest().getMethod().getName().equals("PUT") && url.contains("/fulfillment")) {
                    sent.merge(order, at, Math::min);
                }
            }
        }
        List<Long> waybillLatency = new ArrayList<>();
        List<Long> sentLatency = new ArrayList<>();
        for (String order : orders) {
            assertEquals(1, allegro.waybillsOf(order).size(), order);
            assertEquals("SENT", allegro.fulfillmentStatusOf(order), order);
            long trigger = policy.equals("REGISTRATION") ? registeredAt.get(order) : scannedAt.get(order);
            waybillLatency.add(posted.get(order) - trigger);
            sentLatency.add(sent.get(order) - scannedAt.get(order));
        }
        assertEquals(shipments, postCount, "one POST per waybill");
        DynamoDbMeter.Reading lifetime = DynamoDbMeter.read();
        Map<String, Double> lifetimeByOperation = DynamoDbMeter.unitsByTableAndOperation();

        // cost per 1,000 shipments, from what was counted in this run
        double n = shipments;
        long httpRequests = (2L + LATER_SCANS.size()) * shipments; // registration, first scan, later scans
        httpNanos += laterHttpNanos;
        long sends = messages.get(); // every message sent was received at least once; redeliveries are counted below
        long sqsRequests = sends + receives.get() + deletes.get();
        long invocations = httpRequests + batches.get();
        double gbSeconds = ((httpNanos + consumeNanos.get()) / 1e9) * LAMBDA_MEMORY_GB;
        double logGb = invocations * 350 / 1e9; // START/END/REPORT platform lines, about 350 bytes per invocation
        double dynamoCost = lifetime.writeUnits() * DYNAMO_WRITE_UNIT + lifetime.readUnits() * DYNAMO_READ_UNIT;
        double sqsCost = sqsRequests * SQS_REQUEST;
        double lambdaCost = invocations * LAMBDA_REQUEST + gbSeconds * LAMBDA_GB_SECOND;
        double apiCost = httpRequests * HTTP_API_REQUEST;
        double logsCost = logGb * LOGS_PER_GB;
        double total = dynamoCost + sqsCost + lambdaCost + apiCost + logsCost;
        double per1000 = 1000 / n;

        StringBuilder out = new StringBuilder();
        out.append(String.format("%nFORWARDING BENCHMARK — policy %s, %d shipments offered at %d/s, %d pollers%n", policy,
                shipments, RATE, POLLERS));
        String first = policy.equals("REGISTRATION") ? "registration" : "first scan";
        out.append(String.format("  waybill: %s → accepted by the stand-in: p50 %d ms, p99 %d ms, max %d ms%n", first,
                rank(waybillLatency, 50), rank(waybillLatency, 99), rank(waybillLatency, 100)));
        out.append(String.format("  SENT:    first scan → accepted by the stand-in:   p50 %d ms, p99 %d ms, max %d ms%n",
                rank(sentLatency, 50), rank(sentLatency, 99), rank(sentLatency, 100)));
        out.append(String.format("  Allegro calls per shipment (forwarding): %.3f (%d calls); order-sync: %.3f per order%n",
                calls / n, calls, orderSyncCalls / n));
        out.append(String.format("  DynamoDB, registration to SENT: %.1f requests/shipment %s (failed conditions: %s); %.2f write units, "
                + "%.2f read units per shipment (DynamoDB Local reports %.2f write units); units by table: %s%n",
                dynamo.totalRequests() / n, dynamo.requests(), dynamo.failed(), dynamo.writeUnits() / n, dynamo.readUnits() / n,
                dynamo.localWriteUnits() / n, byTable));
        out.append(String.format("  DynamoDB, whole parcel life (+%d scans): %.1f requests, %.2f write units, %.2f read units per shipment"
                + " (DynamoDB Local reports %.2f write units: transactions at twice DynamoDB's rule)%n",
                LATER_SCANS.size(), lifetime.totalRequests() / n, lifetime.writeUnits() / n, lifetime.readUnits() / n,
                lifetime.localWriteUnits() / n));
        Map<String, String> perShipment = new java.util.TreeMap<>();
        lifetimeByOperation.forEach((k, v) -> perShipment.put(k, String.format("%.2f", v / n)));
        out.append(String.format("  whole parcel life, units per shipment by table and operation: %s%n", perShipment));
        out.append(String.format("  SQS: %d messages, %d receives, %d batch deletes (%.2f requests/shipment); Lambda invocations: "
                + "%.2f/shipment, %.3f GB-s/shipment (measured handler time × 256 MB)%n", sends, receives.get(), deletes.get(),
                sqsRequests / n, invocations / n, gbSeconds / n));
        out.append(String.format("  cost per 1,000 shipments, whole parcel life (USD, list prices): DynamoDB %.5f, SQS %.5f, Lambda %.5f, HTTP API %.5f, "
                + "logs %.5f — total %.4f (target ≤ 0.03)%n", dynamoCost * per1000, sqsCost * per1000, lambdaCost * per1000,
                apiCost * per1000, logsCost * per1000, total * per1000));
        return out.toString();
    }

    private static void pace(long start, int i) throws InterruptedException {
        long due = start + i * 1_000_000_000L / RATE;
        long wait = due - System.nanoTime();
        if (wait > 0) {
            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        }
    }

    private static long apiCalls(AllegroStandIn allegro) {
        return allegro.wireMock().getAllServeEvents().stream().filter(e -> {
            String url = e.getRequest().getUrl();
            return url.startsWith("/order/") || url.startsWith("/sale/");
        }).count();
    }

    private void waitForQueue(AllegroStandIn allegro, List<String> orders, String what) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean done = switch (what) {
                case "waybills" -> orders.stream().allMatch(o -> !allegro.waybillsOf(o).isEmpty());
                case "sent" -> orders.stream().allMatch(o -> "SENT".equals(allegro.fulfillmentStatusOf(o)));
                default -> true;
            };
            if (done && queueEmpty()) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the forwarder did not finish " + what + " in 2 minutes");
    }

    private boolean queueEmpty() {
        String url = ((SqsForwardingQueue) queue).url();
        var attrs = sqs.getQueueAttributes(b -> b.queueUrl(url).attributeNamesWithStrings(
                "ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible")).attributesAsStrings();
        return "0".equals(attrs.get("ApproximateNumberOfMessages")) && "0".equals(attrs.get("ApproximateNumberOfMessagesNotVisible"));
    }

    private void poll(AtomicBoolean stop) {
        String url = ((SqsForwardingQueue) queue).url();
        while (!stop.get()) {
            List<Message> batch = sqs.receiveMessage(b -> b.queueUrl(url).maxNumberOfMessages(10).waitTimeSeconds(1)
                    .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT)).messages();
            receives.incrementAndGet();
            if (batch.isEmpty()) {
                continue;
            }
            batches.incrementAndGet();
            List<ForwardingConsumer.Message> in = new ArrayList<>();
            for (Message m : batch) {
                if ("1".equals(m.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT))) {
                    messages.incrementAndGet();
                }
                in.add(new ForwardingConsumer.Message(m.messageId(), m.body(), Integer.parseInt(
                        m.attributes().getOrDefault(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT, "1"))));
            }
            long t0 = System.nanoTime();
            List<String> failed = consumer.consume(in);
            consumeNanos.addAndGet(System.nanoTime() - t0);
            List<DeleteMessageBatchRequestEntry> done = new ArrayList<>();
            for (Message m : batch) {
                if (failed.contains(m.messageId())) {
                    sqs.changeMessageVisibility(b -> b.queueUrl(url).receiptHandle(m.receiptHandle()).visibilityTimeout(1));
                } else {
                    done.add(DeleteMessageBatchRequestEntry.builder().id(m.messageId()).receiptHandle(m.receiptHandle()).build());
                }
            }
            if (!done.isEmpty()) {
                sqs.deleteMessageBatch(b -> b.queueUrl(url).entries(done));
                deletes.incrementAndGet();
            }
        }
    }

    /** Nearest-rank percentile (100 = max). */
    private static long rank(List<Long> values, int percentile) {
        List<Long> sorted = values.stream().sorted().toList();
        int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
