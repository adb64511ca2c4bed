package pl.trackbridge.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;

/**
 * What DynamoDB Local reports as consumed capacity, which {@link DynamoDbMeter} turns into DynamoDB's bill: plain
 * writes of small items at 1 unit per item and per index write, as DynamoDB does; transactional writes at 4 units per
 * item of up to 1 KB, where DynamoDB bills 2. If an upgrade of DynamoDB Local changes this, this test fails and
 * {@link DynamoDbMeter#TRANSACTION_CORRECTION} must be revisited.
 */
class DynamoDbMeterCalibrationTest {
    private static double total(java.util.List<ConsumedCapacity> used) {
        return used.stream().mapToDouble(ConsumedCapacity::capacityUnits).sum();
    }

    @Test
    void dynamoDbLocalBillsTransactionalWritesAtTwiceDynamoDbsRule() {
        try (EmbeddedAws aws = EmbeddedAws.start(0, 0, Path.of("template.yaml")); DynamoDbClient d = aws.dynamoClient()) {
            AttributeValue x = AttributeValue.fromS("calibration");
            // plain writes: as DynamoDB (1 unit per item up to 1 KB; a new entry in an index is one more)
            assertEquals(1.0, d.putItem(b -> b.tableName("KpiTable").returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .item(Map.of("pk", x, "sk", AttributeValue.fromS("plain")))).consumedCapacity().capacityUnits());
            assertEquals(2.0, d.putItem(b -> b.tableName("PollScheduleTable").returnConsumedCapacity(ReturnConsumedCapacity.TOTAL)
                    .item(Map.of("accountId", x, "waybill", x, "pollShard", x, "nextPollAt", AttributeValue.fromN("1"))))
                    .consumedCapacity().capacityUnits());
            // one small item in a transaction: DynamoDB bills 2 units, DynamoDB Local reports 4
            double one = total(d.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName("KpiTable")
                            .item(Map.of("pk", x, "sk", AttributeValue.fromS("tx1"))).build()).build())).consumedCapacity());
            assertEquals(4.0, one);
            assertEquals(2.0, one * DynamoDbMeter.TRANSACTION_CORRECTION, "DynamoDB's rule: 2 units per item up to 1 KB");
            // two items in two tables: 4 each (DynamoDB: 2 each, 4 in all)
            double two = total(d.transactWriteItems(b -> b.returnConsumedCapacity(ReturnConsumedCapacity.TOTAL).transactItems(
                    TransactWriteItem.builder().put(Put.builder().tableName("KpiTable")
                            .item(Map.of("pk", x, "sk", AttributeValue.fromS("tx2"))).build()).build(),
                    TransactWriteItem.builder().put(Put.builder().tableName("TrackingEventsTable")
                            .item(Map.of("shipmentKey", x, "eventKey", x)).build()).build())).consumedCapacity());
            assertEquals(8.0, two);
        }
    }
}
