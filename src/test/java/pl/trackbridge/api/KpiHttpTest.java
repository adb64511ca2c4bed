package pl.trackbridge.api;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.order.Order;
import pl.trackbridge.store.dynamodb.DynamoDbOrderStore;
import pl.trackbridge.testsupport.ForwardingQueueMessages;
import pl.trackbridge.testsupport.LocalAwsResource;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code GET /accounts/{id}/kpis} over real HTTP, after {@code POST /jobs/kpi-rollup}, and its bad inputs. */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
public class KpiHttpTest {
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    String account;
    DynamoDbClient dynamo;

    @BeforeEach
    void account() {
        io.restassured.RestAssured.port = HTTP_PORT;
        account = "kpi-" + UUID.randomUUID().toString().substring(0, 8);
        given().contentType("application/json").body("{\"timeZone\":\"Europe/Warsaw\"}").put("/accounts/" + account)
                .then().statusCode(201);
        dynamo = DynamoDbClient.builder().endpointOverride(URI.create(System.getProperty(LocalAwsResource.DYNAMO_ENDPOINT)))
                .region(Region.EU_CENTRAL_1).httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"))).build();
    }

    @AfterEach
    void close() {
        ForwardingQueueMessages.drain();
        dynamo.close();
    }

    private void order(String id, String deadline) {
        // as order-sync stores it (the order store marks it for the roll-up)
        Instant bought = Instant.parse("2026-11-19T09:00:00Z");
        new DynamoDbOrderStore(dynamo, "OrdersTable").upsert(new Order(account, id, bought, Instant.parse(deadline), null,
                null, true, "READY_FOR_PROCESSING", "NEW", "r1", List.of(), null, null, bought, Instant.now()));
    }

    @Test
    void theRollUpFillsTheDailyCellsRollingValuesAndCarriers() {
        String onTime = UUID.randomUUID().toString(), late = UUID.randomUUID().toString();
        order(onTime, "2026-11-20T22:59:59Z");
        order(late, "2026-11-20T22:59:59Z");
        // handed over 23:59:59 local on the deadline day: on time
        given().contentType("application/json").body("{\"orderId\":\"" + onTime + "\",\"carrierId\":\"UPS\","
                + "\"waybill\":\"1Z999AA10123456784\",\"handedOverAt\":\"2026-11-20T23:59:59+01:00\"}")
                .post("/accounts/" + account + "/shipments").then().statusCode(201);
        // Allegro's own score for the 20th, as the sale-quality job stores it
        new pl.trackbridge.store.dynamodb.DynamoDbSaleQualityStore(dynamo, "JobStateTable").save(new pl.trackbridge.kpi.SaleQuality(
                account, java.time.LocalDate.parse("2026-11-20"), 140, 500, "GOOD", "[]"));
        given().post("/jobs/kpi-rollup").then().statusCode(200).body("job", equalTo("kpi-rollup"))
                .body("complete", equalTo(true));

        given().get("/accounts/" + account + "/kpis?from=2026-11-19&to=2026-11-21").then().statusCode(200)
                .body("timeZone", equalTo("Europe/Warsaw"))
                .body("days.size()", equalTo(3))
                .body("days[1].day", equalTo("2026-11-20"))
                .body("days[1].kpis.DISPATCH_ON_TIME.numerator", equalTo(1))
                .body("days[1].kpis.DISPATCH_ON_TIME.denominator", equalTo(2))
                .body("days[1].kpis.DISPATCH_ON_TIME.rate", equalTo(0.5f))
                .body("days[1].kpis.DISPATCH_ON_TIME.carriers.UPS.denominator", equalTo(1))
                .body("days[1].kpis.DISPATCH_ON_TIME.carriers.UPS.numerator", equalTo(1))
                .body("days[2].kpis.DISPATCH_ON_TIME.denominator", equalTo(0))
                .body("days[2].kpis.DISPATCH_ON_TIME.rate", nullValue())
                .body("days[2].kpis.DISPATCH_ON_TIME.rolling7.numerator", equalTo(1))
                .body("days[2].kpis.DISPATCH_ON_TIME.rolling7.denominator", equalTo(2))
                .body("days[2].kpis.DISPATCH_ON_TIME.rolling30.rate", equalTo(0.5f))
                .body("days[1].kpis.TRACKING_UPLOAD.denominator", equalTo(1))
                .body("days[1].kpis.TRACKING_UPLOAD.numerator", equalTo(0))
                .body("days[1].kpis.TRACKING_TIMELINESS.p50LatencyMs", nullValue())
                .body("days[0].kpis.SELLER_CANCELLATION.denominator", equalTo(2))
                .body("days[0].allegroSaleQuality", nullValue())
                .body("days[1].allegroSaleQuality.score", equalTo(140))
                .body("days[1].allegroSaleQuality.maxScore", equalTo(500))
                .body("days[1].allegroSaleQuality.grade", equalTo("GOOD"));
        // nothing changed since: a second run has no work
        given().post("/jobs/kpi-rollup").then().statusCode(200).body("orders", equalTo(0));
    }

    @Test
    void badRangesAre400WithTheFieldNamedAndUnknownAccounts404() {
        given().get("/accounts/" + account + "/kpis?from=2026-11-19").then().statusCode(400)
                .body("error", equalTo("INVALID_QUERY")).body("fields.to", equalTo("required, YYYY-MM-DD"));
        given().get("/accounts/" + account + "/kpis?from=2026-11-19&to=yesterday").then().statusCode(400)
                .body("fields.to", equalTo("not a date (YYYY-MM-DD)"));
        given().get("/accounts/" + account + "/kpis?from=2026-11-19&to=2026-11-18").then().statusCode(400)
                .body("fields.to", equalTo("must not be before from"));
        given().get("/accounts/" + account + "/kpis?from=2025-01-01&to=2026-11-18").then().statusCode(400)
                .body("fields.to", equalTo("at most 366 days from 'from'"));
        given().get("/accounts/no-such-" + account + "/kpis?from=2026-11-19&to=2026-11-19").then().statusCode(404);
        given().post("/accounts/" + account + "/kpis").then().statusCode(405);
    }
}
