package pl.trackbridge.alert;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.allegro.auth.DynamoDbTokenStore;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.store.dynamodb.DynamoDbAlertFacts;
import pl.trackbridge.store.dynamodb.DynamoDbAlertStore;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What a 5-minute threshold-alerts run costs, counted in DynamoDB requests (the cost model's unit) against
 * DynamoDB Local: per account, a first run that raises and notifies, a steady run with nothing new, and the same
 * steady run after 30 days of history were added. The last two must match: a run's reads follow the indexes'
 * time windows, never the account's history. Prints figures; run on purpose:
 * {@code ./mvnw -o test -Dtest=ThresholdAlertsCostBenchmark -Dsurefire.failIfNoSpecifiedTests=false}
 */
class ThresholdAlertsCostBenchmark {
    static final int ACCOUNTS = 10;
    static final int AT_RISK = 10, MISSED = 10, HANDED_OVER = 20, HISTORY_DAYS = 30, HISTORY_PER_DAY = 20;
    static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");

    static final class Counter implements ExecutionInterceptor {
        final Map<String, AtomicLong> byOperation = new ConcurrentHashMap<>();

        @Override
        public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
            byOperation.computeIfAbsent(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME), k -> new AtomicLong())
                    .incrementAndGet();
        }

        Map<String, Long> take() {
            Map<String, Long> out = new TreeMap<>();
            byOperation.forEach((k, v) -> out.put(k, v.get()));
            byOperation.clear();
            return out;
        }
    }

    static long total(Map<String, Long> ops) {
        return ops.values().stream().mapToLong(Long::longValue).sum();
    }

    static long writes(Map<String, Long> ops) {
        return ops.entrySet().stream().filter(e -> e.getKey().startsWith("Put") || e.getKey().startsWith("Update")
                || e.getKey().startsWith("Delete") || e.getKey().startsWith("Transact")).mapToLong(Map.Entry::getValue).sum();
    }

    @Test
    void requestsPerAccountPerRun() throws Exception {
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"))) {
            Counter counter = new Counter();
            DynamoDbClient dynamo = aws.dynamoClient(counter);
            DynamoDbOrderStore orders = new DynamoDbOrderStore(dynamo, "OrdersTable");
            DynamoDbTrackingStore tracking = new DynamoDbTrackingStore(dynamo,
                    new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable", "WebhookInboxTable"));
            InMemoryAccountStore accounts = new InMemoryAccountStore();
            for (int a = 0; a < ACCOUNTS; a++) {
                String acct = "bench-" + a;
                accounts.save(new Account(acct, ZoneId.of("Europe/Warsaw"), Map.of(), Map.of(), Map.of(), NOW, NOW));
                for (int i = 0; i < AT_RISK; i++) {
                    orders.upsert(order(acct, "risk-" + i, NOW.plus(Duration.ofMinutes(10 + i))));
                }
                for (int i = 0; i < MISSED; i++) {
                    orders.upsert(order(acct, "missed-" + i, NOW.minus(Duration.ofHours(1 + i))));
                }
                for (int i = 0; i < HANDED_OVER; i++) {
                    String id = "sent-" + i;
                    orders.upsert(order(acct, id, NOW.minus(Duration.ofHours(i))));
                    tracking.append(acct, "W" + a + "X" + i, List.of(EventBuilder.from("generic").dedupeKey(id).carrierId("DPD")
                            .waybill("W" + a + "X" + i).status(TrackingStatus.COLLECTED).occurredAt(NOW.minus(Duration.ofHours(i + 1)))
                            .orderId(id).build()), "raw", NOW);
                }
            }
            InMemoryKpiReadings kpis = new InMemoryKpiReadings();
            RecordingNotifier topic = new RecordingNotifier();
            ThresholdAlertService service = new ThresholdAlertService(accounts, kpis,
                    new DynamoDbAlertFacts(dynamo, orders, new DynamoDbTokenStore(dynamo, "AllegroTokensTable"), "ShipmentsTable",
                            "ForwardsTable"), new DynamoDbAlertStore(dynamo, "AlertsTable"), topic, new AlertMessages(null),
                    Clock.fixed(NOW, ZoneId.of("UTC")), ThresholdAlertService.Settings.defaults());
            counter.take();

            long t0 = System.nanoTime();
            service.run(NOW);
            long firstMs = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Long> first = counter.take();
            int published = topic.take().size();

            t0 = System.nanoTime();
            service.run(NOW.plusSeconds(60));
            long steadyMs = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Long> steady = counter.take();
            assertEquals(0, topic.take().size());

            // 30 days of history per account: old orders, handed over long ago
            for (int a = 0; a < ACCOUNTS; a++) {
                for (int d = 3; d < 3 + HISTORY_DAYS; d++) {
                    for (int i = 0; i < HISTORY_PER_DAY; i++) {
                        orders.upsert(order("bench-" + a, "old-" + d + "-" + i, NOW.minus(Duration.ofDays(d)).minusSeconds(i)));
                    }
                }
            }
            counter.take();
            t0 = System.nanoTime();
            service.run(NOW.plusSeconds(120));
            long historyMs = (System.nanoTime() - t0) / 1_000_000;
            Map<String, Long> withHistory = counter.take();

            StringBuilder out = new StringBuilder();
            out.append(String.format("threshold-alerts, %d accounts, each %d orders at risk, %d missed, %d handed over in the window%n",
                    ACCOUNTS, AT_RISK, MISSED, HANDED_OVER));
            out.append(String.format("first run (raises %d alerts/account, %d messages in all): %.1f requests/account (%.1f writes), %d ms/account%n",
                    AT_RISK + MISSED, published, total(first) / (double) ACCOUNTS, writes(first) / (double) ACCOUNTS, firstMs / ACCOUNTS));
            out.append(String.format("  by operation: %s%n", first));
            out.append(String.format("steady run (nothing new): %.1f requests/account (%.1f writes: the deadline cursor), %d ms/account%n",
                    total(steady) / (double) ACCOUNTS, writes(steady) / (double) ACCOUNTS, steadyMs / ACCOUNTS));
            out.append(String.format("  by operation: %s%n", steady));
            out.append(String.format("steady run after +%d days x %d orders of history per account: %.1f requests/account (%.1f writes), %d ms/account%n",
                    HISTORY_DAYS, HISTORY_PER_DAY, total(withHistory) / (double) ACCOUNTS, writes(withHistory) / (double) ACCOUNTS,
                    historyMs / ACCOUNTS));
            out.append(String.format("  by operation: %s%n", withHistory));
            System.out.print(out);
            Files.createDirectories(Path.of("target"));
            Files.writeString(Path.of("target/threshold-alerts-cost.txt"), out);
            assertEquals(ACCOUNTS, writes(steady), "nothing new: only the cursor moves");
            assertEquals(steady, withHistory, "history does not change what a run reads");
            dynamo.close();
        }
    }

    static Order order(String acct, String id, Instant deadline) {
        return new Order(acct, id, deadline.minus(Duration.ofDays(1)), deadline, null, null, true, "READY_FOR_PROCESSING", "NEW",
                "r", List.of(), null, null, NOW, NOW);
    }
}
