package pl.trackbridge.allegro.ratelimit;

import pl.trackbridge.local.allegro.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static pl.trackbridge.allegro.ratelimit.InProcessRateLimiterTest.assertRateLimited;

import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.AccessTokens;
import pl.trackbridge.allegro.AllegroApi;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.AllegroClient;
import pl.trackbridge.allegro.DynamoDbRateLimiter;
import pl.trackbridge.allegro.RateLimit;
import pl.trackbridge.allegro.RateLimiter;

/** How AllegroClient uses the limiter: the buckets it takes, and Allegro's 429 stopping every instance. */
class AllegroClientRateLimitTest {
    static final Instant T0 = Instant.parse("2026-11-21T12:00:00Z");

    /** Answers every call with {@code status} and counts what reached "Allegro". */
    static final class FakeAllegro implements AllegroApi {
        volatile int status = 200;
        final AtomicInteger calls = new AtomicInteger();

        private Response answer() {
            calls.incrementAndGet();
            String body = status == 429 ? "{\"errors\":[{\"code\":\"TOO_MANY_REQUESTS\",\"message\":\"slow down\"}]}" : "{}";
            return Response.status(status).header("trace-id", "t-1").entity(body).build();
        }

        @Override
        public Response orderEvents(String bearer, String accept, String from, Integer limit) {
            return answer();
        }

        @Override
        public Response orderEventStats(String bearer, String accept) {
            return answer();
        }

        @Override
        public Response checkoutForm(String bearer, String accept, String id) {
            return answer();
        }

        @Override
        public Response checkoutForms(String bearer, String accept, String updatedAtGte, Integer offset, Integer limit) {
            return answer();
        }

        @Override
        public Response saleQuality(String bearer, String accept) {
            return answer();
        }

        @Override
        public Response carriers(String bearer, String accept) {
            return answer();
        }

        @Override
        public Response orderShipments(String bearer, String accept, String id) {
            return answer();
        }

        @Override
        public Response addShipment(String bearer, String accept, String id, String body) {
            return answer();
        }

        @Override
        public Response setFulfillment(String bearer, String accept, String id, String revision, String body) {
            return answer();
        }

        @Override
        public Response parcelTracking(String bearer, String accept, String carrierId, java.util.List<String> waybills) {
            return answer();
        }
    }

    static final AccessTokens TOKENS = new AccessTokens() {
        @Override
        public String accessToken(String accountId) {
            return "token";
        }

        @Override
        public String onUnauthorized(String accountId, String rejected) {
            return "fresh";
        }
    };

    /** Records the buckets taken instead of counting them. */
    static final class RecordingLimiter implements RateLimiter {
        final List<String> taken = new ArrayList<>();

        @Override
        public void acquire(String bucket) {
            taken.add(bucket);
        }

        @Override
        public void blocked(Duration block) {
            taken.add("blocked " + block);
        }
    }

    @Test
    void shipmentsAndCarriersPathsTakeTheShipmentsBucketToo() {
        assertEquals(RateLimiter.SHIPMENTS, AllegroClient.bucketFor("GET /order/carriers"));
        assertEquals(RateLimiter.SHIPMENTS, AllegroClient.bucketFor("GET /order/carriers/DPD/tracking?waybill=1"));
        assertEquals(RateLimiter.SHIPMENTS, AllegroClient.bucketFor("GET /order/checkout-forms/abc-1/shipments"));
        assertEquals(RateLimiter.SHIPMENTS, AllegroClient.bucketFor("POST /order/checkout-forms/abc-1/shipments"));
        assertNull(AllegroClient.bucketFor("GET /order/checkout-forms/abc-1"));
        assertNull(AllegroClient.bucketFor("GET /order/checkout-forms?offset=0"));
        assertNull(AllegroClient.bucketFor("GET /order/events"));
        assertNull(AllegroClient.bucketFor("GET /order/checkout-forms/shipments")); // an order id, no sub-resource
    }

    @Test
    void everyCallTakesTheApplicationBucketAndA429BlocksForAMinute() {
        FakeAllegro allegro = new FakeAllegro();
        RecordingLimiter limiter = new RecordingLimiter();
        AllegroClient client = new AllegroClient(allegro, TOKENS, limiter);
        client.orderEvents("acc", null, 10);
        client.checkoutForm("acc", "o1");
        assertEquals(List.of("app", "app"), limiter.taken);

        allegro.status = 429;
        AllegroApiException e = assertThrows(AllegroApiException.class, () -> client.orderEventStats("acc"));
        assertEquals(429, e.status());
        assertEquals(List.of("app", "app", "app", "blocked PT1M"), limiter.taken);
    }

    @Test
    void aRateLimitedCallNeverReachesAllegro() {
        FakeAllegro allegro = new FakeAllegro();
        ManualClock clock = new ManualClock(T0);
        AllegroClient client = new AllegroClient(allegro, TOKENS,
                SharedDynamo.limiter(SharedDynamo.newClientId(), RateLimit.allegro(2, 50), clock, Duration.ofSeconds(1)));
        client.orderEvents("acc", null, 10);
        client.orderEvents("acc", null, 10);
        assertRateLimited(() -> client.orderEvents("acc", null, 10));
        assertEquals(2, allegro.calls.get());
    }

    @Test
    void allegros429OnOneInstanceStopsEveryInstanceForAMinute() {
        String clientId = SharedDynamo.newClientId();
        ManualClock clock = new ManualClock(T0);
        Duration refresh = Duration.ofSeconds(1);
        FakeAllegro allegroA = new FakeAllegro();
        FakeAllegro allegroB = new FakeAllegro();
        DynamoDbRateLimiter limiterA = SharedDynamo.limiter(clientId, RateLimit.allegro(9000, 50), clock, refresh);
        DynamoDbRateLimiter limiterB = SharedDynamo.limiter(clientId, RateLimit.allegro(9000, 50), clock, refresh);
        AllegroClient a = new AllegroClient(allegroA, TOKENS, limiterA);
        AllegroClient b = new AllegroClient(allegroB, TOKENS, limiterB);

        allegroA.status = 429;
        assertThrows(AllegroApiException.class, () -> a.orderEvents("seller-1", null, 10));
        clock.advance(refresh); // b's cached view of the block is at most this old
        assertRateLimited(() -> b.orderEvents("seller-2", null, 10));
        assertRateLimited(() -> a.checkoutForm("seller-3", "o1"));
        assertEquals(0, allegroB.calls.get());
        assertEquals(1, allegroA.calls.get());

        allegroA.status = 200;
        clock.set(T0.plusSeconds(59));
        assertRateLimited(() -> b.orderEvents("seller-2", null, 10));
        clock.set(T0.plusSeconds(60));
        a.orderEvents("seller-1", null, 10);
        b.orderEvents("seller-2", null, 10);
        assertEquals(1, allegroB.calls.get());
    }
}
