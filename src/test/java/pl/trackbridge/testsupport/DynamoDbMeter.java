package pl.trackbridge.testsupport;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * Counts the DynamoDB requests the application makes and the capacity DynamoDB reports for them, for the cost
 * model (benchmarks only; registered with {@code quarkus.dynamodb.interceptors} in a test profile). Asks for
 * {@code ReturnConsumedCapacity=TOTAL} on every request that takes it. DynamoDB Local computes the units like
 * DynamoDB (1 read unit per 4 KB strongly consistent, 1 write unit per 1 KB, index writes included) except in
 * transactions: it reports 4 write units per item of up to 1 KB (and per index write), where DynamoDB bills 2
 * ("a transactional write request of an item up to 1 KB requires two write units", DynamoDB developer guide, read
 * and write operations). {@link #TRANSACTION_CORRECTION} brings transactions to DynamoDB's rule; the figure as
 * DynamoDB Local reports it stays available ({@link Reading#localWriteUnits()}). DynamoDbMeterCalibrationTest pins
 * DynamoDB Local's behaviour, so an upgrade that changes it fails there first.
 */
public final class DynamoDbMeter implements ExecutionInterceptor {
    private static final Map<String, LongAdder> REQUESTS = new ConcurrentHashMap<>();
    private static final Map<String, LongAdder> FAILED = new ConcurrentHashMap<>();
    private static final DoubleAdder READ_UNITS = new DoubleAdder();
    private static final DoubleAdder WRITE_UNITS = new DoubleAdder();
    private static final DoubleAdder LOCAL_WRITE_UNITS = new DoubleAdder();
    /** DynamoDB's transactional write units per unit DynamoDB Local reports for a transaction (2 / 4). */
    public static final double TRANSACTION_CORRECTION = 0.5;
    private static final DoubleAdder UNSPLIT_UNITS = new DoubleAdder();
    private static final Map<String, DoubleAdder> UNITS_BY_TABLE = new ConcurrentHashMap<>();
    private static final Map<String, DoubleAdder> UNITS_BY_OPERATION = new ConcurrentHashMap<>();

    /**
     * @param writeUnits      by DynamoDB's rule (transactions corrected, see the class comment)
     * @param unsplitUnits    unused (kept 0): responses without capacity show as zero read/write units
     * @param localWriteUnits as DynamoDB Local reports them (transactions at twice DynamoDB's rule)
     */
    public record Reading(Map<String, Long> requests, Map<String, Long> failed, double readUnits, double writeUnits,
            double unsplitUnits, double localWriteUnits) {
        public long totalRequests() {
            return requests.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    public static void reset() {
        REQUESTS.clear();
        FAILED.clear();
        READ_UNITS.reset();
        WRITE_UNITS.reset();
        LOCAL_WRITE_UNITS.reset();
        UNSPLIT_UNITS.reset();
        UNITS_BY_TABLE.clear();
        UNITS_BY_OPERATION.clear();
    }

    /** Capacity units per table and operation since the last reset (where the units of a table come from). */
    public static Map<String, Double> unitsByTableAndOperation() {
        Map<String, Double> out = new TreeMap<>();
        UNITS_BY_OPERATION.forEach((k, v) -> out.put(k, Math.round(v.sum() * 10) / 10.0));
        return out;
    }

    /** Capacity units (read and write) per table since the last reset. */
    public static Map<String, Double> unitsByTable() {
        Map<String, Double> out = new TreeMap<>();
        UNITS_BY_TABLE.forEach((k, v) -> out.put(k, Math.round(v.sum() * 10) / 10.0));
        return out;
    }

    public static Reading read() {
        Map<String, Long> requests = new TreeMap<>();
        REQUESTS.forEach((k, v) -> requests.put(k, v.sum()));
        Map<String, Long> failed = new TreeMap<>();
        FAILED.forEach((k, v) -> failed.put(k, v.sum()));
        return new Reading(requests, failed, READ_UNITS.sum(), WRITE_UNITS.sum(), UNSPLIT_UNITS.sum(), LOCAL_WRITE_UNITS.sum());
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity total = ReturnConsumedCapacity.TOTAL;
        if (r instanceof GetItemRequest g) {
            return g.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof PutItemRequest p) {
            return p.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof UpdateItemRequest u) {
            return u.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof DeleteItemRequest d) {
            return d.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof QueryRequest q) {
            return q.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactWriteItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof TransactGetItemsRequest t) {
            return t.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchGetItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        } else if (r instanceof BatchWriteItemRequest b) {
            return b.toBuilder().returnConsumedCapacity(total).build();
        }
        return r;
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        REQUESTS.computeIfAbsent(operation(attributes), k -> new LongAdder()).increment();
        SdkResponse r = context.response();
        List<ConsumedCapacity> used = List.of();
        if (r instanceof GetItemResponse g && g.consumedCapacity() != null) {
            used = List.of(g.consumedCapacity());
        } else if (r instanceof PutItemResponse p && p.consumedCapacity() != null) {
            used = List.of(p.consumedCapacity());
        } else if (r instanceof UpdateItemResponse u && u.consumedCapacity() != null) {
            used = List.of(u.consumedCapacity());
        } else if (r instanceof DeleteItemResponse d && d.consumedCapacity() != null) {
            used = List.of(d.consumedCapacity());
        } else if (r instanceof QueryResponse q && q.consumedCapacity() != null) {
            used = List.of(q.consumedCapacity());
        } else if (r instanceof TransactWriteItemsResponse t) {
            used = t.consumedCapacity();
        } else if (r instanceof TransactGetItemsResponse t) {
            used = t.consumedCapacity();
        } else if (r instanceof BatchGetItemResponse b) {
            used = b.consumedCapacity();
        } else if (r instanceof BatchWriteItemResponse b) {
            used = b.consumedCapacity();
        }
        boolean write = r instanceof PutItemResponse || r instanceof UpdateItemResponse || r instanceof DeleteItemResponse
                || r instanceof TransactWriteItemsResponse || r instanceof BatchWriteItemResponse;
        double factor = r instanceof TransactWriteItemsResponse ? TRANSACTION_CORRECTION : 1;
        for (ConsumedCapacity c : used) {
            if (c != null && c.capacityUnits() != null) {
                double units = c.capacityUnits() * factor;
                UNITS_BY_TABLE.computeIfAbsent(c.tableName() + (write ? " W" : " R"), k -> new DoubleAdder()).add(units);
                UNITS_BY_OPERATION.computeIfAbsent(c.tableName() + " " + operation(attributes), k -> new DoubleAdder())
                        .add(units);
            }
            if (c == null || c.capacityUnits() == null) {
                UNSPLIT_UNITS.add(0); // DynamoDB Local left it out: visible as a zero total
            } else if (write) {
                WRITE_UNITS.add(c.capacityUnits() * factor);
                LOCAL_WRITE_UNITS.add(c.capacityUnits());
            } else {
                READ_UNITS.add(c.capacityUnits());
            }
        }
    }

    @Override
    public void onExecutionFailure(Context.FailedExecution context, ExecutionAttributes attributes) {
        // a failed condition still costs its write (DynamoDB charges failed conditional writes); counted as requests
        FAILED.computeIfAbsent(operation(attributes), k -> new LongAdder()).increment();
    }

    private static String operation(ExecutionAttributes attributes) {
        return String.valueOf(attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME));
    }
}
