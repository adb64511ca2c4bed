package pl.trackbridge.config;

import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.allegro.auth.AllegroAuthClient;
import pl.trackbridge.allegro.auth.AllegroTokenService;
import pl.trackbridge.allegro.auth.DynamoDbTokenStore;
import pl.trackbridge.allegro.auth.TokenStore;
import pl.trackbridge.api.ApiRouter;
import pl.trackbridge.carrier.WebhookSources;
import pl.trackbridge.forwarding.ForwardingQueue;
import pl.trackbridge.forwarding.SqsForwardingQueue;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.store.dynamodb.DynamoDbAccountStore;
import pl.trackbridge.store.dynamodb.DynamoDbTrackingStore;
import pl.trackbridge.store.dynamodb.TableNames;
import pl.trackbridge.webhook.WebhookIngestService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;

/**
 * Wires the plain-Java services to configuration and AWS clients. The services themselves know nothing
 * of CDI, so tests and benchmarks can build them directly.
 */
@ApplicationScoped
public class Beans {

    @Produces
    @Singleton
    @DefaultBean
    Clock clock() {
        return Clock.systemUTC();
    }

    @Produces
    @Singleton
    TableNames tableNames(@ConfigProperty(name = "trackbridge.tables.accounts") String accounts,
            @ConfigProperty(name = "trackbridge.tables.shipments") String shipments,
            @ConfigProperty(name = "trackbridge.tables.events") String events,
            @ConfigProperty(name = "trackbridge.tables.inbox") String inbox,
            @ConfigProperty(name = "trackbridge.tables.jobs") String jobs,
            @ConfigProperty(name = "trackbridge.tables.kpi") String kpi) {
        return new TableNames(accounts, shipments, events, inbox, jobs, kpi);
    }

    /** When the tracking poller asks Allegro about a shipment (issue 7); every knob overridable by env. */
    @Produces
    @Singleton
    pl.trackbridge.poller.PollPolicy pollPolicy(
            @ConfigProperty(name = "trackbridge.poller.no-push-carriers") java.util.List<String> noPush,
            @ConfigProperty(name = "trackbridge.poller.min-interval", defaultValue = "10m") Duration minInterval,
            @ConfigProperty(name = "trackbridge.poller.quiet-period", defaultValue = "6h") Duration quiet,
            @ConfigProperty(name = "trackbridge.poller.stale-after", defaultValue = "3d") Duration staleAfter,
            @ConfigProperty(name = "trackbridge.poller.stale-interval", defaultValue = "1d") Duration staleInterval,
            @ConfigProperty(name = "trackbridge.poller.max-age", defaultValue = "30d") Duration maxAge,
            @ConfigProperty(name = "trackbridge.poller.shards", defaultValue = "4") int shards,
            @ConfigProperty(name = "trackbridge.poller.unsigned-sources", defaultValue = "inpost") java.util.List<String> unsigned) {
        return new pl.trackbridge.poller.PollPolicy(java.util.Set.copyOf(noPush), minInterval, quiet, staleAfter,
                staleInterval, maxAge, shards, java.util.Set.copyOf(unsigned));
    }

    @Produces
    @Singleton
    pl.trackbridge.store.dynamodb.DynamoDbPollSchedule pollSchedule(DynamoDbClient dynamo, TableNames tables,
            pl.trackbridge.poller.PollPolicy policy,
            @ConfigProperty(name = "trackbridge.tables.poll-schedule") String table) {
        return new pl.trackbridge.store.dynamodb.DynamoDbPollSchedule(dynamo, table, tables.jobs(), policy);
    }

    @Produces
    @Singleton
    TrackingStore trackingStore(DynamoDbClient dynamo, TableNames tables,
            pl.trackbridge.store.dynamodb.DynamoDbPollSchedule pollSchedule) {
        // the poll schedule moves in the same transaction as the shipment's state
        return new DynamoDbTrackingStore(dynamo, tables, pollSchedule);
    }

    @Produces
    @Singleton
    AccountStore accountStore(DynamoDbClient dynamo, TableNames tables) {
        return new DynamoDbAccountStore(dynamo, tables);
    }

    @Produces
    @Singleton
    SqsClient sqsClient(@ConfigProperty(name = "trackbridge.sqs.endpoint-override") Optional<URI> endpoint,
            @ConfigProperty(name = "trackbridge.sqs.region") Optional<String> region) {
        // local ElasticMQ when an endpoint is set: any credentials are accepted there
        return AwsClients.build(SqsClient.builder(), endpoint, region);
    }

    @Produces
    @Singleton
    @DefaultBean
    ForwardingQueue forwardingQueue(SqsClient sqs,
            @ConfigProperty(name = "trackbridge.forwarding.queue-url") Optional<String> url,
            @ConfigProperty(name = "trackbridge.forwarding.queue-name", defaultValue = "ForwardingQueue") String name) {
        return new SqsForwardingQueue(sqs, url.orElse(null), name);
    }

    @Produces
    @Singleton
    pl.trackbridge.forwarding.RegistrationService registrationService(DynamoDbClient dynamo, ForwardingQueue queue,
            Clock clock, TableNames tables, @ConfigProperty(name = "trackbridge.tables.forwards") String forwards,
            pl.trackbridge.forwarding.CarrierCatalog carriers,
            pl.trackbridge.store.dynamodb.DynamoDbPollSchedule pollSchedule, pl.trackbridge.poller.PollPolicy policy) {
        return new pl.trackbridge.forwarding.RegistrationService(
                new pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore(dynamo, forwards, tables.kpi()), queue, clock,
                carriers,
                // a registered waybill is polled even before any event (a carrier without push may never send one)
                r -> pollSchedule.startIfAbsent(r.accountId(), r.waybill(), r.carrierId(), r.orderId(), r.registeredAt(),
                        policy.firstPoll(r.carrierId(), r.registeredAt())));
    }

    @Produces
    @Singleton
    pl.trackbridge.store.dynamodb.KpiIo kpiIo() {
        return new pl.trackbridge.store.dynamodb.KpiIo();
    }

    @Produces
    @Singleton
    pl.trackbridge.kpi.KpiStore kpiStore(DynamoDbClient dynamo, TableNames tables, pl.trackbridge.store.dynamodb.KpiIo io,
            @ConfigProperty(name = "trackbridge.jobs.kpi-rollup.settle", defaultValue = "1s") Duration settle) {
        return new pl.trackbridge.store.dynamodb.DynamoDbKpiStore(dynamo, tables.kpi(), tables.shipments(), io, settle);
    }

    @Produces
    @Singleton
    pl.trackbridge.kpi.KpiQuery kpiQuery(pl.trackbridge.kpi.KpiStore store, DynamoDbClient dynamo, TableNames tables) {
        return new pl.trackbridge.kpi.KpiQuery(store,
                new pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore(dynamo, tables.jobs()));
    }

    @Produces
    @Singleton
    pl.trackbridge.kpi.KpiRollup kpiRollup(pl.trackbridge.kpi.KpiStore store, AccountStore accounts, Clock clock,
            @ConfigProperty(name = "trackbridge.kpi.upload-window", defaultValue = "PT1H") Duration uploadWindow,
            @ConfigProperty(name = "trackbridge.kpi.event-window", defaultValue = "PT15M") Duration eventWindow,
            @ConfigProperty(name = "trackbridge.jobs.kpi-rollup.budget", defaultValue = "50s") Duration budget,
            @ConfigProperty(name = "trackbridge.jobs.kpi-rollup.page-size", defaultValue = "2000") int pageSize,
            @ConfigProperty(name = "trackbridge.jobs.kpi-rollup.parallelism", defaultValue = "4") int parallelism) {
        return new pl.trackbridge.kpi.KpiRollup(store, accounts, new pl.trackbridge.kpi.KpiRules(uploadWindow, eventWindow), clock, budget, pageSize,
                pl.trackbridge.kpi.KpiMetrics.stdout(), parallelism);
    }

    @Produces
    @Singleton
    WebhookIngestService webhookIngestService(AccountStore accounts, TrackingStore store, ForwardingQueue queue,
            Clock clock) {
        return new WebhookIngestService(WebhookSources.all(), accounts, store, queue, clock);
    }

    @Produces
    @Singleton
    AccountService accountService(AccountStore store, WebhookIngestService webhooks, Clock clock,
            AllegroTokenService allegro) {
        return new AccountService(store, webhooks.sourceNames(), clock, allegro);
    }

    @Produces
    @Singleton
    ApiRouter apiRouter(WebhookIngestService webhooks, AccountService accounts, TrackingStore store, Clock clock,
            jakarta.enterprise.inject.Instance<pl.trackbridge.job.Jobs> jobs,
            @ConfigProperty(name = "trackbridge.jobs.http-enabled", defaultValue = "false") boolean jobsOverHttp,
            pl.trackbridge.allegro.auth.DeviceFlowService deviceFlow,
            pl.trackbridge.forwarding.RegistrationService registrations, pl.trackbridge.alert.AlertStore alerts,
            DynamoDbClient dynamo, @ConfigProperty(name = "trackbridge.tables.jobs") String jobsTable,
            pl.trackbridge.kpi.KpiQuery kpis) {
        // POST /jobs/{job} exists only in the local runtime; in AWS each job is its own scheduled function.
        return new ApiRouter(webhooks, accounts, store, clock, jobsOverHttp ? jobs.get() : pl.trackbridge.job.Jobs.none(),
                deviceFlow, registrations, new pl.trackbridge.store.dynamodb.DynamoDbReconciliationStore(dynamo, jobsTable))
                .withAlerts(alerts).withKpis(kpis);
    }

    @Produces
    @Singleton
    AllegroAuthClient allegroAuthClient(@ConfigProperty(name = "trackbridge.allegro.auth-url") String authUrl,
            @ConfigProperty(name = "trackbridge.allegro.client-id") Optional<String> clientId,
            @ConfigProperty(name = "trackbridge.allegro.client-secret") Optional<String> clientSecret, Clock clock) {
        return AllegroAuthClient.create(authUrl, clientId, clientSecret, clock);
    }

    @Produces
    @Singleton
    pl.trackbridge.allegro.auth.DeviceFlowService deviceFlowService(AllegroAuthClient auth, AllegroTokenService tokens,
            DynamoDbClient dynamo, TableNames tables, Clock clock) {
        return new pl.trackbridge.allegro.auth.DeviceFlowService(auth, tokens,
                new pl.trackbridge.store.dynamodb.DynamoDbPendingDevices(dynamo, tables.jobs()), clock);
    }

    @Produces
    @Singleton
    TokenStore allegroTokenStore(DynamoDbClient dynamo, @ConfigProperty(name = "trackbridge.tables.tokens") String table) {
        return new DynamoDbTokenStore(dynamo, table);
    }

    @Produces
    @Singleton
    AllegroTokenService allegroTokenService(TokenStore store, AllegroAuthClient client, Clock clock,
            @ConfigProperty(name = "trackbridge.allegro.token-refresh-margin", defaultValue = "PT5M") Duration margin) {
        return new AllegroTokenService(store, client, clock, margin);
    }
}
