package pl.trackbridge.forwarding;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.account.ForwardingPolicy;
import pl.trackbridge.local.EmbeddedAws;
import pl.trackbridge.local.allegro.ManualClock;
import pl.trackbridge.order.Order;
import pl.trackbridge.order.OrderStore;
import pl.trackbridge.store.InMemoryAccountStore;
import pl.trackbridge.store.InMemoryTrackingStore;
import pl.trackbridge.store.dynamodb.DynamoDbRegistrationStore;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The forwarder reads an account (its forwarding policy) once per TTL, not once per forward: the registrations are
 * real (DynamoDB Local), the account reads are counted at the account store, Allegro is a recording fake (only
 * the POSTs matter here; the forwarder's calls against the stand-in are in {@code TrackingForwarderStandInTest}).
 */
class TrackingForwarderAccountCacheTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");
    static EmbeddedAws aws;
    static DynamoDbClient dynamo;

    final ManualClock clock = new ManualClock(T0);
    final String account = "cache-" + UUID.randomUUID().toString().substring(0, 8);
    final CountingAccounts accounts = new CountingAccounts();
    final RecordingAllegro allegro = new RecordingAllegro();
    DynamoDbRegistrationStore registrations;

    @BeforeAll
    static void startDynamo() {
        aws = EmbeddedAws.start(0, 0, Path.of("template.yaml"));
        dynamo = aws.dynamoClient();
    }

    @AfterAll
    static void stopDynamo() {
        dynamo.close();
        aws.close();
    }

    /** Counts every account read: in AWS each is one GetItem on the accounts table. */
    static final class CountingAccounts implements AccountStore {
        final InMemoryAccountStore store = new InMemoryAccountStore();
        final AtomicInteger reads = new AtomicInteger();

        @Override
        public Optional<Account> find(String accountId) {
            reads.incrementAndGet();
            return store.find(accountId);
        }

        @Override
        public void save(Account account) {
            store.save(account);
        }

        @Override
        public List<String> accountIds() {
            return store.accountIds();
        }
    }

    /** Allegro accepting every waybill; records the POSTs. */
    static final class RecordingAllegro implements AllegroFulfillment {
        static final ObjectMapper JSON = new ObjectMapper();
        final List<String> posted = new ArrayList<>();

        @Override
        public JsonNode orderShipments(String accountId, String orderId) {
            return JSON.createObjectNode().putArray("shipments");
        }

        @Override
        public synchronized JsonNode addShipment(String accountId, String orderId, JsonNode body) {
            posted.add(body.path("waybill").asText());
            return JSON.createObjectNode().put("id", UUID.randomUUID().toString()).put("createdAt", T0.toString());
        }

        @Override
        public JsonNode checkoutForm(String accountId, String orderId) {
            throw new UnsupportedOperationException("no SENT without a handover in these tests");
        }

        @Override
        public void setFulfillment(String accountId, String orderId, String revision, String status) {
            throw new UnsupportedOperationException("no SENT without a handover in these tests");
        }
    }

    private void saveAccount(ForwardingPolicy.WaybillAt waybillAt) {
        accounts.save(new Account(account, ZoneId.of("Europe/Warsaw"), null, null, null, T0, clock.instant(),
                new ForwardingPolicy(waybillAt, false)));
    }

    /** Orders are read only for SENT and PROCESSING, which these forwards never reach. */
    static final OrderStore NO_ORDERS = new OrderStore() {
        @Override
        public Optional<Order> find(String accountId, String orderId) {
            return Optional.empty();
        }

        @Override
        public boolean upsert(Order order) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<Order> withDeadlineBetween(String accountId, Instant from, Instant to) {
            return List.of();
        }
    };

    /** Exactly as the application wires it (AllegroBeans), with the account reads counted. */
    private TrackingForwarder forwarder(Duration ttl) {
        registrations = new DynamoDbRegistrationStore(dynamo, "ForwardsTable");
        return new TrackingForwarder(registrations, allegro, new InMemoryTrackingStore(), NO_ORDERS, clock,
                Duration.ofSeconds(60), id -> accounts.find(id).map(Account::forwarding).orElse(ForwardingPolicy.DEFAULT),
                ttl);
    }

    /** A new registration of this account, forwarded once, as its queue message would be. */
    private Registration forwardNew(TrackingForwarder forwarder) {
        String order = UUID.randomUUID().toString();
        String waybill = "1Z" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toUpperCase();
        Registration r = new Registration(account, order, waybill, "UPS", null, List.of(), null, null, clock.instant(),
                null, false);
        registrations.createIfAbsent(r);
        forward(forwarder, r);
        return r;
    }

    private void forward(TrackingForwarder forwarder, Registration r) {
        assertEquals(TrackingForwarder.Result.DONE, forwarder.handle(new ForwardRequest(ForwardRequest.REGISTERED,
                r.accountId(), r.waybill(), r.carrierId(), r.orderId(), r.registeredAt()), 1, 8));
    }

    @Test
    void twoForwardsOfOneAccountWithinTheTtlReadItOnceAndAfterTheTtlTwice() {
        saveAccount(ForwardingPolicy.WaybillAt.REGISTRATION);
        TrackingForwarder forwarder = forwarder(Duration.ofSeconds(60));
        String first = forwardNew(forwarder).waybill();
        clock.advance(Duration.ofSeconds(59));
        String second = forwardNew(forwarder).waybill();
        assertEquals(1, accounts.reads.get(), "the second forward within 60 s reuses the account");
        assertEquals(List.of(first, second), allegro.posted);

        clock.advance(Duration.ofSeconds(1)); // 60 s after the read: expired
        String third = forwardNew(forwarder).waybill();
        assertEquals(2, accounts.reads.get(), "after the TTL the account is read again");
        assertEquals(List.of(first, second, third), allegro.posted);
    }

    @Test
    void aPolicyChangeTakesEffectWithinTheTtl() {
        saveAccount(ForwardingPolicy.WaybillAt.FIRST_SCAN);
        TrackingForwarder forwarder = forwarder(Duration.ofSeconds(60));
        forwardNew(forwarder);
        assertEquals(List.of(), allegro.posted, "FIRST_SCAN: a label alone does not reach Allegro");

        saveAccount(ForwardingPolicy.WaybillAt.REGISTRATION); // PUT /accounts/{id} with waybillAt REGISTRATION
        clock.advance(Duration.ofSeconds(30));
        Registration early = forwardNew(forwarder);
        assertEquals(List.of(), allegro.posted, "still the policy read 30 s ago");

        clock.advance(Duration.ofSeconds(30));
        String late = forwardNew(forwarder).waybill();
        assertEquals(List.of(late), allegro.posted, "60 s after the read the new policy holds");
        assertEquals(2, accounts.reads.get());
        forward(forwarder, early);
        assertEquals(List.of(late, early.waybill()), allegro.posted, "the earlier registration goes too once asked again");
    }

    @Test
    void aZeroTtlReadsTheAccountOnEveryForward() {
        saveAccount(ForwardingPolicy.WaybillAt.REGISTRATION);
        TrackingForwarder forwarder = forwarder(Duration.ZERO);
        forwardNew(forwarder);
        forwardNew(forwarder);
        assertEquals(2, accounts.reads.get());
    }

    @Test
    void accountsAreCachedEachOnTheirOwn() {
        saveAccount(ForwardingPolicy.WaybillAt.REGISTRATION);
        TrackingForwarder forwarder = forwarder(Duration.ofSeconds(60));
        forwardNew(forwarder);
        String other = account + "-b";
        accounts.save(new Account(other, ZoneId.of("Europe/Warsaw"), null, null, null, T0, T0,
                new ForwardingPolicy(ForwardingPolicy.WaybillAt.FIRST_SCAN, false)));
        Registration r = new Registration(other, UUID.randomUUID().toString(), "1Z999AA10123456784", "UPS", null,
                List.of(), null, null, clock.instant(), null, false);
        registrations.createIfAbsent(r);
        forward(forwarder, r);
        assertEquals(2, accounts.reads.get(), "another account is its own read");
        assertEquals(1, allegro.posted.size(), "and its own policy (FIRST_SCAN: nothing posted)");
    }
}
