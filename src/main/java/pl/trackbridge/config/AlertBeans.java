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
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.alert.AlertFacts;
import pl.trackbridge.alert.AlertMessages;
import pl.trackbridge.alert.AlertNotifier;
import pl.trackbridge.alert.AlertStore;
import pl.trackbridge.alert.ConsoleAlertNotifier;
import pl.trackbridge.alert.InMemoryKpiReadings;
import pl.trackbridge.alert.KpiReadings;
import pl.trackbridge.alert.SnsAlertNotifier;
import pl.trackbridge.alert.ThresholdAlertService;
import pl.trackbridge.allegro.auth.TokenStore;
import pl.trackbridge.store.dynamodb.DynamoDbAlertFacts;
import pl.trackbridge.store.dynamodb.DynamoDbAlertStore;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.store.dynamodb.TableNames;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sns.SnsClient;

/** Wires the threshold alerts (issue 6): the alert table, the facts they read, the KPI port and the notifier. */
@ApplicationScoped
public class AlertBeans {

    @Produces
    @Singleton
    AlertStore alertStore(DynamoDbClient dynamo, @ConfigProperty(name = "trackbridge.tables.alerts") String table) {
        return new DynamoDbAlertStore(dynamo, table);
    }

    /**
     * The rolling KPI values the alerts compare: the roll-up's cells ({@code rollup}, the default), or readings
     * held in memory ({@code memory}) for a scenario that scripts a KPI's course day by day.
     */
    @Produces
    @Singleton
    @DefaultBean
    KpiReadings kpiReadings(pl.trackbridge.kpi.KpiQuery query,
            @ConfigProperty(name = "trackbridge.alerts.kpi-readings", defaultValue = "rollup") String source) {
        return "memory".equals(source) ? new InMemoryKpiReadings() : new RollupKpiReadings(query);
    }

    @Produces
    @Singleton
    AlertNotifier alertNotifier(@ConfigProperty(name = "trackbridge.alerts.topic-arn") Optional<String> topicArn,
            jakarta.enterprise.inject.Instance<SnsClient> sns) {
        // locally (no topic): the console and the alert table
        return topicArn.filter(t -> !t.isBlank()).<AlertNotifier>map(t -> new SnsAlertNotifier(sns.get(), t))
                .orElseGet(ConsoleAlertNotifier::new);
    }

    @Produces
    @Singleton
    SnsClient snsClient(@ConfigProperty(name = "trackbridge.sns.endpoint-override") Optional<URI> endpoint,
            @ConfigProperty(name = "trackbridge.sns.region") Optional<String> region) {
        return AwsClients.build(SnsClient.builder(), endpoint, region);
    }

    @Produces
    @Singleton
    ThresholdAlertService thresholdAlertService(AccountStore accounts, KpiReadings kpis, AlertStore store,
            AlertNotifier notifier, DynamoDbClient dynamo, TableNames tables, TokenStore tokens, Clock clock,
            @ConfigProperty(name = "trackbridge.tables.orders") String orders,
            @ConfigProperty(name = "trackbridge.tables.forwards") String forwards,
            @ConfigProperty(name = "trackbridge.alerts.order-url", defaultValue = AlertMessages.DEFAULT_ORDER_URL) String orderUrl,
            @ConfigProperty(name = "trackbridge.alerts.at-risk", defaultValue = "PT2H") Duration atRisk,
            @ConfigProperty(name = "trackbridge.alerts.min-sample", defaultValue = "20") int minSample,
            @ConfigProperty(name = "trackbridge.alerts.upload-window", defaultValue = "PT1H") Duration uploadWindow,
            @ConfigProperty(name = "trackbridge.alerts.stale-after", defaultValue = "PT72H") Duration staleAfter) {
        AlertFacts facts = new DynamoDbAlertFacts(dynamo, new DynamoDbOrderStore(dynamo, orders, tables.kpi()), tokens,
                tables.shipments(), forwards)
                .withReconciliations(new pl.trackbridge.store.dynamodb.DynamoDbReconciliationStore(dynamo, tables.jobs()));
        ThresholdAlertService.Settings d = ThresholdAlertService.Settings.defaults();
        ThresholdAlertService.Settings settings = new ThresholdAlertService.Settings(atRisk, d.missedLookback(),
                d.orderAlertMaxAge(), uploadWindow, staleAfter, d.lookback(), d.reminderEvery(), d.noticeLease(), minSample,
                d.maxOrdersListed());
        return new ThresholdAlertService(accounts, kpis, facts, store, notifier, new AlertMessages(orderUrl), clock, settings);
    }

    /** The job's summary: per account, the KPI statuses and what was raised, resolved and published. */
    static com.fasterxml.jackson.databind.JsonNode summary(java.util.List<ThresholdAlertService.AccountReport> reports) {
        var out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.put("job", "threshold-alerts");
        var accounts = out.putArray("accounts");
        for (ThresholdAlertService.AccountReport r : reports) {
            var a = accounts.addObject();
            a.put("accountId", r.accountId());
            r.kpis().forEach(a.putObject("kpis")::put);
            a.put("raised", r.raised());
            a.put("resolved", r.resolved());
            a.put("published", r.published());
            if (r.error() != null) {
                a.put("error", r.error());
            }
        }
        return out;
    }
}
