package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import pl.trackbridge.reconciliation.ReconciliationReport;
import pl.trackbridge.reconciliation.ReconciliationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Reconciliation reports in the job-state table: {@code pk = accountId}, {@code sk = reconciliation#YYYY-MM-DD}.
 * Sets are merged with {@code ADD} (a repeated or concurrent run adds nothing twice); {@code missing} and
 * {@code stillMissing} hold the latest run's view (what a {@code RECONCILIATION_GAP} alert rule reads).
 */
public final class DynamoDbReconciliationStore implements ReconciliationStore {
    static final String SK_PREFIX = "reconciliation#";
    /** Reports are kept a quarter, like Allegro's own look-back. */
    static final long RETENTION_SECONDS = 90L * 24 * 3600;

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbReconciliationStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String accountId, LocalDate date) {
        return Map.of("pk", Attr.s(accountId), "sk", Attr.s(SK_PREFIX + date));
    }

    @Override
    public void merge(ReconciliationReport run) {
        Map<String, AttributeValue> values = new HashMap<>();
        // every name through #placeholders: "missing" and others are DynamoDB reserved words
        Map<String, String> names = new HashMap<>();
        for (String n : List.of("runAt", "missing", "stillMissing", "errors", "reportDate", "expiresAt")) {
            names.put("#" + n, n);
        }
        StringBuilder set = new StringBuilder("SET #runAt = :runAt, #missing = :missing, #stillMissing = :n, "
                + "#errors = :errors, #reportDate = :date, #expiresAt = :exp");
        values.put(":runAt", Attr.s(run.runAt().toString()));
        values.put(":n", Attr.n(run.missing().size()));
        values.put(":date", Attr.s(run.date().toString()));
        values.put(":exp", Attr.n(run.runAt().getEpochSecond() + RETENTION_SECONDS));
        values.put(":errors", AttributeValue.fromL(run.errors().stream().map(Attr::s).toList()));
        List<AttributeValue> missing = new ArrayList<>();
        for (ReconciliationReport.Missing m : run.missing()) {
            Map<String, AttributeValue> item = new HashMap<>();
            item.put("orderId", Attr.s(m.orderId()));
            Attr.put(item, "waybill", m.waybill());
            item.put("reason", Attr.s(m.reason()));
            Attr.put(item, "dispatchDeadline", m.dispatchDeadline());
            missing.add(AttributeValue.fromM(item));
        }
        values.put(":missing", AttributeValue.fromL(missing));
        List<String> add = new ArrayList<>();
        addSet(add, names, values, "ordersChecked", run.ordersChecked());
        addSet(add, names, values, "repaired", run.repaired());
        addSet(add, names, values, "adopted", run.adopted());
        String expression = set + (add.isEmpty() ? "" : " ADD " + String.join(", ", add));
        dynamo.updateItem(b -> b.tableName(table).key(key(run.accountId(), run.date())).updateExpression(expression)
                .expressionAttributeNames(names).expressionAttributeValues(values));
    }

    private static void addSet(List<String> add, Map<String, String> names, Map<String, AttributeValue> values, String name,
            Set<String> entries) {
        if (!entries.isEmpty()) { // DynamoDB has no empty sets
            add.add("#" + name + " :" + name);
            names.put("#" + name, name);
            values.put(":" + name, AttributeValue.fromSs(List.copyOf(entries)));
        }
    }

    @Override
    public Optional<ReconciliationReport> find(String accountId, LocalDate date) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(accountId, date))
                .consistentRead(true)).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        List<ReconciliationReport.Missing> missing = new ArrayList<>();
        AttributeValue m = item.get("missing");
        if (m != null && m.l() != null) {
            for (AttributeValue v : m.l()) {
                missing.add(new ReconciliationReport.Missing(str(v.m(), "orderId"), str(v.m(), "waybill"),
                        str(v.m(), "reason"), instant(v.m(), "dispatchDeadline")));
            }
        }
        List<String> errors = new ArrayList<>();
        AttributeValue e = item.get("errors");
        if (e != null && e.l() != null) {
            e.l().forEach(v -> errors.add(v.s()));
        }
        return Optional.of(new ReconciliationReport(accountId, date, instant(item, "runAt"), strings(item, "ordersChecked"),
                strings(item, "repaired"), strings(item, "adopted"), missing, errors));
    }

    private static Set<String> strings(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null || !v.hasSs() ? Set.of() : Set.copyOf(v.ss());
    }
}
