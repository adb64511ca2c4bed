package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/** Accounts table: one item per account, secrets as a map of maps. */
public final class DynamoDbAccountStore implements AccountStore {
    /** Partition of the job-state table that lists every account. */
    static final String DIRECTORY = "directory#accounts";
    private final DynamoDbClient dynamo;
    private final TableNames tables;

    public DynamoDbAccountStore(DynamoDbClient dynamo, TableNames tables) {
        this.dynamo = dynamo;
        this.tables = tables;
    }

    @Override
    public Optional<Account> find(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(tables.accounts())
                .key(Map.of("accountId", Attr.s(accountId)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        Map<String, Map<String, String>> secrets = new HashMap<>();
        mapOf(item, "webhookSecrets").forEach((source, v) -> secrets.put(source, strings(v.m())));
        Map<String, Map<String, Double>> thresholds = new HashMap<>();
        mapOf(item, "thresholds").forEach((kpi, v) -> {
            Map<String, Double> levels = new HashMap<>();
            v.m().forEach((level, n) -> levels.put(level, Double.valueOf(n.n())));
            thresholds.put(kpi, levels);
        });
        return Optional.of(new Account(accountId, ZoneId.of(str(item, "timeZone")), secrets, thresholds,
                strings(mapOf(item, "carrierNames")), instant(item, "createdAt"),
                instant(item, "updatedAt"), new pl.trackbridge.account.ForwardingPolicy(
                        str(item, "waybillAt") == null ? null
                                : pl.trackbridge.account.ForwardingPolicy.WaybillAt.valueOf(str(item, "waybillAt")),
                        Attr.flag(item, "processingAtLabel"))));
    }

    @Override
    public void save(Account a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", Attr.s(a.accountId()));
        item.put("timeZone", Attr.s(a.timeZone().getId()));
        Map<String, AttributeValue> secrets = new HashMap<>();
        a.webhookSecrets().forEach((source, values) -> secrets.put(source, AttributeValue.fromM(attrs(values))));
        item.put("webhookSecrets", AttributeValue.fromM(secrets));
        Map<String, AttributeValue> thresholds = new HashMap<>();
        a.thresholds().forEach((kpi, levels) -> {
            Map<String, AttributeValue> m = new HashMap<>();
            levels.forEach((level, v) -> m.put(level, AttributeValue.fromN(Double.toString(v))));
            thresholds.put(kpi, AttributeValue.fromM(m));
        });
        item.put("thresholds", AttributeValue.fromM(thresholds));
        item.put("carrierNames", AttributeValue.fromM(attrs(a.carrierNames())));
        item.put("waybillAt", Attr.s(a.forwarding().waybillAt().name()));
        item.put("processingAtLabel", Attr.bool(a.forwarding().processingAtLabel()));
        Attr.put(item, "createdAt", a.createdAt());
        Attr.put(item, "updatedAt", a.updatedAt());
        // The account and its directory entry together: jobs list accounts by key, never by a table scan.
        Map<String, AttributeValue> entry = Map.of("pk", Attr.s(DIRECTORY), "sk", Attr.s(a.accountId()));
        dynamo.transactWriteItems(b -> b.transactItems(
                TransactWriteItem.builder().put(Put.builder().tableName(tables.accounts()).item(item).build()).build(),
                TransactWriteItem.builder().put(Put.builder().tableName(tables.jobs()).item(entry).build()).build()));
    }

    @Override
    public List<String> accountIds() {
        List<String> ids = new ArrayList<>();
        Map<String, AttributeValue> start = null;
        do {
            QueryRequest.Builder q = QueryRequest.builder().tableName(tables.jobs()).keyConditionExpression("pk = :d")
                    .expressionAttributeValues(Map.of(":d", Attr.s(DIRECTORY)));
            if (start != null) {
                q.exclusiveStartKey(start);
            }
            QueryResponse page = dynamo.query(q.build());
            page.items().forEach(i -> ids.add(i.get("sk").s()));
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        return ids;
    }

    private static Map<String, AttributeValue> mapOf(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || v.m() == null ? Map.of() : v.m();
    }

    private static Map<String, String> strings(Map<String, AttributeValue> m) {
        Map<String, String> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, v.s()));
        return out;
    }

    private static Map<String, AttributeValue> attrs(Map<String, String> m) {
        Map<String, AttributeValue> out = new HashMap<>();
        m.forEach((k, v) -> out.put(k, Attr.s(v)));
        return out;
    }
}
