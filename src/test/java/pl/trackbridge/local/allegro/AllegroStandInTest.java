package pl.trackbridge.local.allegro;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.atlassian.oai.validator.report.ValidationReport;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.trackbridge.allegro.contract.AllegroContract;

/** Drives the Allegro stand-in over real HTTP and checks every exchange against Allegro's OpenAPI. */
class AllegroStandInTest {
    static final String JSON = "application/vnd.allegro.public.v1+json";
    static final String CLIENT = "trackbridge-app";
    static final String SECRET = "s3cret";
    static final String SELLER = "seller-1";
    static final ObjectMapper MAPPER = new ObjectMapper();
    static AllegroContract contract;

    final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    final ManualClock clock = new ManualClock(Instant.parse("2026-07-20T08:00:00Z"));
    AllegroStandIn allegro;
    /** Requests a test broke on purpose; the spec must reject them, and only their responses are validated. */
    final Set<UUID> deliberatelyInvalid = new HashSet<>();

    @BeforeAll
    static void loadSpec() {
        contract = AllegroContract.get();
        System.out.println("Allegro OpenAPI loaded in " + contract.loadMillis() + " ms");
    }

    @BeforeEach
    void start() {
        allegro = AllegroStandIn.start(0);
        allegro.setClock(clock);
        allegro.registerClient(CLIENT, SECRET);
    }

    @AfterEach
    void stopAndValidate() {
        try {
            contract.validateJournal(allegro.wireMock().getAllServeEvents().stream()
                    .filter(e -> !deliberatelyInvalid.contains(e.getId())).toList());
        } finally {
            allegro.close();
        }
    }

    // ---- OAuth ----

    @Test
    void refreshRotatesThePairAndTheUsedTokenLivesOnlyForTheGracePeriod() throws Exception {
        String first = allegro.issueRefreshToken(CLIENT, SELLER);

        JsonNode pair = ok(refresh(first));
        assertEquals("bearer", pair.get("token_type").asText());
        assertEquals(43199, pair.get("expires_in").asLong());
        assertTrue(pair.get("scope").asText().contains("allegro:api:orders:read"));
        assertNotNull(pair.get("jti").asText());
        String second = pair.get("refresh_token").asText();
        assertNotEquals(first, second, "every refresh rotates the refresh token");

        clock.advance(Duration.ofSeconds(59));
        JsonNode retry = ok(refresh(first)); // a lost response may be retried within the grace period
        assertNotEquals(pair.get("access_token").asText(), retry.get("access_token").asText());

        clock.advance(Duration.ofSeconds(2));
        HttpResponse<String> late = refresh(first);
        assertEquals(400, late.statusCode());
        JsonNode error = MAPPER.readTree(late.body());
        assertEquals("invalid_grant", error.get("error").asText());
        assertEquals("Invalid refresh token: " + first, error.get("error_description").asText());

        ok(refresh(second)); // the rotated token is unaffected
        assertEquals(3, allegro.refreshCount());
        assertEquals(1, allegro.invalidGrantCount());
    }

    @Test
    void refreshAcceptsAFormBodyAndRejectsBadClientCredentials() throws Exception {
        String token = allegro.issueRefreshToken(CLIENT, SELLER);
        HttpResponse<String> form = send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token"))
                .header("Authorization", basic(CLIENT, SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=refresh_token&refresh_token=" + token)));
        ok(form);

        HttpResponse<String> wrong = send(HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=refresh_token&refresh_token=" + token))
                .header("Authorization", basic(CLIENT, "wrong")).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(401, wrong.statusCode());
        assertEquals("invalid_client", MAPPER.readTree(wrong.body()).get("error").asText());
    }

    @Test
    void authorizationCodeIsExchangedOnceWithinTenSeconds() throws Exception {
        String redirect = "http://localhost:8080/allegro/callback";
        String code = allegro.issueAuthorizationCode(CLIENT, SELLER, redirect);
        JsonNode tokens = ok(exchange(code, redirect));
        assertNotNull(tokens.get("refresh_token").asText());
        assertEquals("invalid_grant", oauthError(exchange(code, redirect)), "single use");

        assertEquals("invalid_grant", oauthError(exchange(allegro.issueAuthorizationCode(CLIENT, SELLER, redirect),
                "http://elsewhere/")), "redirect_uri must match");
        String slow = allegro.issueAuthorizationCode(CLIENT, SELLER, redirect);
        clock.advance(Duration.ofSeconds(11));
        assertEquals("invalid_grant", oauthError(exchange(slow, redirect)));
    }

    HttpResponse<String> exchange(String code, String redirectUri) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token?grant_type=authorization_code&code="
                + code + "&redirect_uri=" + URLEncoder.encode(redirectUri, StandardCharsets.UTF_8)))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    @Test
    void unknownOrExpiredAccessTokensGet401WithAllegrosAuthError() throws Exception {
        HttpResponse<String> none = get("/order/events", "Bearer nope");
        assertEquals(401, none.statusCode());
        assertEquals("unauthorized", MAPPER.readTree(none.body()).get("error").asText());

        String access = accessToken();
        clock.advance(Duration.ofHours(12));
        HttpResponse<String> expired = get("/order/events", "Bearer " + access);
        assertEquals(401, expired.statusCode());
        assertEquals("Full authentication is required to access this resource",
                MAPPER.readTree(expired.body()).get("error_description").asText());
    }

    @Test
    void deviceFlowIsPendingUntilTheSellerApproves() throws Exception {
        HttpResponse<String> started = send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/device"))
                .header("Authorization", basic(CLIENT, SECRET))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("client_id=" + CLIENT)));
        JsonNode device = ok(started);
        String deviceCode = device.get("device_code").asText();
        String userCode = device.get("user_code").asText();
        assertEquals("https://allegro.pl/skojarz-aplikacje", device.get("verification_uri").asText());
        assertTrue(device.get("verification_uri_complete").asText().endsWith(userCode));
        assertEquals(5, device.get("interval").asInt());
        assertTrue(device.get("expires_in").asInt() > 0);

        assertEquals("authorization_pending", oauthError(pollDevice(deviceCode)));
        assertEquals("slow_down", oauthError(pollDevice(deviceCode)));

        allegro.approveDevice(userCode, SELLER);
        clock.advance(Duration.ofSeconds(5));
        JsonNode tokens = ok(pollDevice(deviceCode));
        assertNotNull(tokens.get("refresh_token").asText());
        assertEquals("invalid_grant", oauthError(pollDevice(deviceCode)), "a device code is single-use");
    }

    // ---- event journal ----

    @Test
    void journalIsOldestFirstAndFromIsExclusive() throws Exception {
        String bearer = bearer();
        List<String> orderIds = List.of(allegro.addOrder(SELLER), allegro.addOrder(SELLER), allegro.addOrder(SELLER));
        allegro.addOrder("someone-else"); // other sellers' events never show

        List<JsonNode> seen = new ArrayList<>();
        String from = null;
        for (int page = 0; page < 5; page++) {
            JsonNode events = ok(get("/order/events?limit=4" + (from == null ? "" : "&from=" + from), bearer))
                    .get("events");
            if (events.isEmpty()) {
                break;
            }
            assertTrue(events.size() <= 4);
            events.forEach(seen::add);
            from = events.get(events.size() - 1).get("id").asText();
        }
        assertEquals(9, seen.size(), "BOUGHT, FILLED_IN, READY_FOR_PROCESSING per paid order");
        List<Long> ids = seen.stream().map(e -> Long.parseLong(e.get("id").asText())).toList();
        assertEquals(ids.stream().sorted().toList(), ids, "oldest first");
        assertEquals(ids.size(), new HashSet<>(ids).size(), "paging neither repeats nor skips");
        assertEquals(orderIds.get(0), seen.get(0).get("order").get("checkoutForm").get("id").asText());
        assertEquals("BOUGHT", seen.get(0).get("type").asText());
        assertEquals(SELLER, seen.get(0).get("order").get("seller").get("id").asText());

        JsonNode paid = ok(get("/order/events?type=READY_FOR_PROCESSING", bearer)).get("events");
        assertEquals(3, paid.size());
        JsonNode stats = ok(get("/order/event-stats", bearer));
        assertEquals(from, stats.get("latestEvent").get("id").asText());
        assertEquals(0, ok(get("/order/events?from=" + from, bearer)).get("events").size());
    }

    @Test
    void journalRejectsAnOutOfRangeLimit() throws Exception {
        HttpResponse<String> tooMany = get("/order/events?limit=1001", bearer());
        assertEquals(422, tooMany.statusCode());
        specRejectsLastRequest();
        assertEquals(422, get("/order/events?limit=0", bearer()).statusCode());
        specRejectsLastRequest();
    }

    @Test
    void journalCanCarryDuplicatesOutOfOrderAndLateEvents() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER, OrderSpec.withStatus("FILLED_IN"));
        String cursor = allegro.latestEventId();

        allegro.holdEvents();
        allegro.payOrder(order); // READY_FOR_PROCESSING goes missing for now
        assertEquals(0, ok(get("/order/events?from=" + cursor, bearer)).get("events").size());
        assertEquals("READY_FOR_PROCESSING", allegro.statusOf(order), "the checkout form is already paid");

        clock.advance(Duration.ofHours(3));
        allegro.releaseEvents();
        allegro.duplicateEvent(allegro.latestEventId());
        allegro.emitEvent(order, "BOUGHT", clock.instant().minus(Duration.ofDays(1))); // older occurredAt, newer id

        JsonNode events = ok(get("/order/events?from=" + cursor, bearer)).get("events");
        assertEquals(List.of("READY_FOR_PROCESSING", "READY_FOR_PROCESSING", "BOUGHT"),
                events.findValuesAsText("type"));
        assertEquals(events.get(0).get("occurredAt"), events.get(1).get("occurredAt"));
        assertNotEquals(events.get(0).get("id"), events.get(1).get("id"));
        assertTrue(Instant.parse(events.get(2).get("occurredAt").asText())
                .isBefore(Instant.parse(events.get(0).get("occurredAt").asText())));
    }

    @Test
    void journalKeepsSixtyDays() throws Exception {
        allegro.addOrder(SELLER);
        clock.advance(Duration.ofDays(61));
        String bearer = bearer();
        assertEquals(0, ok(get("/order/events", bearer)).get("events").size());
        assertTrue(ok(get("/order/event-stats", bearer)).get("latestEvent").isNull());
    }

    // ---- checkout forms ----

    @Test
    void checkoutFormCarriesTheDatesAndIdsTheIntegrationNeeds() throws Exception {
        Instant dispatchTo = Instant.parse("2026-07-21T21:59:59Z");
        String id = allegro.addOrder(SELLER, OrderSpec.readyForProcessing()
                .lineItem("15975346", "Lampka nocna", 2, "49.90", "SKU-7")
                .lineItem("15975347", "Żarówka", 1, "9.90")
                .dispatch(Instant.parse("2026-07-20T22:00:00Z"), dispatchTo)
                .deliveryTime(Instant.parse("2026-07-22T06:00:00Z"), Instant.parse("2026-07-23T18:00:00Z"))
                .smart(true));

        JsonNode form = ok(get("/order/checkout-forms/" + id, bearer()));
        assertEquals(id, form.get("id").asText());
        assertEquals("READY_FOR_PROCESSING", form.get("status").asText());
        assertEquals("NEW", form.get("fulfillment").get("status").asText());
        assertEquals("NONE", form.get("fulfillment").get("shipmentSummary").get("lineItemsSent").asText());
        assertEquals("2026-07-21T21:59:59.000Z", form.get("delivery").get("time").get("dispatch").get("to").asText());
        assertEquals("2026-07-22T06:00:00.000Z", form.get("delivery").get("time").get("from").asText());
        assertTrue(form.get("delivery").get("smart").asBoolean());
        assertEquals(allegro.lineItemIdsOf(id), form.get("lineItems").findValuesAsText("id").stream()
                .filter(v -> allegro.lineItemIdsOf(id).contains(v)).toList());
        assertEquals("SKU-7", form.get("lineItems").get(0).get("offer").get("external").get("id").asText());
        assertEquals(allegro.revisionOf(id), form.get("revision").asText());
        assertTrue(form.get("buyer").get("email").asText().endsWith("@allegromail.pl"), "masked address");
        assertEquals("119.69", form.get("summary").get("totalToPay").get("amount").asText(), "items plus 9.99 delivery");
    }

    @Test
    void checkoutFormListFiltersAndPages() throws Exception {
        String bearer = bearer();
        String early = allegro.addOrder(SELLER);
        clock.advance(Duration.ofHours(1));
        Instant afterFirst = clock.instant();
        String unpaid = allegro.addOrder(SELLER, OrderSpec.withStatus("BOUGHT"));
        clock.advance(Duration.ofHours(1));
        String late = allegro.addOrder(SELLER);

        JsonNode all = ok(get("/order/checkout-forms", bearer));
        assertEquals(3, all.get("totalCount").asInt());
        assertEquals(List.of(late, unpaid, early), ids(all), "newest purchase first by default");

        JsonNode paid = ok(get("/order/checkout-forms?status=READY_FOR_PROCESSING&sort=lineItems.boughtAt", bearer));
        assertEquals(List.of(early, late), ids(paid));

        JsonNode recent = ok(get("/order/checkout-forms?updatedAt.gte=" + afterFirst + "&limit=1&offset=1", bearer));
        assertEquals(2, recent.get("totalCount").asInt());
        assertEquals(1, recent.get("count").asInt());
        assertEquals(List.of(unpaid), ids(recent));

        // a fulfillment change moves revision but not updatedAt (allegro-api#9905)
        allegro.setFulfillmentStatus(early, "PROCESSING");
        JsonNode stillOld = ok(get("/order/checkout-forms?updatedAt.gte=" + afterFirst, bearer));
        assertFalse(ids(stillOld).contains(early));

        JsonNode none = ok(get("/order/checkout-forms?status=CANCELLED", bearer));
        assertEquals(0, none.get("count").asInt());
        assertEquals(0, none.get("totalCount").asInt());

        assertEquals(422, get("/order/checkout-forms?limit=101", bearer).statusCode());
        specRejectsLastRequest();
    }

    @Test
    void unknownOrMalformedOrderIdsAnd406() throws Exception {
        String bearer = bearer();
        String foreign = allegro.addOrder("someone-else");
        assertEquals(404, get("/order/checkout-forms/" + foreign, bearer).statusCode());
        assertEquals(404, get("/order/checkout-forms/" + UUID.randomUUID(), bearer).statusCode());
        HttpResponse<String> malformed = get("/order/checkout-forms/not-a-uuid", bearer);
        assertEquals(422, malformed.statusCode());
        specRejectsLastRequest();

        HttpResponse<String> plainJson = send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + "/order/events"))
                .header("Authorization", bearer).header("Accept", "application/json").GET());
        assertEquals(406, plainJson.statusCode());
        assertEquals("NotAcceptableException", MAPPER.readTree(plainJson.body()).get("errors").get(0).get("code").asText());
        assertEquals(JSON, plainJson.headers().firstValue("Content-Type").orElseThrow());
        specRejectsLastRequest();
    }

    // ---- shipments ----

    @Test
    void shipmentPostThenGet() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER, OrderSpec.readyForProcessing()
                .lineItem("1", "A", 1, "10.00").lineItem("2", "B", 1, "10.00"));
        String firstItem = allegro.lineItemIdsOf(order).get(0);

        HttpResponse<String> created = post("/order/checkout-forms/" + order + "/shipments", bearer,
                "{\"carrierId\":\"DPD\",\"waybill\":\"0000123456789U\",\"lineItems\":[{\"id\":\"" + firstItem + "\"}]}");
        assertEquals(201, created.statusCode(), created.body());
        JsonNode shipment = MAPPER.readTree(created.body());
        assertEquals(Base64.getEncoder().encodeToString("DPD:0000123456789U".getBytes(StandardCharsets.UTF_8)),
                shipment.get("id").asText(), "the id is derived from carrier and waybill");
        assertEquals("2026-07-20T08:00:00.000Z", shipment.get("createdAt").asText());

        JsonNode listed = ok(get("/order/checkout-forms/" + order + "/shipments", bearer)).get("shipments");
        assertEquals(1, listed.size());
        assertEquals("0000123456789U", listed.get(0).get("waybill").asText());
        assertEquals(firstItem, listed.get(0).get("lineItems").get(0).get("id").asText());
        JsonNode form = ok(get("/order/checkout-forms/" + order, bearer));
        assertEquals("SOME", form.get("fulfillment").get("shipmentSummary").get("lineItemsSent").asText());

        allegro.addForeignShipment(order, "DPD", "0000999999999U"); // e.g. DPD's own integration
        assertEquals(2, ok(get("/order/checkout-forms/" + order + "/shipments", bearer)).get("shipments").size());
        assertEquals(1, ok(get("/order/checkout-forms?fulfillment.shipmentSummary.lineItemsSent=ALL", bearer))
                .get("count").asInt());

        // waybills can never be removed: the path has no DELETE
        HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(allegro.apiUrl()
                + "/order/checkout-forms/" + order + "/shipments")).header("Authorization", bearer)
                .header("Accept", JSON).DELETE());
        assertEquals(405, delete.statusCode());
        assertEquals("NotAllowedException", errorCode(delete));
        specRejectsLastRequest();
        assertEquals(2, allegro.waybillsOf(order).size());
    }

    @Test
    void shipmentValidationMirrorsAllegrosErrors() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        String path = "/order/checkout-forms/" + order + "/shipments";
        allegro.setWaybillPattern("DPD", "\\d{13}[A-Z]");

        HttpResponse<String> unknownCarrier = post(path, bearer, "{\"carrierId\":\"WEDO\",\"waybill\":\"X1\"}");
        assertEquals(400, unknownCarrier.statusCode());
        assertEquals("CarrierIdValidationException", errorCode(unknownCarrier));
        assertEquals("carrierId", MAPPER.readTree(unknownCarrier.body()).get("errors").get(0).get("path").asText());

        HttpResponse<String> badFormat = post(path, bearer, "{\"carrierId\":\"DPD\",\"waybill\":\"AD1234\"}");
        assertEquals(400, badFormat.statusCode());
        assertEquals("CarrierWaybillValidationException", errorCode(badFormat));
        assertEquals("CarrierWaybillValidationException",
                errorCode(post(path, bearer, "{\"carrierId\":\"OTHER\",\"carrierName\":\"Dachser\",\"waybill\":\"NET 99999/9/9999\"}")));

        HttpResponse<String> foreignItem = post(path, bearer,
                "{\"carrierId\":\"GLS\",\"waybill\":\"G1\",\"lineItems\":[{\"id\":\"" + UUID.randomUUID() + "\"}]}");
        assertEquals(422, foreignItem.statusCode());

        allegro.setWaybillUsageLimit(2);
        String other = allegro.addOrder(SELLER);
        String third = allegro.addOrder(SELLER);
        assertEquals(201, post(path, bearer, "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}").statusCode());
        assertEquals(201, post("/order/checkout-forms/" + other + "/shipments", bearer,
                "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}").statusCode());
        HttpResponse<String> overused = post("/order/checkout-forms/" + third + "/shipments", bearer,
                "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}");
        assertEquals(409, overused.statusCode());

        assertEquals(404, post("/order/checkout-forms/" + UUID.randomUUID() + "/shipments", bearer,
                "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}").statusCode());
        HttpResponse<String> formBody = send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + path))
                .header("Authorization", bearer).header("Accept", JSON)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("carrierId=GLS&waybill=G2")));
        assertEquals(415, formBody.statusCode());
        specRejectsLastRequest();
    }

    @Test
    void addingAWaybillCanMoveTheOrderToSent() throws Exception {
        String bearer = bearer();
        allegro.setAutoSentOnWaybill(true);
        String order = allegro.addOrder(SELLER);
        String revision = allegro.revisionOf(order);
        post("/order/checkout-forms/" + order + "/shipments", bearer, "{\"carrierId\":\"INPOST\",\"waybill\":\"6"
                + "00123456789012345678901\"}");
        assertEquals("SENT", allegro.fulfillmentStatusOf(order));
        assertNotEquals(revision, allegro.revisionOf(order));
    }

    // ---- fulfillment ----

    @Test
    void fulfillmentUsesTheRevisionForOptimisticLocking() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        String revision = ok(get("/order/checkout-forms/" + order, bearer)).get("revision").asText();

        HttpResponse<String> done = put("/order/checkout-forms/" + order + "/fulfillment?checkoutForm.revision="
                + revision, bearer, "{\"status\":\"PROCESSING\"}");
        assertEquals(204, done.statusCode(), done.body());
        assertEquals("PROCESSING", allegro.fulfillmentStatusOf(order));
        String newRevision = allegro.revisionOf(order);
        assertNotEquals(revision, newRevision, "a status change moves the revision");

        HttpResponse<String> stale = put("/order/checkout-forms/" + order + "/fulfillment?checkoutForm.revision="
                + revision, bearer, "{\"status\":\"SENT\"}");
        assertEquals(409, stale.statusCode());
        assertEquals("PROCESSING", allegro.fulfillmentStatusOf(order));

        allegro.changeOrder(order); // the buyer changed the address meanwhile
        assertEquals(409, put("/order/checkout-forms/" + order + "/fulfillment?checkoutForm.revision=" + newRevision,
                bearer, "{\"status\":\"SENT\"}").statusCode());
        assertEquals(204, put("/order/checkout-forms/" + order + "/fulfillment?checkoutForm.revision="
                + allegro.revisionOf(order), bearer, "{\"status\":\"SENT\"}").statusCode());
        assertEquals(204, put("/order/checkout-forms/" + order + "/fulfillment", bearer, "{\"status\":\"PICKED_UP\"}")
                .statusCode(), "without a revision the PUT is last-writer-wins");

        List<String> types = ok(get("/order/events?type=FULFILLMENT_STATUS_CHANGED", bearer)).get("events")
                .findValuesAsText("type");
        assertEquals(3, types.size());
    }

    @Test
    void aReadRightAfterThePutMayStillShowTheOldStatus() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        allegro.setStaleReadsAfterFulfillment(1);
        assertEquals(204, put("/order/checkout-forms/" + order + "/fulfillment", bearer, "{\"status\":\"SENT\"}")
                .statusCode());
        assertEquals("NEW", ok(get("/order/checkout-forms/" + order, bearer)).get("fulfillment").get("status").asText());
        assertEquals("SENT", ok(get("/order/checkout-forms/" + order, bearer)).get("fulfillment").get("status").asText());
    }

    @Test
    void fulfillmentRejectsReturnedAndTooManyOperations() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        String path = "/order/checkout-forms/" + order + "/fulfillment";
        assertEquals(422, put(path, bearer, "{\"status\":\"RETURNED\"}").statusCode());
        assertEquals(422, put(path, bearer, "{\"status\":\"SHIPPED\"}").statusCode());
        specRejectsLastRequest(); // SHIPPED is not in the enum
        assertEquals(404, put("/order/checkout-forms/" + UUID.randomUUID() + "/fulfillment", bearer,
                "{\"status\":\"SENT\"}").statusCode());

        allegro.setFulfillmentOperationLimit(2);
        assertEquals(204, put(path, bearer, "{\"status\":\"PROCESSING\"}").statusCode());
        assertEquals(204, put(path, bearer, "{\"status\":\"PROCESSING\"}").statusCode());
        HttpResponse<String> capped = put(path, bearer, "{\"status\":\"PROCESSING\"}");
        assertEquals(422, capped.statusCode());
        assertEquals("SellerOrdersStoreUnprocessableEntityException", errorCode(capped));
    }

    // ---- carriers, tracking, sales quality ----

    @Test
    void carriersAndTrackingWorkWithAnApplicationToken() throws Exception {
        JsonNode app = ok(send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token?grant_type=client_credentials"))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody())));
        assertFalse(app.has("refresh_token"));
        String bearer = "Bearer " + app.get("access_token").asText();

        JsonNode carriers = ok(get("/order/carriers", bearer)).get("carriers");
        List<String> ids = carriers.findValuesAsText("id");
        assertTrue(ids.contains("DPD") && ids.contains("OTHER"));
        assertFalse(ids.contains("ALLEGRO"), "removed on 2026-06-09");

        Instant t0 = Instant.parse("2026-07-20T09:00:00Z");
        allegro.setTracking("DPD", "0000123456789U", List.of(TrackingStatus.of(t0, "PENDING"),
                TrackingStatus.of(t0.plus(Duration.ofHours(5)), "IN_TRANSIT"),
                new TrackingStatus(t0.plus(Duration.ofHours(30)), "ISSUE", "Odmowa przyjęcia")));
        JsonNode tracking = ok(get("/order/carriers/DPD/tracking?waybill=0000123456789U&waybill=UNKNOWN1", bearer));
        assertEquals("DPD", tracking.get("carrierId").asText());
        JsonNode first = tracking.get("waybills").get(0);
        assertEquals(List.of("PENDING", "IN_TRANSIT", "ISSUE"),
                first.get("trackingDetails").get("statuses").findValuesAsText("code"));
        assertEquals("2026-07-21T15:00:00.000Z", first.get("trackingDetails").get("updatedAt").asText());
        assertFalse(tracking.get("waybills").get(1).has("trackingDetails"), "no history yet");

        HttpResponse<String> orlen = get("/order/carriers/ORLEN/tracking?waybill=X", bearer);
        assertEquals(400, orlen.statusCode());
        assertEquals("INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT", errorCode(orlen));

        StringBuilder many = new StringBuilder("/order/carriers/DPD/tracking?waybill=W0");
        for (int i = 1; i <= 20; i++) {
            many.append("&waybill=W").append(i);
        }
        assertEquals(400, get(many.toString(), bearer).statusCode());
        specRejectsLastRequest();

        assertEquals(403, get("/order/events", bearer).statusCode(), "an application token cannot read orders");
    }

    @Test
    void salesQuality() throws Exception {
        JsonNode quality = ok(get("/sale/quality", bearer())).get("quality");
        assertEquals("2026-07-19", quality.get(0).get("resultFor").asText());
        assertEquals(2, quality.get(0).get("metrics").size());
    }

    // ---- faults ----

    @Test
    void serverErrorsChangeNothing() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        String path = "/order/checkout-forms/" + order + "/shipments";
        allegro.failNext(1, Fault.HTTP_500, "/order/checkout-forms");
        allegro.failNext(1, Fault.HTTP_503, "/order/checkout-forms");

        HttpResponse<String> first = post(path, bearer, "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}");
        assertEquals(500, first.statusCode());
        assertEquals("InternalServerErrorException", errorCode(first));
        assertEquals(503, post(path, bearer, "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}").statusCode());
        assertTrue(allegro.waybillsOf(order).isEmpty());
        assertEquals(201, post(path, bearer, "{\"carrierId\":\"GLS\",\"waybill\":\"G1\"}").statusCode());
    }

    @Test
    void a429BlocksTheClientIdForOneMinute() throws Exception {
        String bearer = bearer();
        allegro.registerClient("other-app", "x");
        String otherBearer = "Bearer " + ok(send(HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=refresh_token&refresh_token=" + allegro.issueRefreshToken("other-app", SELLER)))
                .header("Authorization", basic("other-app", "x")).POST(HttpRequest.BodyPublishers.noBody())))
                .get("access_token").asText();
        allegro.failNext(1, Fault.HTTP_429, "/order/events");

        HttpResponse<String> throttled = get("/order/events", bearer);
        assertEquals(429, throttled.statusCode());
        assertEquals("TooManyRequestsException", errorCode(throttled));
        assertEquals(429, get("/order/carriers", bearer).statusCode(), "the whole client id is blocked");
        assertEquals(429, refresh(allegro.issueRefreshToken(CLIENT, SELLER)).statusCode(), "token endpoint too");
        assertEquals(200, get("/order/events", otherBearer).statusCode(), "other client ids are not");

        clock.advance(Duration.ofSeconds(59));
        assertEquals(429, get("/order/events", bearer).statusCode());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(200, get("/order/events", bearer).statusCode());
    }

    @Test
    void exceedingTheRequestsPerMinuteGives429AndABlock() throws Exception {
        String bearer = bearer(); // the refresh is the first request of the minute
        allegro.setRequestsPerMinute(3);
        assertEquals(200, get("/order/carriers", bearer).statusCode());
        assertEquals(200, get("/order/carriers", bearer).statusCode());
        assertEquals(429, get("/order/carriers", bearer).statusCode());
        clock.advance(Duration.ofSeconds(30));
        assertEquals(429, get("/order/carriers", bearer).statusCode(), "blocked, not just counted");
        clock.advance(Duration.ofSeconds(31));
        assertEquals(200, get("/order/carriers", bearer).statusCode());
    }

    @Test
    void aTimeoutAfterAcceptStillChangesState() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        String path = "/order/checkout-forms/" + order + "/shipments";
        allegro.setTimeoutDelay(Duration.ofMillis(1500));
        allegro.failNext(1, Fault.TIMEOUT_AFTER_ACCEPT, "/order/checkout-forms");

        HttpRequest request = HttpRequest.newBuilder(URI.create(allegro.apiUrl() + path))
                .header("Authorization", bearer).header("Accept", JSON).header("Content-Type", JSON)
                .timeout(Duration.ofMillis(300))
                .POST(HttpRequest.BodyPublishers.ofString("{\"carrierId\":\"GLS\",\"waybill\":\"G7\"}")).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(List.of("G7"), allegro.waybillsOf(order), "the waybill was added although the caller timed out");
        // which is why a client must GET before it re-POSTs
        assertEquals(1, ok(get(path, bearer)).get("shipments").size());
        awaitJournal(3);
    }

    @Test
    void aLostRefreshResponseCanBeRetriedWithinTheGracePeriod() throws Exception {
        String token = allegro.issueRefreshToken(CLIENT, SELLER);
        allegro.setTimeoutDelay(Duration.ofMillis(1500));
        allegro.failNext(1, Fault.TIMEOUT_AFTER_ACCEPT, "/auth/oauth/token");
        HttpRequest request = HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=refresh_token&refresh_token=" + token)).header("Authorization", basic(CLIENT, SECRET))
                .timeout(Duration.ofMillis(300)).POST(HttpRequest.BodyPublishers.noBody()).build();
        assertThrows(HttpTimeoutException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals(1, allegro.refreshCount(), "Allegro rotated the pair; the client never saw it");

        clock.advance(Duration.ofSeconds(10));
        ok(refresh(token));
        assertEquals(2, allegro.refreshCount());
        awaitJournal(2);
    }

    @Test
    void aConnectionResetChangesNothing() throws Exception {
        String bearer = bearer();
        String order = allegro.addOrder(SELLER);
        allegro.failNext(1, Fault.CONNECTION_RESET, "/order/checkout-forms");
        HttpRequest request = HttpRequest.newBuilder(URI.create(allegro.apiUrl() + "/order/checkout-forms/" + order
                + "/fulfillment")).header("Authorization", bearer).header("Accept", JSON).header("Content-Type", JSON)
                .PUT(HttpRequest.BodyPublishers.ofString("{\"status\":\"SENT\"}")).build();
        assertThrows(IOException.class, () -> http.send(request, HttpResponse.BodyHandlers.ofString()));
        assertEquals("NEW", allegro.fulfillmentStatusOf(order));
        assertEquals(204, put("/order/checkout-forms/" + order + "/fulfillment", bearer, "{\"status\":\"SENT\"}")
                .statusCode());
    }

    @Test
    void aFaultRateIsRepeatableForTheSameSeed() throws Exception {
        List<Integer> first = statusesUnderFaultRate();
        allegro.close();
        allegro = AllegroStandIn.start(0);
        allegro.setClock(clock);
        allegro.registerClient(CLIENT, SECRET);
        List<Integer> second = statusesUnderFaultRate();
        assertEquals(first, second);
        assertTrue(first.contains(200) && (first.contains(500) || first.contains(503)), first.toString());
    }

    List<Integer> statusesUnderFaultRate() throws Exception {
        String bearer = bearer();
        allegro.faultRate(0.3, 42L);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            statuses.add(get("/order/carriers", bearer).statusCode());
        }
        return statuses;
    }

    // ---- helpers ----

    HttpResponse<String> refresh(String refreshToken) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.authUrl() + "/token?grant_type=refresh_token&refresh_token="
                + URLEncoder.encode(refreshToken, StandardCharsets.UTF_8)))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    HttpResponse<String> pollDevice(String deviceCode) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.authUrl()
                + "/token?grant_type=urn:ietf:params:oauth:grant-type:device_code&device_code=" + deviceCode))
                .header("Authorization", basic(CLIENT, SECRET)).POST(HttpRequest.BodyPublishers.noBody()));
    }

    String accessToken() throws IOException, InterruptedException {
        return ok(refresh(allegro.issueRefreshToken(CLIENT, SELLER))).get("access_token").asText();
    }

    String bearer() throws IOException, InterruptedException {
        return "Bearer " + accessToken();
    }

    static List<String> ids(JsonNode checkoutForms) {
        List<String> ids = new ArrayList<>();
        checkoutForms.get("checkoutForms").forEach(f -> ids.add(f.get("id").asText()));
        return ids;
    }

    /** The newest exchange broke the spec on purpose: the validator must say so, and its response must still fit. */
    void specRejectsLastRequest() {
        ServeEvent last = allegro.wireMock().getAllServeEvents().stream()
                .max(Comparator.comparing(e -> e.getRequest().getLoggedDate())).orElseThrow();
        ValidationReport request = contract.requestReport(last);
        assertTrue(request.hasErrors(), "the spec should reject " + last.getRequest().getUrl());
        // an operation the spec lacks (e.g. DELETE) has no responses to check against
        boolean noOperation = request.getMessages().stream()
                .anyMatch(m -> m.getKey().equals("validation.request.operation.notAllowed"));
        if (!noOperation) {
            assertFalse(contract.responseReport(last).hasErrors(), () -> contract.responseReport(last).toString());
        }
        deliberatelyInvalid.add(last.getId());
    }

    String oauthError(HttpResponse<String> response) throws IOException {
        assertEquals(400, response.statusCode(), response.body());
        return MAPPER.readTree(response.body()).get("error").asText();
    }

    HttpResponse<String> get(String pathAndQuery, String authorization) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + pathAndQuery))
                .header("Authorization", authorization).header("Accept", JSON).GET());
    }

    /** A delayed answer is journaled only once it is sent; wait for it so the journal is validated whole. */
    void awaitJournal(int exchanges) throws InterruptedException {
        for (int i = 0; i < 50 && allegro.wireMock().getAllServeEvents().size() < exchanges; i++) {
            Thread.sleep(100);
        }
        assertEquals(exchanges, allegro.wireMock().getAllServeEvents().size());
    }

    HttpResponse<String> post(String path, String authorization, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + path)).header("Authorization", authorization)
                .header("Accept", JSON).header("Content-Type", JSON).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    HttpResponse<String> put(String path, String authorization, String json) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(allegro.apiUrl() + path)).header("Authorization", authorization)
                .header("Accept", JSON).header("Content-Type", JSON).PUT(HttpRequest.BodyPublishers.ofString(json)));
    }

    static String errorCode(HttpResponse<String> response) throws IOException {
        return MAPPER.readTree(response.body()).get("errors").get(0).get("code").asText();
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request.timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(response.headers().firstValue("trace-id").isPresent(), "every answer carries a trace-id");
        return response;
    }

    static JsonNode ok(HttpResponse<String> response) throws IOException {
        assertEquals(200, response.statusCode(), response.body());
        return MAPPER.readTree(response.body());
    }

    static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }
}
