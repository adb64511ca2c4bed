package pl.trackbridge.store.dynamodb;

import static pl.trackbridge.store.dynamodb.Attr.instant;
import static pl.trackbridge.store.dynamodb.Attr.str;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.order.SyncCursor;
import pl.trackbridge.order.SyncCursorStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/** The journal cursor in the job-state table: {@code pk = accountId}, {@code sk = order-sync#cursor}. */
public final class DynamoDbSyncCursorStore implements SyncCursorStore {
    static final String SK = "order-sync#cursor";
    static final String FIRST_CURSOR = "attribute_not_exists(pk)";
    static final String UNCHANGED_CURSOR = "lastEventId = :expected";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSyncCursorStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<SyncCursor> read(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).consistentRead(true)
                .key(Map.of("pk", Attr.s(accountId), "sk", Attr.s(SK)))).item();
        if (item == null || item.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SyncCursor(str(item, "lastEventId"), instant(item, "lastEventAt"), instant(item, "updatedAt")));
    }

    @Override
    public boolean advance(String accountId, String expectedLastEventId, SyncCursor next) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(accountId));
        item.put("sk", Attr.s(SK));
        Attr.put(item, "lastEventId", next.lastEventId());
        Attr.put(item, "lastEventAt", next.lastEventAt());
        Attr.put(item, "updatedAt", next.updatedAt());
        try {
            if (expectedLastEventId == null) {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(FIRST_CURSOR));
            } else {
                dynamo.putItem(b -> b.tableName(table).item(item).conditionExpression(UNCHANGED_CURSOR)
                        .expressionAttributeValues(Map.of(":expected", Attr.s(expectedLastEventId))));
            }
            return true;
        } catch (ConditionalCheckFailedException movedByAnotherRun) {
            return false;
        }
    }
}
