package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.SyncCursor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** The order and cursor stores against DynamoDB Local: round trip and the conditions that make syncs safe. */
class DynamoDbOrderStoresTest {
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;

    @BeforeAll
    static void start() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
        aws.close();
    }

    private static Order order(String revision, String fetchedAt) {
        return new Order("acc", "o1", Instant.parse("2026-11-20T08:00:00Z"), Instant.parse("2026-11-21T22:59:59Z"),
                Instant.parse("2026-11-22T08:00:00Z"), Instant.parse("2026-11-24T18:00:00Z"), true, "READY_FOR_PROCESSING",
                "NEW", revision, List.of(new Order.LineItem("li1", "offer1", 2)),
                new Order.Cancellation(Order.Cancellation.BUYER, Instant.parse("2026-11-21T10:00:00Z")), "method-1",
                Instant.parse("2026-11-20T08:00:00Z"), Instant.parse(fetchedAt));
    }

    @Test
    void ordersRoundTripAndTheLaterReadWins() {
        DynamoDbOrderStore store = new DynamoDbOrderStore(dynamo, "OrdersTable");
        assertEquals("attribute_not_exists(orderId) OR fetchedAt <= :fetchedAt", DynamoDbOrderStore.NEWER_READ_WINS);
        assertTrue(store.upsert(order("r2", "2026-11-21T12:00:05Z")));
        assertFalse(store.upsert(order("r1", "2026-11-21T12:00:00Z")), "an older read never overwrites a newer one");
        assertEquals(order("r2", "2026-11-21T12:00:05Z"), store.find("acc", "o1").orElseThrow());
    }

    @Test
    void ordersByDeadlineFollowTimeNotTextAtTheBoundaries() {
        DynamoDbOrderStore store = new DynamoDbOrderStore(dynamo, "OrdersTable");
        // "10:00:00.500Z" sorts before "10:00:00Z" as text but is after it in time
        for (String[] o : new String[][] {{"d1", "2026-11-21T09:59:59.999Z"}, {"d2", "2026-11-21T10:00:00Z"},
                {"d3", "2026-11-21T10:00:00.500Z"}, {"d4", "2026-11-21T11:59:59.999Z"}, {"d5", "2026-11-21T12:00:00Z"}}) {
            store.upsert(new Order("acc-d", o[0], null, Instant.parse(o[1]), null, null, false, "READY_FOR_PROCESSING",
                    "NEW", "r", List.of(), null, null, null, Instant.parse("2026-11-21T08:00:00Z")));
        }
        store.upsert(new Order("acc-other", "x", null, Instant.parse("2026-11-21T10:30:00Z"), null, null, false,
                "READY_FOR_PROCESSING", "NEW", "r", List.of(), null, null, null, Instant.parse("2026-11-21T08:00:00Z")));
        List<String> ids = store.withDeadlineBetween("acc-d", Instant.parse("2026-11-21T10:00:00Z"),
                Instant.parse("2026-11-21T12:00:00Z")).stream().map(Order::orderId).toList();
        assertEquals(List.of("d2", "d3", "d4"), ids, "[from, to) in time order, one account only");
    }

    @Test
    void theCursorOnlyMovesFromWhereItWas() {
        DynamoDbSyncCursorStore cursors = new DynamoDbSyncCursorStore(dynamo, "JobStateTable");
        SyncCursor first = new SyncCursor("100", Instant.parse("2026-11-21T10:00:00Z"), Instant.parse("2026-11-21T12:00:00Z"));
        SyncCursor second = new SyncCursor("200", Instant.parse("2026-11-21T11:00:00Z"), Instant.parse("2026-11-21T12:01:00Z"));
        assertTrue(cursors.advance("acc-c", null, first));
        assertFalse(cursors.advance("acc-c", null, second), "a second 'first' cursor loses");
        assertTrue(cursors.advance("acc-c", "100", second));
        assertFalse(cursors.advance("acc-c", "100", first), "a run that read 100 cannot move it back");
        assertEquals(second, cursors.read("acc-c").orElseThrow());
    }
}
