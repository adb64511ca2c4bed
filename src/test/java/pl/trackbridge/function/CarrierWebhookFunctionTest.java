package pl.trackbridge.function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import pl.trackbridge.testsupport.LocalAwsResource;
import pl.trackbridge.testsupport.SignedDeliveries;
import pl.trackbridge.testsupport.SignedDeliveries.Delivery;

/**
 * The carrier-webhook Lambda function as AWS invokes it: an API Gateway HTTP API (2.0) event posted to the
 * Lambda mock event server, answered by the same router the local HTTP server uses.
 */
@QuarkusTest
@QuarkusTestResource(LocalAwsResource.class)
public class CarrierWebhookFunctionTest {
    static final int LAMBDA_PORT = Integer.getInteger("trackbridge.test.lambda-port", 8093);
    static final int HTTP_PORT = Integer.getInteger("trackbridge.test.http-port", 8091);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void apiGatewayEventIsStoredAndAnsweredAsHttpApiResponse() throws Exception {
        String account = "fn-" + UUID.randomUUID().toString().substring(0, 8);
        given().port(HTTP_PORT).contentType("application/json")
                .body("{\"webhookSecrets\":" + SignedDeliveries.ACCOUNT_SECRETS_JSON + "}")
                .put("/accounts/" + account).then().statusCode(201);

        Delivery d = SignedDeliveries.sample("aftership", "aftership-tracking-update-trimmed.json", Instant.now());
        given().port(LAMBDA_PORT).contentType("application/json").body(event("POST", "/webhooks/aftership/" + account, d, false))
                .post("/_lambda_").then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString("\"accepted\":"));
        // the same bytes base64-encoded, as API Gateway sends binary bodies: a duplicate now
        given().port(LAMBDA_PORT).contentType("application/json").body(event("POST", "/webhooks/aftership/" + account, d, true))
                .post("/_lambda_").then().statusCode(200)
                .body("statusCode", equalTo(200))
                .body("body", containsString("\"accepted\":0"));
        // bad input through the function is a 4xx response, never a function error
        Delivery tampered = new Delivery(d.source(), d.fixture(), "{}".getBytes(), d.headers(), d.query());
        given().port(LAMBDA_PORT).contentType("application/json").body(event("POST", "/webhooks/aftership/" + account, tampered, false))
                .post("/_lambda_").then().statusCode(200)
                .body("statusCode", equalTo(401))
                .body("body", containsString("AUTHENTICATION_FAILED"));
    }

    private static String event(String method, String path, Delivery d, boolean base64) throws Exception {
        ObjectNode e = JSON.createObjectNode();
        e.put("version", "2.0");
        e.put("routeKey", method + " /webhooks/{source}/{accountId}");
        e.put("rawPath", path);
        e.put("rawQueryString", "");
        ObjectNode headers = e.putObject("headers");
        d.headers().forEach((k, v) -> headers.put(k.toLowerCase(), v));
        ObjectNode ctx = e.putObject("requestContext");
        ctx.put("requestId", UUID.randomUUID().toString());
        ObjectNode http = ctx.putObject("http");
        http.put("method", method);
        http.put("path", path);
        http.put("sourceIp", "203.0.113.7");
        e.put("body", base64 ? Base64.getEncoder().encodeToString(d.body()) : d.bodyText());
        e.put("isBase64Encoded", base64);
        return JSON.writeValueAsString(e);
    }
}
