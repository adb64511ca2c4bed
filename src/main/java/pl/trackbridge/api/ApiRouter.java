package pl.trackbridge.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;
import pl.trackbridge.account.Account;
import pl.trackbridge.account.AccountService;
import pl.trackbridge.allegro.auth.DeviceAuthorization;
import pl.trackbridge.allegro.auth.DeviceFlowService;
import pl.trackbridge.forwarding.Forward;
import pl.trackbridge.forwarding.ForwardState;
import pl.trackbridge.forwarding.Registration;
import pl.trackbridge.forwarding.RegistrationService;
import pl.trackbridge.job.Jobs;
import pl.trackbridge.store.ShipmentRecord;
import pl.trackbridge.store.StoredEvent;
import pl.trackbridge.store.TrackingStore;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.Waybills;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRequest;
import pl.trackbridge.webhook.WebhookResult;
import pl.trackbridge.webhook.WebhookIngestService;

/**
 * The HTTP routes of DESIGN §7, independent of transport: the Lambda functions and the local server both
 * call {@link #handle}. Bad input always ends as a 4xx JSON error; only infrastructure failures are 5xx.
 */
public final class ApiRouter {
    private static final Logger LOG = Logger.getLogger(ApiRouter.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final WebhookIngestService webhooks;
    private final AccountService accounts;
    private final TrackingStore tracking;
    private final Clock clock;
    private final Jobs jobs;
    private final DeviceFlowService deviceFlow;
    private final RegistrationService registrations;
    private pl.trackbridge.alert.AlertStore alerts;
    private pl.trackbridge.kpi.KpiQuery kpis;
    private final pl.trackbridge.reconciliation.ReconciliationStore reconciliations;

    public ApiRouter(WebhookIngestService webhooks, AccountService accounts, TrackingStore tracking, Clock clock) {
        this(webhooks, accounts, tracking, clock, Jobs.none(), null, null);
    }

    /**
     * @param jobs       the jobs {@code POST /jobs/{job}} may run: the local runtime's, none in AWS
     * @param deviceFlow Allegro's device flow for connecting accounts, or null where Allegro is not configured
     * @param registrations shipment registration from the seller's WMS, or null (webhook-only tests)
     */
    public ApiRouter(WebhookIngestService webhooks, AccountService accounts, TrackingStore tracking, Clock clock,
            Jobs jobs, DeviceFlowService deviceFlow, RegistrationService registrations) {
        this(webhooks, accounts, tracking, clock, jobs, deviceFlow, registrations, null);
    }

    /** @param reconciliations the daily reconciliation reports, or null where they are not configured */
    public ApiRouter(WebhookIngestService webhooks, AccountService accounts, TrackingStore tracking, Clock clock,
            Jobs jobs, DeviceFlowService deviceFlow, RegistrationService registrations,
            pl.trackbridge.reconciliation.ReconciliationStore reconciliations) {
        this.reconciliations = reconciliations;
        this.webhooks = webhooks;
        this.accounts = accounts;
        this.tracking = tracking;
        this.clock = clock;
        this.jobs = jobs;
        this.deviceFlow = deviceFlow;
        this.registrations = registrations;
    }

    /** Serves {@code GET /accounts/{id}/kpis} from these reads (issue 5); without them the route answers 404. */
    public ApiRouter withKpis(pl.trackbridge.kpi.KpiQuery kpis) {
        this.kpis = kpis;
        return this;
    }

    /** Serves {@code GET /accounts/{id}/alerts} from this store (issue 6); without it the route answers 404. */
    public ApiRouter withAlerts(pl.trackbridge.alert.AlertStore alerts) {
        this.alerts = alerts;
        return this;
    }

    public ApiResponse handle(ApiRequest request) {
        try {
            return route(request);
        } catch (WebhookRejectedException e) {
            return error(e.problem().httpStatus(), e.problem().code(), e.getMessage(), e.fields());
        } catch (ApiException e) {
            return error(e.status(), e.error(), e.getMessage(), e.fields());
        } catch (RuntimeException e) {
            // Storage or queue trouble: the sender should retry, and nothing half-written was acknowledged.
            LOG.errorf(e, "%s %s failed", request.method(), request.path());
            return error(503, "TEMPORARILY_UNAVAILABLE", "could not complete the request; retry later", Map.of());
        }
    }

    private ApiResponse route(ApiRequest r) {
        List<String> p = segments(r.path());
        String method = r.method() == null ? "" : r.method().toUpperCase(java.util.Locale.ROOT);
        if (p.size() == 3 && p.get(0).equals("webhooks")) {
            return switch (method) {
                case "POST" -> webhook(r, p.get(1), p.get(2));
                // InPost saves a webhook URL only if a GET on it answers 200.
                case "GET", "HEAD" -> ApiResponse.json(200, "{\"status\":\"ready\"}");
                default -> methodNotAllowed(r);
            };
        }
        if (p.size() == 2 && p.get(0).equals("accounts")) {
            return switch (method) {
                case "PUT" -> putAccount(p.get(1), r.body());
                case "GET" -> getAccount(p.get(1));
                default -> methodNotAllowed(r);
            };
        }
        if (p.size() == 3 && p.get(0).equals("accounts") && p.get(2).equals("shipments")) {
            return method.equals("POST") ? registerShipment(p.get(1), r.body()) : methodNotAllowed(r);
        }
        if (p.size() == 3 && p.get(0).equals("accounts") && p.get(2).equals("alerts")) {
            return method.equals("GET") ? getAlerts(p.get(1), r.query()) : methodNotAllowed(r);
        }
        if (p.size() == 4 && p.get(0).equals("accounts") && p.get(2).equals("shipments")) {
            return method.equals("GET") ? getShipment(p.get(1), p.get(3)) : methodNotAllowed(r);
        }
        if (p.size() == 3 && p.get(0).equals("accounts") && p.get(2).equals("reconciliation")) {
            return method.equals("GET") ? getReconciliation(p.get(1), r.query()) : methodNotAllowed(r);
        }
        if (p.size() == 3 && p.get(0).equals("accounts") && p.get(2).equals("kpis")) {
            return method.equals("GET") ? getKpis(p.get(1), r.query()) : methodNotAllowed(r);
        }
        if (p.size() >= 4 && p.get(0).equals("accounts") && p.get(2).equals("allegro") && p.get(3).equals("device-flow")) {
            if (!method.equals("POST") || p.size() > 5 || p.size() == 5 && !p.get(4).equals("poll")) {
                return methodNotAllowed(r);
            }
            return deviceFlow(p.get(1), p.size() == 5);
        }
        if (p.size() == 2 && p.get(0).equals("jobs")) {
            if (!method.equals("POST")) {
                return methodNotAllowed(r);
            }
            JsonNode summary = jobs.run(p.get(1)).orElseThrow(() -> ApiException.notFound("UNKNOWN_JOB",
                    "no job '" + p.get(1) + "' here" + (jobs.names().isEmpty() ? " (jobs run over HTTP only in the local runtime)"
                            : "; known: " + String.join(", ", jobs.names()))));
            return json(200, summary);
        }
        throw ApiException.notFound("NOT_FOUND", "no route for " + method + " " + r.path());
    }

    private ApiResponse webhook(ApiRequest r, String source, String accountId) {
        if (!AccountService.isValidId(accountId)) {
            throw new WebhookRejectedException(WebhookRejectedException.Problem.UNKNOWN_ACCOUNT,
                    "unknown account '" + accountId + "'");
        }
        WebhookResult result = webhooks.ingest(new WebhookRequest(source, accountId, r.headers(), r.query(), r.body(),
                r.sourceIp(), clock.instant()));
        ObjectNode out = JSON.createObjectNode();
        out.put("accepted", result.accepted());
        out.put("duplicates", result.duplicates());
        return json(200, out);
    }

    private ApiResponse putAccount(String accountId, byte[] body) {
        JsonNode node;
        try {
            node = body == null || body.length == 0 ? JSON.createObjectNode() : JSON.readTree(body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        AccountService.Saved saved = accounts.put(accountId, node);
        return json(saved.created() ? 201 : 200, accountView(saved.account()));
    }

    private ApiResponse getAccount(String accountId) {
        Account a = accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        return json(200, accountView(a));
    }

    /** Longest range one KPI request may ask for: a year of days (each with rolling windows and carriers). */
    static final int MAX_KPI_DAYS = 366;

    /** {@code GET /accounts/{id}/kpis?from=YYYY-MM-DD&to=YYYY-MM-DD}: daily cells, rolling 7/30, per carrier. */
    private ApiResponse getKpis(String accountId, Map<String, String> query) {
        Account account = accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        if (kpis == null) {
            throw ApiException.notFound("NOT_CONFIGURED", "KPIs are not configured here");
        }
        Map<String, String> fields = new java.util.LinkedHashMap<>();
        java.time.LocalDate from = day(query, "from", fields);
        java.time.LocalDate to = day(query, "to", fields);
        if (from != null && to != null) {
            if (to.isBefore(from)) {
                fields.put("to", "must not be before from");
            } else if (java.time.temporal.ChronoUnit.DAYS.between(from, to) >= MAX_KPI_DAYS) {
                fields.put("to", "at most " + MAX_KPI_DAYS + " days from 'from'");
            }
        }
        if (!fields.isEmpty()) {
            throw new ApiException(400, "INVALID_QUERY", "invalid query parameters: " + String.join(", ", fields.keySet()),
                    fields);
        }
        return json(200, kpis.report(accountId, account.timeZone().getId(), from, to));
    }

    private static java.time.LocalDate day(Map<String, String> query, String name, Map<String, String> fields) {
        String v = query == null ? null : query.get(name);
        if (v == null || v.isBlank()) {
            fields.put(name, "required, YYYY-MM-DD");
            return null;
        }
        try {
            return java.time.LocalDate.parse(v);
        } catch (java.time.format.DateTimeParseException e) {
            fields.put(name, "not a date (YYYY-MM-DD)");
            return null;
        }
    }

    /** {@code POST /accounts/{id}/shipments}: the seller's WMS registers a waybill for an order. */
    private ApiResponse registerShipment(String accountId, byte[] body) {
        Account account = accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        if (registrations == null) {
            throw ApiException.notFound("NOT_CONFIGURED", "shipment registration is not configured here");
        }
        JsonNode node;
        try {
            node = JSON.readTree(body == null ? new byte[0] : body);
        } catch (IOException e) {
            throw ApiException.badRequest("the body is not valid JSON");
        }
        RegistrationService.Result result = registrations.register(account, node);
        ObjectNode out = registrationView(result.registration());
        return json(result.created() ? 201 : 200, out);
    }

    private static ObjectNode registrationView(Registration g) {
        ObjectNode out = JSON.createObjectNode();
        out.put("accountId", g.accountId());
        out.put("orderId", g.orderId());
        out.put("waybill", g.waybill());
        out.put("carrierId", g.carrierId());
        putText(out, "carrierName", g.carrierName());
        ArrayNode items = out.putArray("lineItems");
        g.lineItemIds().forEach(items::add);
        putText(out, "labelCreatedAt", g.labelCreatedAt());
        putText(out, "handedOverAt", g.handedOverAt());
        putText(out, "registeredAt", g.registeredAt());
        putText(out, "warning", g.warning());
        out.put("forward", g.queued() ? "QUEUED" : "PENDING");
        return out;
    }

    /** A registration with where its forwarding stands and every attempt (time, outcome, Allegro's code, trace id). */
    private static ObjectNode forwardView(Forward f) {
        ObjectNode out = registrationView(f.registration());
        ForwardState s = f.state();
        out.put("waybillState", s.waybill());
        putText(out, "allegroShipmentId", s.allegroShipmentId());
        putText(out, "acceptedAt", s.acceptedAt());
        out.put("sentState", s.sent());
        putText(out, "sentAt", s.sentAt());
        ArrayNode attempts = out.putArray("attempts");
        for (ForwardState.Attempt a : s.attempts()) {
            ObjectNode n = attempts.addObject();
            putText(n, "at", a.at());
            n.put("action", a.action());
            n.put("outcome", a.outcome());
            if (a.httpStatus() > 0) {
                n.put("httpStatus", a.httpStatus());
            }
            putText(n, "errorCode", a.errorCode());
            putText(n, "message", a.message());
            putText(n, "traceId", a.traceId());
        }
        return out;
    }

    /** {@code GET /accounts/{id}/reconciliation?date=YYYY-MM-DD}: the day's report (default: today in the account's zone). */
    private ApiResponse getReconciliation(String accountId, Map<String, String> query) {
        Account account = accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        if (reconciliations == null) {
            throw ApiException.notFound("NOT_CONFIGURED", "reconciliation reports are not configured here");
        }
        String text = query == null ? null : query.get("date");
        java.time.LocalDate date;
        try {
            date = text == null || text.isBlank() ? java.time.LocalDate.ofInstant(clock.instant(), account.timeZone())
                    : java.time.LocalDate.parse(text);
        } catch (java.time.format.DateTimeParseException e) {
            throw new ApiException(400, "MALFORMED_REQUEST", "date must be a calendar day, YYYY-MM-DD",
                    Map.of("date", "a calendar day, YYYY-MM-DD"));
        }
        java.time.LocalDate day = date;
        return json(200, pl.trackbridge.reconciliation.ReconciliationSummary.view(reconciliations.find(accountId, day)
                .orElseThrow(() -> ApiException.notFound("NO_REPORT", "no reconciliation of account " + accountId
                        + " on " + day))));
    }

    /** {@code POST /accounts/{id}/allegro/device-flow} starts, {@code …/device-flow/poll} completes. */
    private ApiResponse deviceFlow(String accountId, boolean poll) {
        accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        if (deviceFlow == null) {
            throw ApiException.notFound("ALLEGRO_NOT_CONFIGURED", "no Allegro application is configured (ALLEGRO_CLIENT_ID)");
        }
        ObjectNode out = JSON.createObjectNode();
        if (!poll) {
            DeviceAuthorization d = deviceFlow.start(accountId);
            out.put("userCode", d.userCode());
            out.put("verificationUri", d.verificationUri());
            out.put("verificationUriComplete", d.verificationUriComplete());
            out.put("expiresAt", d.expiresAt().toString());
            out.put("intervalSeconds", d.interval().toSeconds());
            out.put("next", "confirm at verificationUri, then POST /accounts/" + accountId + "/allegro/device-flow/poll");
            return json(200, out);
        }
        DeviceFlowService.PollResult result = deviceFlow.poll(accountId);
        out.put("status", result.outcome().name());
        putText(out, "detail", result.detail());
        return switch (result.outcome()) {
            case CONNECTED -> json(200, out);
            case PENDING -> json(202, out.put("intervalSeconds", result.intervalSeconds()));
            case NOT_STARTED -> json(404, out);
            case FAILED -> json(410, out);
        };
    }

    /** {@code GET /accounts/{id}/alerts?status=open}: open alerts; without status, open and recently resolved. */
    private ApiResponse getAlerts(String accountId, Map<String, String> query) {
        accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        if (alerts == null) {
            throw ApiException.notFound("NOT_CONFIGURED", "alerts are not configured here");
        }
        String status = query == null ? null : query.get("status");
        if (status != null && !status.equals("open") && !status.equals("all")) {
            throw new ApiException(400, "INVALID_QUERY", "status must be open or all", Map.of("status", "open or all"));
        }
        List<pl.trackbridge.alert.Alert> list = "open".equals(status)
                ? alerts.openOrPending(accountId).stream().filter(pl.trackbridge.alert.Alert::isOpen)
                        .sorted(java.util.Comparator.comparing(pl.trackbridge.alert.Alert::openedAt).reversed()).toList()
                : alerts.recent(accountId, 200);
        ObjectNode out = JSON.createObjectNode();
        out.put("accountId", accountId);
        ArrayNode items = out.putArray("alerts");
        for (pl.trackbridge.alert.Alert a : list) {
            ObjectNode n = items.addObject();
            n.put("key", a.key());
            n.put("kind", a.kind());
            putText(n, "level", a.level());
            n.put("severity", a.severity());
            n.put("status", a.status());
            putText(n, "subject", a.subject());
            putText(n, "orderId", a.orderId());
            putText(n, "waybill", a.waybill());
            putText(n, "openedAt", a.openedAt());
            putText(n, "resolvedAt", a.resolvedAt());
            putText(n, "lastNotifiedAt", a.lastNotifiedAt());
            putText(n, "pendingNotice", a.pendingNotice());
            ObjectNode d = n.putObject("details");
            a.details().forEach(d::put);
        }
        return json(200, out);
    }

    private ApiResponse getShipment(String accountId, String rawWaybill) {
        accounts.get(accountId).orElseThrow(() -> unknownAccount(accountId));
        String waybill = Waybills.normalise(rawWaybill);
        Optional<ShipmentRecord> shipment = waybill == null ? Optional.empty() : tracking.shipment(accountId, waybill);
        List<Forward> registered = waybill == null || registrations == null ? List.of()
                : registrations.forWaybill(accountId, waybill);
        if (shipment.isEmpty() && registered.isEmpty()) {
            throw ApiException.notFound("UNKNOWN_SHIPMENT",
                    "no shipment with waybill '" + rawWaybill + "' on account '" + accountId + "'");
        }
        // registered by the WMS, no carrier event yet: the shipment exists with no tracking state
        ShipmentRecord s = shipment.orElseGet(() -> ShipmentRecord.empty(accountId, waybill,
                registered.get(0).registration().registeredAt()));
        ObjectNode out = JSON.createObjectNode();
        out.put("accountId", s.accountId());
        out.put("waybill", s.waybill());
        out.put("carrierId", s.carrierId() != null || registered.isEmpty() ? s.carrierId() : registered.get(0).registration().carrierId());
        out.put("orderId", s.orderId() != null || registered.isEmpty() ? s.orderId() : registered.get(0).registration().orderId());
        out.put("status", s.state().status().name());
        putText(out, "reason", s.state().reason());
        putText(out, "flag", s.state().flag());
        out.put("terminal", s.state().isTerminal());
        out.put("needsReview", s.state().needsReview());
        putText(out, "statusAt", s.state().current() == null ? null : s.state().current().occurredAt());
        putText(out, "handedOverAt", s.state().firstScanAt());
        putText(out, "lastEventAt", s.state().lastEventAt());
        out.put("eventCount", s.eventCount());
        putText(out, "handoverForward", s.handoverForward());
        ArrayNode events = out.putArray("events");
        for (StoredEvent stored : tracking.events(accountId, waybill)) {
            CanonicalEvent e = stored.event();
            ObjectNode n = events.addObject();
            n.put("occurredAt", e.occurredAt().toString());
            n.put("kind", e.kind().name());
            n.put("status", e.status().name());
            putText(n, "reason", e.reason());
            n.put("source", e.source());
            putText(n, "sourceEventId", e.sourceEventId());
            n.put("carrierId", e.carrierId());
            putText(n, "rawStatus", e.rawStatus());
            putText(n, "rawCode", e.rawCode());
            putText(n, "rawDescription", e.rawDescription());
            putText(n, "newWaybill", e.newWaybill());
            putText(n, "revokes", e.revokes());
            if (e.location() != null) {
                ObjectNode l = n.putObject("location");
                putText(l, "city", e.location().city());
                putText(l, "postalCode", e.location().postalCode());
                putText(l, "country", e.location().country());
                putText(l, "pointId", e.location().pointId());
            }
            putText(n, "receivedAt", stored.receivedAt());
            putText(n, "rawRef", stored.rawRef());
        }
        ArrayNode forwards = out.putArray("forwards");
        registered.forEach(f -> forwards.add(forwardView(f)));
        return json(200, out);
    }

    private ObjectNode accountView(Account a) {
        ObjectNode out = JSON.createObjectNode();
        out.put("accountId", a.accountId());
        out.put("timeZone", a.timeZone().getId());
        // Which secrets are set, never their values.
        ObjectNode sources = out.putObject("webhookSecrets");
        a.webhookSecrets().forEach((source, values) -> {
            ArrayNode keys = sources.putArray(source);
            values.keySet().stream().sorted().forEach(keys::add);
        });
        ObjectNode thresholds = out.putObject("thresholds");
        a.thresholds().forEach((kpi, levels) -> {
            ObjectNode l = thresholds.putObject(kpi);
            levels.forEach(l::put);
        });
        ObjectNode names = out.putObject("carrierNames");
        a.carrierNames().forEach(names::put);
        out.putObject("forwarding").put("waybillAt", a.forwarding().waybillAt().name())
                .put("processingAtLabel", a.forwarding().processingAtLabel());
        out.put("allegro", accounts.allegroStatus(a.accountId()));
        putText(out, "createdAt", a.createdAt());
        putText(out, "updatedAt", a.updatedAt());
        return out;
    }

    private static ApiException unknownAccount(String accountId) {
        return ApiException.notFound("UNKNOWN_ACCOUNT", "unknown account '" + accountId + "'");
    }

    private static ApiResponse methodNotAllowed(ApiRequest r) {
        return error(405, "METHOD_NOT_ALLOWED", r.method() + " is not supported on " + r.path(), Map.of());
    }

    private static void putText(ObjectNode n, String field, Object value) {
        if (value != null) {
            n.put(field, value.toString());
        }
    }

    static ApiResponse error(int status, String code, String message, Map<String, String> fields) {
        ObjectNode out = JSON.createObjectNode();
        out.put("error", code);
        out.put("message", message);
        ObjectNode f = out.putObject("fields");
        fields.forEach(f::put);
        return json(status, out);
    }

    private static ApiResponse json(int status, JsonNode body) {
        try {
            return ApiResponse.json(status, JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<String> segments(String path) {
        if (path == null) {
            return List.of();
        }
        String p = path;
        int q = p.indexOf('?');
        if (q >= 0) {
            p = p.substring(0, q);
        }
        return java.util.Arrays.stream(p.split("/")).filter(s -> !s.isEmpty())
                // percent-decoding of a path segment: '+' is a literal plus there, not a space
                .map(s -> URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8)).toList();
    }
}
