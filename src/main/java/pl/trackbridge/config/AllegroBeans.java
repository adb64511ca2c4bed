package pl.trackbridge.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.allegro.AllegroApi;
import pl.trackbridge.allegro.AllegroClient;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;
import pl.trackbridge.job.Jobs;
import pl.trackbridge.kpi.SaleQualityJob;
import pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore;
import pl.trackbridge.order.OrderSyncJob;
import pl.trackbridge.order.OrderSyncService;
import pl.trackbridge.order.SyncReport;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.store.dynamodb.DynamoDbSyncCursorStore;
import pl.trackbridge.store.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Wires the Allegro connection and the order sync. */
@ApplicationScoped
public class AllegroBeans {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Produces
    @Singleton
    AllegroApi allegroApi(@ConfigProperty(name = "trackbridge.allegro.api-url") URI apiUrl,
            @ConfigProperty(name = "trackbridge.allegro.connect-timeout", defaultValue = "5s") Duration connect,
            @ConfigProperty(name = "trackbridge.allegro.read-timeout", defaultValue = "20s") Duration read) {
        return QuarkusRestClientBuilder.newBuilder().baseUri(apiUrl)
                .connectTimeout(connect.toMillis(), TimeUnit.MILLISECONDS)
                .readTimeout(read.toMillis(), TimeUnit.MILLISECONDS)
                // AllegroClient reads every status itself (error body, trace-id); no exception per 4xx/5xx
                .property("microprofile.rest.client.disable.default.mapper", true)
                .build(AllegroApi.class);
    }

    /**
     * One budget per Allegro application (client id), shared by every seller and every instance through the
     * job-state table: 9,000 requests a minute, 50 a second on the shipments endpoints.
     */
    @Produces
    @Singleton
    RateLimiter allegroRateLimiter(DynamoDbClient dynamo, Clock clock,
            @ConfigProperty(name = "trackbridge.tables.jobs") String jobsTable,
            @ConfigProperty(name = "trackbridge.allegro.client-id") Optional<String> clientId,
            @ConfigProperty(name = "trackbridge.allegro.requests-per-minute", defaultValue = "9000") int perMinute,
            @ConfigProperty(name = "trackbridge.allegro.shipments-per-second", defaultValue = "50") int shipmentsPerSecond,
            @ConfigProperty(name = "trackbridge.allegro.rate-limit-block-refresh", defaultValue = "1s") Duration blockRefresh) {
        // without a client id no call can authenticate anyway; the limiter still needs a key
        return new DynamoDbRateLimiter(dynamo, jobsTable, clientId.orElse("no-client-id"),
                RateLimit.allegro(perMinute, shipmentsPerSecond), clock, blockRefresh);
    }

    /**
     * Scheduled batch jobs wait for the next window of the shared limit when the one they hit ends within
     * {@code max-wait} (the shipments endpoints' second); queue consumers never wait.
     */
    @Produces
    @Singleton
    pl.trackbridge.allegro.RatePacer ratePacer(Clock clock,
            @ConfigProperty(name = "trackbridge.allegro.pacing-max-wait", defaultValue = "2s") Duration maxWait) {
        return new pl.trackbridge.allegro.RatePacer(clock, pl.trackbridge.allegro.RatePacer.THREAD_SLEEP, maxWait);
    }

    @Produces
    @Singleton
    AllegroClient allegroClient(AllegroApi api, pl.trackbridge.allegro.auth.AllegroTokenService tokens, RateLimiter limiter,
            @ConfigProperty(name = "trackbridge.allegro.block-after-429", defaultValue = "60s") Duration blockAfter429) {
        return new AllegroClient(api, tokens, limiter, blockAfter429);
    }

    @Produces
    @Singleton
    pl.trackbridge.forwarding.CarrierCatalog carrierCatalog(AllegroClient allegro, Clock clock,
            @ConfigProperty(name = "trackbridge.allegro.carriers-ttl", defaultValue = "24h") Duration ttl) {
        return new pl.trackbridge.forwarding.CarrierCatalog(account -> {
            java.util.Set<String> ids = new java.util.HashSet<>();
            allegro.carriers(account).path("carriers").forEach(c -> ids.add(c.path("id").asText()));
            return ids;
        }, clock, ttl);
    }

    @Produces
    @Singleton
    OrderSyncService orderSyncService(AllegroClient allegro, DynamoDbClient dynamo, TableNames tables, Clock clock,
            pl.trackbridge.allegro.RatePacer pacer,
            @ConfigProperty(name = "trackbridge.tables.orders") String orders,
            @ConfigProperty(name = "trackbridge.jobs.order-sync.page-size", defaultValue = "1000") int pageSize) {
        return new OrderSyncService(allegro, new DynamoDbOrderStore(dynamo, orders, tables.kpi()),
                new DynamoDbSyncCursorStore(dynamo, tables.jobs()), clock, pageSize).withPacer(pacer);
    }

    @Produces
    @Singleton
    OrderSyncJob orderSyncJob(AccountStore accounts, OrderSyncService sync, Clock clock,
            pl.trackbridge.allegro.auth.AllegroTokenService tokens,
            @ConfigProperty(name = "trackbridge.jobs.order-sync.budget", defaultValue = "50s") Duration budget) {
        return new OrderSyncJob(accounts, sync, clock, budget, id -> !"NOT_CONNECTED".equals(tokens.status(id)));
    }

    @Produces
    @Singleton
    SaleQualityJob saleQualityJob(AccountStore accounts, AllegroClient allegro, DynamoDbClient dynamo, TableNames tables,
            pl.trackbridge.allegro.auth.AllegroTokenService tokens) {
        return new SaleQualityJob(accounts, allegro::saleQuality, new DynamoDbSaleQualityStore(dynamo, tables.jobs()),
                id -> !"NOT_CONNECTED".equals(tokens.status(id)));
    }

    @Produces
    @Singleton
    pl.trackbridge.forwarding.ForwardingConsumer forwardingConsumer(AllegroClient allegro, DynamoDbClient dynamo,
            TableNames tables, pl.trackbridge.store.TrackingStore tracking, Clock clock,
            pl.trackbridge.account.AccountStore accounts,
            @ConfigProperty(name = "trackbridge.tables.forwards") String forwards,
            @ConfigProperty(name = "trackbridge.tables.orders") String orders,
            @ConfigProperty(name = "trackbridge.forwarding.max-receives", defaultValue = "8") int maxReceives,
            @ConfigProperty(name = "trackbridge.forwarding.unknown-settle", defaultValue = "60s") Duration unknownSettle,
            @ConfigProperty(name = "trackbridge.forwarding.account-cache-ttl", defaultValue = "60s") Duration accountCacheTtl) {
        return new pl.trackbridge.forwarding.ForwardingConsumer(new pl.trackbridge.forwarding.TrackingForwarder(
                new pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore(dynamo, forwards, tables.kpi()), allegro, tracking,
                new DynamoDbOrderStore(dynamo, orders, tables.kpi()), clock, unknownSettle,
                account -> accounts.find(account).map(pl.trackbridge.account.Account::forwarding)
                        .orElse(pl.trackbridge.account.ForwardingPolicy.DEFAULT), accountCacheTtl), maxReceives);
    }

    @Produces
    @Singleton
    pl.trackbridge.poller.TrackingPoller trackingPoller(AllegroClient allegro, pl.trackbridge.store.TrackingStore tracking,
            pl.trackbridge.store.dynamodb.DynamoDbPollSchedule schedule, pl.trackbridge.poller.PollPolicy policy,
            Clock clock, pl.trackbridge.allegro.auth.AllegroTokenService tokens,
            pl.trackbridge.forwarding.ForwardingQueue queue, pl.trackbridge.allegro.RatePacer pacer,
            @ConfigProperty(name = "trackbridge.poller.max-per-run", defaultValue = "20000") int maxPerRun,
            @ConfigProperty(name = "trackbridge.poller.budget", defaultValue = "9m") Duration budget) {
        return new pl.trackbridge.poller.TrackingPoller(schedule, tracking, allegro::parcelTracking, policy, clock,
                id -> !"NOT_CONNECTED".equals(tokens.status(id)), maxPerRun, queue).withBudget(budget).withPacer(pacer);
    }

    @Produces
    @Singleton
    pl.trackbridge.reconciliation.Reconciliation reconciliation(AccountStore accounts, AllegroClient allegro,
            DynamoDbClient dynamo, TableNames tables, pl.trackbridge.store.TrackingStore tracking, Clock clock,
            pl.trackbridge.allegro.auth.AllegroTokenService tokens,
            pl.trackbridge.store.dynamodb.DynamoDbPollSchedule schedule, pl.trackbridge.poller.PollPolicy policy,
            pl.trackbridge.allegro.RatePacer pacer,
            @ConfigProperty(name = "trackbridge.tables.forwards") String forwards,
            @ConfigProperty(name = "trackbridge.tables.orders") String orders,
            @ConfigProperty(name = "trackbridge.forwarding.unknown-settle", defaultValue = "60s") Duration unknownSettle,
            @ConfigProperty(name = "trackbridge.forwarding.account-cache-ttl", defaultValue = "60s") Duration accountCacheTtl,
            @ConfigProperty(name = "trackbridge.reconciliation.window", defaultValue = "7d") Duration window,
            @ConfigProperty(name = "trackbridge.reconciliation.budget", defaultValue = "13m") Duration budget) {
        var registrations = new pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore(dynamo, forwards, tables.kpi());
        var orderStore = new DynamoDbOrderStore(dynamo, orders, tables.kpi());
        // repairs go through the forwarder's own exactly-once path (claim, read before re-posting)
        var forwarder = new pl.trackbridge.forwarding.TrackingForwarder(registrations, allegro, tracking, orderStore, clock,
                unknownSettle, account -> accounts.find(account).map(pl.trackbridge.account.Account::forwarding)
                        .orElse(pl.trackbridge.account.ForwardingPolicy.DEFAULT), accountCacheTtl);
        return new pl.trackbridge.reconciliation.Reconciliation(accounts, orderStore, registrations, forwarder, allegro,
                tracking, new pl.trackbridge.store.dynamodb.DynamoDbReconciliationStore(dynamo, tables.jobs()), clock,
                id -> !"NOT_CONNECTED".equals(tokens.status(id)), window,
                r -> schedule.startIfAbsent(r.accountId(), r.waybill(), r.carrierId(), r.orderId(), r.registeredAt(),
                        policy.firstPoll(r.carrierId(), r.registeredAt()))).withBudget(budget).withPacer(pacer);
    }

    static ObjectNode kpiRollupSummary(pl.trackbridge.kpi.KpiRollup rollup, pl.trackbridge.store.dynamodb.KpiIo io) {
        long read = io.itemsRead.get(), written = io.itemsWritten.get(), requests = io.requests.get();
        pl.trackbridge.kpi.KpiRollup.Report r = rollup.run();
        ObjectNode out = JSON.createObjectNode();
        out.put("job", "kpi-rollup");
        out.put("orders", r.orders());
        out.put("written", r.written());
        out.put("conflicts", r.conflicts());
        out.put("accounts", r.accounts());
        out.put("cellsTouched", r.cellsTouched());
        out.put("complete", r.complete());
        out.put("millis", r.millis());
        r.failedAccounts().forEach(out.putArray("failedAccounts")::add);
        // process-wide counters: exact when runs do not overlap (one reserved instance in AWS)
        out.put("itemsRead", io.itemsRead.get() - read);
        out.put("itemsWritten", io.itemsWritten.get() - written);
        out.put("requests", io.requests.get() - requests);
        return out;
    }

    @Produces
    @Singleton
    Jobs jobs(OrderSyncJob orderSync, SaleQualityJob saleQuality, pl.trackbridge.forwarding.ForwardingConsumer consumer,
            pl.trackbridge.poller.TrackingPoller poller, pl.trackbridge.reconciliation.Reconciliation reconciliation,
            software.amazon.awssdk.services.sqs.SqsClient sqs, pl.trackbridge.forwarding.ForwardingQueue queue,
            pl.trackbridge.alert.ThresholdAlertService thresholdAlerts,
            pl.trackbridge.kpi.KpiRollup kpiRollup, pl.trackbridge.store.dynamodb.KpiIo kpiIo,
            @ConfigProperty(name = "trackbridge.forwarding.local-max-backoff", defaultValue = "30") int maxBackoffSeconds) {
        return new Jobs(Map.of("threshold-alerts", () -> AlertBeans.summary(thresholdAlerts.run()),
                "kpi-rollup", () -> kpiRollupSummary(kpiRollup, kpiIo),
                "tracking-poller", () -> pl.trackbridge.poller.PollSummary.json(poller.run()),
                "reconciliation", () -> pl.trackbridge.reconciliation.ReconciliationSummary.json(reconciliation.runWithPacing()),
                "tracking-forwarder", () -> {
            // only where we pull the queue ourselves (locally); in AWS the SQS trigger feeds the function
            var drain = new pl.trackbridge.forwarding.SqsQueueDrain(sqs, (pl.trackbridge.forwarding.SqsForwardingQueue) queue,
                    consumer, maxBackoffSeconds).drain();
            ObjectNode out = JSON.createObjectNode();
            out.put("job", "tracking-forwarder");
            out.put("received", drain.received());
            out.put("failed", drain.failed());
            return out;
        }, "sale-quality", () -> {
            ObjectNode out = JSON.createObjectNode();
            out.put("job", "sale-quality");
            ObjectNode accounts = out.putObject("accounts");
            saleQuality.run().forEach(accounts::put);
            return out;
        }, "order-sync", () -> {
            ObjectNode out = JSON.createObjectNode();
            out.put("job", "order-sync");
            ArrayNode accounts = out.putArray("accounts");
            for (SyncReport r : orderSync.run()) {
                ObjectNode a = accounts.addObject();
                a.put("accountId", r.accountId());
                a.put("pages", r.pages());
                a.put("events", r.events());
                a.put("ordersStored", r.ordersStored());
                a.put("resynced", r.resynced());
                a.put("cursor", r.cursor());
                a.put("error", r.error());
            }
            return out;
        }));
    }
}
