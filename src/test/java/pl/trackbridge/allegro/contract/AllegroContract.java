package pl.trackbridge.allegro.contract;

import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.allOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.anyOf;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.isResponse;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.messageHasKey;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.pathContainsSubstring;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusIs;
import static com.atlassian.oai.validator.whitelist.rule.WhitelistRules.responseStatusTypeIs;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.Response;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.whitelist.StatusType;
import com.atlassian.oai.validator.whitelist.ValidationErrorsWhitelist;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.LoggedResponse;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Allegro's own OpenAPI ({@code src/test/resources/allegro/openapi.yaml}) as a test oracle: every request the
 * project sends to Allegro and every answer of the Allegro stand-in can be checked against it. The 1.4 MB spec is
 * parsed once per JVM ({@link #get()}); {@link #loadMillis()} says how long that took.
 */
public final class AllegroContract {
    private static final String SPEC = "/allegro/openapi.yaml";
    private static AllegroContract instance;

    private final OpenApiInteractionValidator validator;
    private final long loadMillis;

    private AllegroContract() {
        long start = System.nanoTime();
        validator = OpenApiInteractionValidator.createForInlineApiSpecification(readSpec())
                .withWhitelist(specQuirks())
                .build();
        loadMillis = (System.nanoTime() - start) / 1_000_000;
    }

    /** The shared instance; the first call parses the spec. */
    public static synchronized AllegroContract get() {
        if (instance == null) {
            instance = new AllegroContract();
        }
        return instance;
    }

    public long loadMillis() {
        return loadMillis;
    }

    /**
     * Places where Allegro's spec does not describe what Allegro itself does. Each rule names the message key and
     * narrows it as far as the validator allows; nothing else is relaxed.
     */
    private static ValidationErrorsWhitelist specQuirks() {
        return ValidationErrorsWhitelist.create()
                // Allegro answers 406 (wrong Accept), 415, 429 (throttling) and 5xx on every resource, but most
                // operations list only their business statuses.
                .withRule("cross-cutting statuses not listed per operation", allOf(isResponse(),
                        messageHasKey("validation.response.status.unknown"),
                        anyOf(responseStatusIs(406), responseStatusIs(415), responseStatusIs(429),
                                responseStatusIs(500), responseStatusIs(503))))
                // Most operations declare their 4xx statuses without content, yet Allegro sends a body with every
                // error: AuthError on 401 (declared only on the shipments operations) and ErrorsHolder otherwise.
                .withRule("error bodies the spec does not declare", allOf(isResponse(),
                        messageHasKey("validation.response.body.unexpected"),
                        anyOf(responseStatusTypeIs(StatusType.CLIENT_ERROR),
                                responseStatusTypeIs(StatusType.SERVER_ERROR))))
                // OrderEventStats.latestEvent is a non-nullable object, but Allegro answers {"latestEvent": null}
                // when the seller had no events in 60 days (allegro-api#8496).
                .withRule("event-stats latestEvent null", allOf(isResponse(),
                        messageHasKey("validation.response.body.schema.type"),
                        pathContainsSubstring("/order/event-stats"),
                        messageContainsSubstring("[Path '/latestEvent'] Instance type (null)")))
                // CheckoutForms.count and totalCount say minimum 1, which an empty result cannot meet; an empty
                // list has to come with 0 (inferred: the spec's minimum is an oversight, not a promise).
                .withRule("empty checkout-form list counts", allOf(isResponse(),
                        messageHasKey("validation.response.body.schema.minimum"),
                        pathContainsSubstring("/order/checkout-forms"),
                        anyOf(messageContainsSubstring("[Path '/count']"),
                                messageContainsSubstring("[Path '/totalCount']"))));
    }

    private static String readSpec() {
        try (InputStream in = AllegroContract.class.getResourceAsStream(SPEC)) {
            if (in == null) {
                throw new IllegalStateException(SPEC + " is not on the test classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // ---- checks that fail ----

    public void validateRequest(Request request) {
        fail("request " + request.getMethod() + " " + request.getPath(), validator.validateRequest(request));
    }

    public void validateResponse(String path, Request.Method method, Response response) {
        fail("response " + response.getStatus() + " to " + method + " " + path,
                validator.validateResponse(path, method, response));
    }

    /** Checks one exchange of a WireMock journal; a reset connection has no response, so only its request counts. */
    public void validate(ServeEvent event) {
        String problems = problems(event);
        if (!problems.isEmpty()) {
            throw new AssertionError(problems);
        }
    }

    /** Checks every exchange of a journal except the OAuth endpoints, which the spec does not describe. */
    public void validateJournal(List<ServeEvent> events) {
        List<String> failures = new ArrayList<>();
        for (ServeEvent event : events) {
            if (isApiCall(event)) {
                String problems = problems(event);
                if (!problems.isEmpty()) {
                    failures.add(problems);
                }
            }
        }
        if (!failures.isEmpty()) {
            throw new AssertionError(failures.size() + " of " + events.size()
                    + " exchanges break Allegro's OpenAPI:\n" + String.join("\n", failures));
        }
    }

    public void validateJournal(WireMockServer server) {
        validateJournal(server.getAllServeEvents());
    }

    // ---- reports, for tests that send a bad request on purpose ----

    public ValidationReport requestReport(ServeEvent event) {
        return validator.validateRequest(toRequest(event.getRequest()));
    }

    public ValidationReport responseReport(ServeEvent event) {
        Request request = toRequest(event.getRequest());
        return validator.validateResponse(request.getPath(), request.getMethod(), toResponse(event.getResponse()));
    }

    public static boolean isApiCall(ServeEvent event) {
        return !event.getRequest().getUrl().startsWith("/auth/oauth/");
    }

    private String problems(ServeEvent event) {
        Request request = toRequest(event.getRequest());
        ValidationReport report = validator.validateRequest(request);
        if (event.getResponse() != null && event.getResponse().getFault() == null) {
            report = report.merge(validator.validateResponse(request.getPath(), request.getMethod(),
                    toResponse(event.getResponse())));
        }
        if (!report.hasErrors()) {
            return "";
        }
        return request.getMethod() + " " + event.getRequest().getUrl() + " -> "
                + (event.getResponse() == null ? "?" : event.getResponse().getStatus()) + "\n" + describe(report);
    }

    private static void fail(String what, ValidationReport report) {
        if (report.hasErrors()) {
            throw new AssertionError(what + " breaks Allegro's OpenAPI:\n" + describe(report));
        }
    }

    private static String describe(ValidationReport report) {
        return report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .map(m -> "  [" + m.getKey() + "] " + m.getMessage()
                        + m.getContext().flatMap(c -> c.getPointers().map(p -> " at " + p.getInstance()))
                                .orElse(""))
                .collect(Collectors.joining("\n"));
    }

    // ---- WireMock journal -> validator model ----

    static Request toRequest(LoggedRequest logged) {
        String url = logged.getUrl();
        int q = url.indexOf('?');
        SimpleRequest.Builder builder = new SimpleRequest.Builder(logged.getMethod().getName(),
                q < 0 ? url : url.substring(0, q));
        for (HttpHeader header : logged.getHeaders().all()) {
            builder.withHeader(header.key(), header.values());
        }
        logged.getQueryParams().forEach((name, param) -> builder.withQueryParam(name, param.values()));
        String body = logged.getBodyAsString();
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }

    static Response toResponse(LoggedResponse logged) {
        SimpleResponse.Builder builder = SimpleResponse.Builder.status(logged.getStatus());
        if (logged.getHeaders() != null) {
            for (HttpHeader header : logged.getHeaders().all()) {
                builder.withHeader(header.key(), header.values());
            }
        }
        String body = logged.getBodyAsString();
        if (body != null && !body.isEmpty()) {
            builder.withBody(body);
        }
        return builder.build();
    }
}
