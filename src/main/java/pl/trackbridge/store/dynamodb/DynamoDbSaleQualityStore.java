package pl.trackbridge.store.dynamodb;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import pl.trackbridge.kpi.SaleQuality;
import pl.trackbridge.kpi.SaleQualityStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Sales quality in the job-state table: {@code pk = accountId}, {@code sk = sale-quality#YYYY-MM-DD}, so a
 * date range is one Query on the account's partition.
 */
public final class DynamoDbSaleQualityStore implements SaleQualityStore {
    static final String PREFIX = "sale-quality#";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbSaleQualityStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public void save(SaleQuality q) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("pk", Attr.s(q.accountId()));
        item.put("sk", Attr.s(PREFIX + q.day()));
        item.put("score", Attr.n(q.score()));
        item.put("maxScore", Attr.n(q.maxScore()));
        Attr.put(item, "grade", q.grade());
        Attr.put(item, "metrics", q.metricsJson());
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public List<SaleQuality> between(String accountId, LocalDate from, LocalDate to) {
        List<SaleQuality> out = new ArrayList<>();
        dynamo.queryPaginator(b -> b.tableName(table).keyConditionExpression("pk = :a AND sk BETWEEN :f AND :t")
                .expressionAttributeValues(Map.of(":a", Attr.s(accountId), ":f", Attr.s(PREFIX + from),
                        ":t", Attr.s(PREFIX + to)))).items().forEach(i -> out.add(new SaleQuality(accountId,
                LocalDate.parse(Attr.str(i, "sk").substring(PREFIX.length())), (int) Attr.num(i, "score"),
                (int) Attr.num(i, "maxScore"), Attr.str(i, "grade"), Attr.str(i, "metrics"))));
        return out;
    }
}
