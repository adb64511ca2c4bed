package pl.trackbridge.store.dynamodb;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import pl.trackbridge.allegro.auth.DeviceAuthorization;
import pl.trackbridge.allegro.auth.DeviceFlowService;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Pending device codes in the job-state table ({@code sk = allegro#device}), expiring with the code (TTL). */
public final class DynamoDbPendingDevices implements DeviceFlowService.PendingDevices {
    static final String SK = "allegro#device";
    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbPendingDevices(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("pk", Attr.s(accountId), "sk", Attr.s(SK));
    }

    @Override
    public void save(String accountId, DeviceAuthorization d) {
        Map<String, AttributeValue> item = new HashMap<>(key(accountId));
        item.put("deviceCode", Attr.s(d.deviceCode()));
        item.put("userCode", Attr.s(d.userCode()));
        Attr.put(item, "verificationUri", d.verificationUri());
        Attr.put(item, "verificationUriComplete", d.verificationUriComplete());
        item.put("deviceExpiresAt", Attr.s(d.expiresAt().toString()));
        item.put("intervalSeconds", Attr.n(d.interval().toSeconds()));
        item.put("expiresAt", Attr.n(d.expiresAt().getEpochSecond() + 3600));
        dynamo.putItem(b -> b.tableName(table).item(item));
    }

    @Override
    public Optional<DeviceAuthorization> find(String accountId) {
        Map<String, AttributeValue> i = dynamo.getItem(b -> b.tableName(table).key(key(accountId)).consistentRead(true)).item();
        if (i == null || i.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new DeviceAuthorization(Attr.str(i, "deviceCode"), Attr.str(i, "userCode"),
                Attr.str(i, "verificationUri"), Attr.str(i, "verificationUriComplete"),
                Instant.parse(Attr.str(i, "deviceExpiresAt")), Duration.ofSeconds(Attr.num(i, "intervalSeconds"))));
    }

    @Override
    public void delete(String accountId) {
        dynamo.deleteItem(b -> b.tableName(table).key(key(accountId)));
    }
}
