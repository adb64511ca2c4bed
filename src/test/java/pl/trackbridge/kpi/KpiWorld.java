package pl.trackbridge.kpi;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import pl.trackbridge.account.Account;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.order.Order;
import pl.trackbridge.store.dynamodb.DynamoDbAccountStore;
import pl.trackbridge.store.dynamodb.DynamoDbKpiStore;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.KpiIo;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventBuilder;
import pl.trackbridge.tracking.TrackingStatus;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The real stores that change KPI inputs (orders, registrations and forwarding outcomes, shipment events) and
 * the roll-up, all on one DynamoDB Local: what tests and the benchmark drive.
 */
final class KpiWorld {
    static final TableNames TABLES = new TableNames("AccountsTable", "ShipmentsTable", "TrackingEventsTable",
            "WebhookInboxTable", "JobStateTable", "KpiTable");
    final KpiIo io = new KpiIo();
    final DynamoDbOrderStore orders;
    final DynamoDbRegistrationStore registrations;
    final DynamoDbTrackingStore tracking;
    final DynamoDbAccountStore accounts;
    final DynamoDbKpiStore kpiStore;
    final List<String> emf = new ArrayList<>();
    private long fetched;

    KpiWorld(DynamoDbClient dynamo) {
        this(dynamo, Duration.ZERO);
    }

    /** @param settle the roll-up's wait after closing the change sets (production: 1 s; tests: none) */
    KpiWorld(DynamoDbClient dynamo, Duration settle) {
        orders = new DynamoDbOrderStore(dynamo, "OrdersTable", "KpiTable");
        registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable", "KpiTable");
        tracking = new DynamoDbTrackingStore(dynamo, TABLES);
        accounts = new DynamoDbAccountStore(dynamo, TABLES);
        kpiStore = new DynamoDbKpiStore(dynamo, "KpiTable", "ShipmentsTable", io, settle);
    }

    KpiRollup rollup() {
        return rollup(1, accounts);
    }

    KpiRollup rollup(int parallelism, pl.trackbridge.account.AccountStore accountStore) {
        return new KpiRollup(kpiStore, accountStore, KpiRules.defaults(), Clock.systemUTC(), Duration.ofMinutes(10),
                500, new KpiMetrics(line -> {
                    synchronized (emf) {
                        emf.add(line);
                    }
                }), parallelism);
    }

    /** A roll-up whose own reads and writes (KPI items, cells, shipments, account zones) go through {@code client}. */
    KpiRollup rollupThrough(DynamoDbClient client) {
        return new KpiRollup(new DynamoDbKpiStore(client, "KpiTable", "ShipmentsTable", new KpiIo()),
                new DynamoDbAccountStore(client, TABLES), KpiRules.defaults(), Clock.systemUTC(), Duration.ofMinutes(10),
                500, null, 1);
    }

    KpiQuery query() {
        return new KpiQuery(kpiStore, null);
    }

    void account(String id, String zone) {
        Instant now = Instant.parse("2026-01-01T00:00:00Z");
        accounts.save(new Account(id, ZoneId.of(zone), null, null, null, now, now));
    }

    /** Stores the order as order-sync would (each call a later read of the checkout form). */
    synchronized void order(String account, String orderId, Instant bought, Instant deadline, Instant deliveryTo,
            Order.Cancellation cancellation) {
        orders.upsert(new Order(account, orderId, bought, deadline, null, deliveryTo, false, "READY_FOR_PROCESSING",
                "NEW", "r1", List.of(), cancellation, null, bought, Instant.parse("2026-01-01T00:00:00Z").plusMillis(++fetched)));
    }

    void register(String account, String orderId, String waybill, String carrier, Instant registeredAt, Instant handedOverAt) {
        registrations.createIfAbsent(new Registration(account, orderId, waybill, carrier, null, List.of(), null,
                handedOverAt, registeredAt, null, true));
    }

    /** The forwarder's outcome: Allegro's createdAt for the waybill and/or SENT done at {@code sentAt}. */
    void outcome(String account, String orderId, String waybill, Instant acceptedAt, Instant sentAt) {
        Instant now = Instant.now();
        registrations.claim(account, waybill, orderId, "test", now, now.plusSeconds(60)).orElseThrow();
        ForwardState s = ForwardState.NEW;
        if (acceptedAt != null) {
            s = s.withWaybill("ACCEPTED", "shipment-" + waybill, acceptedAt);
        }
        if (sentAt != null) {
            s = s.withSent("DONE", sentAt);
        }
        registrations.record(account, waybill, orderId, "test", s, List.of());
    }

    void event(String account, String waybill, String key, TrackingStatus status, Instant at) {
        CanonicalEvent e = EventBuilder.from("generic").dedupeKey(key).carrierId("DPD").waybill(waybill).status(status)
                .occurredAt(at).build();
        tracking.append(account, waybill, List.of(e), null, at);
    }
}
