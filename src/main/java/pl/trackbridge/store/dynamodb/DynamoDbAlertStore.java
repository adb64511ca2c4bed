package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import pl.trackbridge.alert.Alert;
import pl.trackbridge.alert.AlertStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Alerts table: {@code accountId} + {@code alertKey}. Every write is a whole-item Put conditional on what was
 * read (absent, resolved, or the version), so concurrent runs never both win. {@code openAccount} is set while
 * the alert is open or a notice waits: the sparse index OpenAlerts. Resolved alerts get {@code expiresAt} (TTL).
 */
public final class DynamoDbAlertStore implements AlertStore {
    static final String OPEN_INDEX = "OpenAlerts";
    static final String ABSENT = "attribute_not_exists(alertKey)";
    static final String ABSENT_OR_RESOLVED = ABSENT + " OR (#st = :resolved AND attribute_not_exists(pendingNotice))";
    static final String SAME_VERSION = "version = :expected";
    static final Duration KEEP_RESOLVED = Duration.ofDays(30);

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbAlertStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public boolean create(Alert a, boolean replaceResolved) {
        try {
            if (replaceResolved) {
                dynamo.putItem(b -> b.tableName(table).item(item(a)).conditionExpression(ABSENT_OR_RESOLVED)
                        .expressionAttributeNames(Map.of("#st", "status"))
                        .expressionAttributeValues(Map.of(":resolved", Attr.s(Alert.RESOLVED))));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(item(a)).conditionExpression(ABSENT));
            }
            return true;
        } catch (ConditionalCheckFailedException exists) {
            return false;
        }
    }

    @Override
    public boolean update(Alert next) {
        try {
            dynamo.putItem(b -> b.tableName(table).item(item(next)).conditionExpression(SAME_VERSION)
                    .expressionAttributeValues(Map.of(":expected", Attr.n(next.version() - 1))));
            return true;
        } catch (ConditionalCheckFailedException changed) {
            return false;
        }
    }

    @Override
    public Optional<Alert> find(String accountId, String key) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("accountId", Attr.s(accountId), "alertKey", Attr.s(key)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(alert(item));
    }

    @Override
    public List<Alert> kpiAlerts(String accountId) {
        List<Alert> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).consistentRead(true)
                        .keyConditionExpression("accountId = :a AND begins_with(alertKey, :kpi)")
                        .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":kpi", Attr.s("KPI#"))))
                .items().forEach(i -> out.add(alert(i)));
        return out;
    }

    @Override
    public List<Alert> openOrPending(String accountId) {
        List<Alert> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).indexName(OPEN_INDEX).keyConditionExpression("openAccount = :a")
                .expressionAttributeValues(Map.of(":a", Attr.s(accountId)))).items().forEach(i -> out.add(alert(i)));
        return out;
    }

    @Override
    public List<Alert> recent(String accountId, int limit) {
        List<Alert> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("accountId = :a")
                .expressionAttributeValues(Map.of(":a", Attr.s(accountId)))).items().forEach(i -> {
                    if (!CURSOR.equals(str(i, "alertKey"))) {
                        out.add(alert(i));
                    }
                });
        out.sort(Comparator.comparing(Alert::updatedAt, Comparator.nullsLast(Comparator.reverseOrder())));
        return out.size() > limit ? out.subList(0, limit) : out;
    }

    /** The order alerts' cursor lives beside the account's alerts, under a key no alert has. */
    static final String CURSOR = "CURSOR#orders-checked";

    @Override
    public Optional<java.time.Instant> ordersCheckedUntil(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("accountId", Attr.s(accountId), "alertKey", Attr.s(CURSOR)))).item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(java.time.Instant.ofEpochMilli(Attr.num(item, "until")));
    }

    @Override
    public void advanceOrdersChecked(String accountId, java.time.Instant until) {
        try {
            dynamo.updateItem(b -> b.tableName(table).key(Map.of("accountId", Attr.s(accountId), "alertKey", Attr.s(CURSOR)))
                    .updateExpression("SET #u = :u").conditionExpression("attribute_not_exists(#u) OR #u < :u")
                    .expressionAttributeNames(Map.of("#u", "until"))
                    .expressionAttributeValues(Map.of(":u", Attr.n(until.toEpochMilli()))));
        } catch (ConditionalCheckFailedException alreadyFurther) {
            // a concurrent run checked further already
        }
    }

    static Map<String, AttributeValue> item(Alert a) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("accountId", Attr.s(a.accountId()));
        item.put("alertKey", Attr.s(a.key()));
        Attr.put(item, "kind", a.kind());
        Attr.put(item, "level", a.level());
        Attr.put(item, "severity", a.severity());
        Attr.put(item, "status", a.status());
        Attr.put(item, "subject", a.subject());
        Attr.put(item, "orderId", a.orderId());
        Attr.put(item, "waybill", a.waybill());
        Map<String, AttributeValue> details = new HashMap<>();
        a.details().forEach((k, v) -> details.put(k, Attr.s(v)));
        item.put("details", AttributeValue.fromM(details));
        Attr.put(item, "openedAt", a.openedAt());
        Attr.put(item, "updatedAt", a.updatedAt());
        Attr.put(item, "resolvedAt", a.resolvedAt());
        Attr.put(item, "lastNotifiedAt", a.lastNotifiedAt());
        Attr.put(item, "pendingNotice", a.pendingNotice());
        Attr.put(item, "noticeLeaseUntil", a.noticeLeaseUntil());
        item.put("version", Attr.n(a.version()));
        if (a.isOpen() || a.pendingNotice() != null) {
            item.put("openAccount", Attr.s(a.accountId()));
        } else if (a.resolvedAt() != null) {
            item.put("expiresAt", Attr.n(a.resolvedAt().plus(KEEP_RESOLVED).getEpochSecond()));
        }
        return item;
    }

    static Alert alert(Map<String, AttributeValue> i) {
        Map<String, String> details = new TreeMap<>();
        AttributeValue d = i.get("details");
        if (d != null && d.m() != null) {
            d.m().forEach((k, v) -> details.put(k, v.s()));
        }
        return new Alert(str(i, "accountId"), str(i, "alertKey"), str(i, "kind"), str(i, "level"), str(i, "severity"),
                str(i, "status"), str(i, "subject"), str(i, "orderId"), str(i, "waybill"), details, instant(i, "openedAt"),
                instant(i, "updatedAt"), instant(i, "resolvedAt"), instant(i, "lastNotifiedAt"), str(i, "pendingNotice"),
                instant(i, "noticeLeaseUntil"), Attr.num(i, "version"));
    }
}
