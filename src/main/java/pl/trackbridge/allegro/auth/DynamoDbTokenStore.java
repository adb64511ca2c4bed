package pl.trackbridge.allegro.auth;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB implementation: one item per account in the tokens table, every change one conditional
 * UpdateItem. {@code leaseUntil} is a number (epoch milliseconds) so the claim can compare it with
 * {@code :now}; the other instants are ISO strings for people reading the table.
 */
public final class DynamoDbTokenStore implements TokenStore {
    /** Nobody refreshed this version yet, and nobody holds a live lease on it (a dead holder's lease has run out). */
    static final String CLAIMABLE = "version = :v AND (attribute_not_exists(leaseUntil) OR leaseUntil < :now)";
    /** The caller still owns the lease it claimed on this version: not taken over, not reconnected meanwhile. */
    static final String HOLDS_LEASE = "version = :v AND leaseHolder = :h";

    static final String CLAIM = "SET leaseHolder = :h, leaseUntil = :until,"
            + " refreshTokenFirstUsedAt = if_not_exists(refreshTokenFirstUsedAt, :nowIso)";
    // Update operands read the item as it was before the update, so the replaced token moves to "previous".
    static final String COMPLETE = "SET accessToken = :at, refreshToken = :rt, accessExpiresAt = :exp, refreshedAt = :nowIso,"
            + " version = version + :one, previousRefreshToken = refreshToken,"
            + " previousRefreshTokenFirstUsedAt = refreshTokenFirstUsedAt"
            + " REMOVE leaseHolder, leaseUntil, refreshTokenFirstUsedAt, retryNotBefore";
    static final String DISCONNECT = "SET #status = :disconnected, disconnectReason = :reason, disconnectedAt = :nowIso,"
            + " version = version + :one REMOVE leaseHolder, leaseUntil, accessToken, accessExpiresAt";
    private static final String INITIAL = "SET refreshToken = :rt, version = if_not_exists(version, :zero) + :one,"
            + " #status = :connected, refreshedAt = :nowIso";
    private static final String INITIAL_CLEARS = "leaseHolder, leaseUntil, refreshTokenFirstUsedAt, previousRefreshToken,"
            + " previousRefreshTokenFirstUsedAt, retryNotBefore, disconnectReason, disconnectedAt";

    private final DynamoDbClient dynamo;
    private final String table;

    public DynamoDbTokenStore(DynamoDbClient dynamo, String table) {
        this.dynamo = dynamo;
        this.table = table;
    }

    @Override
    public Optional<StoredToken> read(String accountId) {
        Map<String, AttributeValue> item = dynamo.getItem(b -> b.tableName(table).key(key(accountId)).consistentRead(true))
                .item();
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(token(item));
    }

    @Override
    public StoredToken putInitial(String accountId, String refreshToken, Instant now) {
        return initial(accountId, refreshToken, null, now);
    }

    @Override
    public StoredToken putInitial(String accountId, TokenPair pair, Instant now) {
        return initial(accountId, pair.refreshToken(), pair, now);
    }

    private StoredToken initial(String accountId, String refreshToken, TokenPair pair, Instant now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":rt", s(refreshToken));
        values.put(":zero", n(0));
        values.put(":one", n(1));
        values.put(":connected", s(TokenStatus.CONNECTED.name()));
        values.put(":nowIso", s(now.toString()));
        String update;
        if (pair != null) {
            values.put(":at", s(pair.accessToken()));
            values.put(":exp", s(pair.accessExpiresAt().toString()));
            update = INITIAL + ", accessToken = :at, accessExpiresAt = :exp REMOVE " + INITIAL_CLEARS;
        } else {
            update = INITIAL + " REMOVE " + INITIAL_CLEARS + ", accessToken, accessExpiresAt";
        }
        // Unconditional: the seller's new authorization wins over whatever chain was stored.
        UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(accountId)).updateExpression(update)
                .expressionAttributeNames(Map.of("#status", "status")).expressionAttributeValues(values)
                .returnValues(ReturnValue.ALL_NEW));
        return token(r.attributes());
    }

    @Override
    public Optional<StoredToken> claimRefresh(String accountId, long expectedVersion, String holder, Instant now,
            Instant leaseUntil) {
        try {
            UpdateItemResponse r = dynamo.updateItem(b -> b.tableName(table).key(key(accountId))
                    .updateExpression(CLAIM).conditionExpression(CLAIMABLE)
                    .expressionAttributeValues(Map.of(":v", n(expectedVersion), ":now", n(now.toEpochMilli()),
                            ":h", s(holder), ":until", n(leaseUntil.toEpochMilli()), ":nowIso", s(now.toString())))
                    .returnValues(ReturnValue.ALL_NEW));
            return Optional.of(token(r.attributes()));
        } catch (ConditionalCheckFailedException anotherCallerFirst) {
            return Optional.empty();
        }
    }

    @Override
    public boolean completeRefresh(String accountId, long expectedVersion, String holder, TokenPair newPair,
            Instant now) {
        return updateAsHolder(accountId, COMPLETE, Map.of(":v", n(expectedVersion), ":h", s(holder),
                ":at", s(newPair.accessToken()), ":rt", s(newPair.refreshToken()),
                ":exp", s(newPair.accessExpiresAt().toString()), ":nowIso", s(now.toString()), ":one", n(1)), null);
    }

    @Override
    public boolean release(String accountId, long expectedVersion, String holder, Instant retryNotBefore) {
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":v", n(expectedVersion), ":h", s(holder)));
        String update = "REMOVE leaseHolder, leaseUntil";
        if (retryNotBefore != null) {
            values.put(":rnb", s(retryNotBefore.toString()));
            update = "SET retryNotBefore = :rnb " + update;
        }
        return updateAsHolder(accountId, update, values, null);
    }

    @Override
    public boolean markDisconnected(String accountId, long expectedVersion, String holder, String reason, Instant at) {
        return updateAsHolder(accountId, DISCONNECT, Map.of(":v", n(expectedVersion), ":h", s(holder),
                ":disconnected", s(TokenStatus.DISCONNECTED.name()), ":reason", s(reason), ":nowIso", s(at.toString()),
                ":one", n(1)), Map.of("#status", "status"));
    }

    private boolean updateAsHolder(String accountId, String update, Map<String, AttributeValue> values,
            Map<String, String> names) {
        try {
            dynamo.updateItem(b -> {
                b.tableName(table).key(key(accountId)).updateExpression(update).conditionExpression(HOLDS_LEASE)
                        .expressionAttributeValues(values);
                if (names != null) {
                    b.expressionAttributeNames(names);
                }
            });
            return true;
        } catch (ConditionalCheckFailedException leaseLost) {
            return false;
        }
    }

    private static Map<String, AttributeValue> key(String accountId) {
        return Map.of("accountId", s(accountId));
    }

    static StoredToken token(Map<String, AttributeValue> item) {
        AttributeValue lease = item.get("leaseUntil");
        String status = str(item, "status");
        return new StoredToken(str(item, "accountId"), str(item, "accessToken"), str(item, "refreshToken"),
                instant(item, "accessExpiresAt"), Long.parseLong(item.get("version").n()), instant(item, "refreshedAt"),
                instant(item, "refreshTokenFirstUsedAt"), str(item, "previousRefreshToken"),
                instant(item, "previousRefreshTokenFirstUsedAt"), str(item, "leaseHolder"),
                lease == null ? null : Instant.ofEpochMilli(Long.parseLong(lease.n())), instant(item, "retryNotBefore"),
                status == null ? TokenStatus.CONNECTED : TokenStatus.valueOf(status), str(item, "disconnectReason"),
                instant(item, "disconnectedAt"));
    }

    private static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    private static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue v = item.get(name);
        return v == null ? null : v.s();
    }

    private static Instant instant(Map<String, AttributeValue> item, String name) {
        String v = str(item, name);
        return v == null ? null : Instant.parse(v);
    }
}
