package pl.trackbridge.alert;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.retry.RetryMode;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sns.SnsClient;

/**
 * The SNS publish checked at the wire: the real AWS SDK client sends its Query-protocol request to a local
 * endpoint standing in for SNS (WireMock answering SNS's PublishResponse), and the exact form fields it sent are
 * asserted: topic, subject, message, and the three message attributes subscribers filter on.
 */
class SnsPublishWireTest {
    static final String TOPIC = "arn:aws:sns:eu-central-1:123456789012:trackbridge-prod-alerts";
    static final String PUBLISH_RESPONSE = """
            <PublishResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/">
              <PublishResult><MessageId>567910cd-659e-55d4-8ccb-5aaf14679dc0</MessageId></PublishResult>
              <ResponseMetadata><RequestId>d74b8436-ae13-5ab4-a9ff-ce54dfea72a0</RequestId></ResponseMetadata>
            </PublishResponse>""";
    WireMockServer sns;
    SnsClient client;

    @BeforeEach
    void start() {
        sns = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        sns.start();
        sns.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(200).withHeader("Content-Type", "text/xml")
                .withBody(PUBLISH_RESPONSE)));
        client = SnsClient.builder().httpClientBuilder(UrlConnectionHttpClient.builder()).region(Region.EU_CENTRAL_1)
                .endpointOverride(URI.create("http://127.0.0.1:" + sns.port()))
                .overrideConfiguration(c -> c.retryStrategy(RetryMode.STANDARD))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", "secret")))
                .build();
    }

    @AfterEach
    void stop() {
        client.close();
        sns.stop();
    }

    static Map<String, String> form(LoggedRequest r) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : r.getBodyAsString().split("&")) {
            String[] kv = pair.split("=", 2);
            out.put(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), kv.length < 2 ? "" : URLDecoder.decode(kv[1], StandardCharsets.UTF_8));
        }
        return out;
    }

    @Test
    void aNotificationIsOnePublishWithTopicSubjectMessageAndFilterAttributes() {
        Notification n = new Notification("shop-1", "DISPATCH_MISSED", "CRITICAL",
                "[CRITICAL] shop-1: 2 orders missed the dispatch deadline",
                "What happened: …\n- order 29f0: deadline 2026-11-20 11:30 (15 min ago), Łódź\n", List.of("a", "b"));
        new SnsAlertNotifier(client, TOPIC).publish(n);

        List<LoggedRequest> requests = sns.findAll(com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor(anyUrl()));
        assertEquals(1, requests.size(), "exactly one request");
        LoggedRequest r = requests.get(0);
        assertEquals("POST", r.getMethod().getName());
        assertEquals("/", r.getUrl());
        assertTrue(r.getHeader("Content-Type").startsWith("application/x-www-form-urlencoded"), r.getHeader("Content-Type"));
        assertTrue(r.getHeader("Authorization").startsWith("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/"), r.getHeader("Authorization"));
        assertTrue(r.getHeader("Authorization").contains("/eu-central-1/sns/aws4_request"), r.getHeader("Authorization"));

        Map<String, String> expected = new LinkedHashMap<>();
        expected.put("Action", "Publish");
        expected.put("Version", "2010-03-31");
        expected.put("TopicArn", TOPIC);
        expected.put("Message", n.message());
        expected.put("Subject", n.subject());
        Map<String, String> attributes = new LinkedHashMap<>();
        Map<String, String> sent = form(r);
        // the SDK numbers the map entries in its own order: match each entry by name
        for (int i = 1; i <= 3; i++) {
            String name = sent.get("MessageAttributes.entry." + i + ".Name");
            assertEquals("String", sent.get("MessageAttributes.entry." + i + ".Value.DataType"), name);
            attributes.put(name, sent.get("MessageAttributes.entry." + i + ".Value.StringValue"));
            expected.put("MessageAttributes.entry." + i + ".Name", name);
            expected.put("MessageAttributes.entry." + i + ".Value.DataType", "String");
            expected.put("MessageAttributes.entry." + i + ".Value.StringValue", attributes.get(name));
        }
        assertEquals(Map.of("severity", "CRITICAL", "account", "shop-1", "kind", "DISPATCH_MISSED"), attributes);
        assertEquals(expected, sent, "exactly these form fields, nothing else");
    }

    @Test
    void aRefusalFromSnsIsAnErrorSoTheNoticeStaysPending() {
        sns.resetAll();
        sns.stubFor(any(anyUrl()).willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/xml").withBody("""
                <ErrorResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><Error><Type>Sender</Type>
                <Code>InvalidParameter</Code><Message>Invalid parameter: Subject</Message></Error>
                <RequestId>7a62c49f-347e-4fc4-9331-6e8e7a96aa73</RequestId></ErrorResponse>""")));
        SnsAlertNotifier notifier = new SnsAlertNotifier(client, TOPIC);
        var e = assertThrows(software.amazon.awssdk.services.sns.model.SnsException.class,
                () -> notifier.publish(new Notification("shop-1", "KPI", "INFO", "s", "m", List.of("k"))));
        assertEquals("InvalidParameter", e.awsErrorDetails().errorCode());
    }
}
