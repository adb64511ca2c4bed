package pl.trackbridge.testsupport;

import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Records the IAM action and resource every DynamoDB request needs, as {@code dynamodb:Action on Resource} with the
 * resource written the way template.yaml names it ({@code KpiTable.Arn}, {@code ${ForwardsTable.Arn}/index/ByOrder}), so a
 * test can hold what a function really calls against its policy (a transaction needs the action of each of its
 * items: {@code PutItem}, {@code UpdateItem}, {@code DeleteItem}, {@code ConditionCheckItem}). Local table names are
 * the template's logical ids.
 */
public final class IamActionRecorder implements ExecutionInterceptor {
    /** What was needed, {@code action on resource}. */
    public final Set<String> needed = new ConcurrentSkipListSet<>();

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        Object r = context.request();
        if (r instanceof GetItemRequest g) {
            add("GetItem", g.tableName(), null);
        } else if (r instanceof PutItemRequest p) {
            add("PutItem", p.tableName(), null);
        } else if (r instanceof UpdateItemRequest u) {
            add("UpdateItem", u.tableName(), null);
        } else if (r instanceof DeleteItemRequest d) {
            add("DeleteItem", d.tableName(), null);
        } else if (r instanceof QueryRequest q) {
            add("Query", q.tableName(), q.indexName());
        } else if (r instanceof ScanRequest s) {
            add("Scan", s.tableName(), s.indexName());
        } else if (r instanceof BatchGetItemRequest b) {
            b.requestItems().keySet().forEach(t -> add("BatchGetItem", t, null));
        } else if (r instanceof BatchWriteItemRequest b) {
            b.requestItems().keySet().forEach(t -> add("BatchWriteItem", t, null));
        } else if (r instanceof TransactGetItemsRequest t) {
            t.transactItems().forEach(i -> add("GetItem", i.get().tableName(), null));
        } else if (r instanceof TransactWriteItemsRequest t) {
            t.transactItems().forEach(i -> {
                if (i.put() != null) {
                    add("PutItem", i.put().tableName(), null);
                } else if (i.update() != null) {
                    add("UpdateItem", i.update().tableName(), null);
                } else if (i.delete() != null) {
                    add("DeleteItem", i.delete().tableName(), null);
                } else if (i.conditionCheck() != null) {
                    add("ConditionCheckItem", i.conditionCheck().tableName(), null);
                }
            });
        } else {
            needed.add("dynamodb:" + r.getClass().getSimpleName().replace("Request", "") + " on *");
        }
    }

    private void add(String action, String table, String index) {
        needed.add("dynamodb:" + action + " on " + (index == null ? table + ".Arn" : "${" + table + ".Arn}/index/" + index));
    }

    /** What {@code calls} needed, made through a recording client of {@code aws}'s DynamoDB Local. */
    public static Set<String> during(pl.trackbridge.local.EmbeddedAws aws,
            java.util.function.Consumer<software.amazon.awssdk.services.dynamodb.DynamoDbClient> calls) {
        IamActionRecorder recorder = new IamActionRecorder();
        try (software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo = aws.dynamoClient(recorder)) {
            calls.accept(dynamo);
        }
        if (recorder.needed.isEmpty()) {
            throw new AssertionError("no DynamoDB call was recorded");
        }
        return recorder.needed;
    }

    /** The resources requests went to. */
    public Set<String> resources() {
        Set<String> out = new TreeSet<>();
        needed.forEach(n -> out.add(n.substring(n.indexOf(" on ") + 4)));
        return out;
    }
}
