package pl.trackbridge.allegro;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Allegro's REST endpoints as used by TrackBridge, per allegro/openapi.yaml. Every call takes the seller's
 * bearer token explicitly (one client serves every account) and answers the raw {@link Response}, so the
 * caller sees status, {@code trace-id} and body whatever happened; {@link AllegroClient} maps them.
 * Media type {@code application/vnd.allegro.public.v1+json} on every request (Allegro answers 406 otherwise).
 */
@Path("/")
@org.eclipse.microprofile.rest.client.inject.RegisterRestClient(configKey = "allegro-api")
public interface AllegroApi {
    String MEDIA_TYPE = "application/vnd.allegro.public.v1+json";

    /** {@code getOrderEventsUsingGET}: the journal, oldest first, events after {@code from}. */
    @GET
    @Path("order/events")
    Response orderEvents(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @QueryParam("from") String from, @QueryParam("limit") Integer limit);

    /** {@code getOrderEventsStatisticsUsingGET}: the latest event, to start a journal from "now". */
    @GET
    @Path("order/event-stats")
    Response orderEventStats(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept);

    /** {@code getOrdersDetailsUsingGET}. */
    @GET
    @Path("order/checkout-forms/{id}")
    Response checkoutForm(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @PathParam("id") String id);

    /** {@code getListOfOrdersUsingGET}: for a resync when the journal cannot be trusted. */
    @GET
    @Path("order/checkout-forms")
    Response checkoutForms(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @QueryParam("updatedAt.gte") String updatedAtGte, @QueryParam("offset") Integer offset,
            @QueryParam("limit") Integer limit);

    /** {@code getSaleQualityUsingGET}: Allegro's own daily sales-quality score, at most 30 days. */
    @GET
    @Path("sale/quality")
    Response saleQuality(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept);

    /** {@code getOrdersCarriersUsingGET}: Allegro's carrier ids (the same for every seller; cacheable). */
    @GET
    @Path("order/carriers")
    Response carriers(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept);

    /** {@code getOrderShipmentsUsingGET}: the waybills on the order, from any channel. */
    @GET
    @Path("order/checkout-forms/{id}/shipments")
    Response orderShipments(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @PathParam("id") String id);

    /** {@code createOrderShipmentsUsingPOST}: adds a waybill; it can never be edited or removed afterwards. */
    @POST
    @Path("order/checkout-forms/{id}/shipments")
    @Consumes(MEDIA_TYPE)
    Response addShipment(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @PathParam("id") String id, String body);

    /**
     * {@code getParcelTrackingUsingGET}: Allegro's own tracking history of up to 20 waybills of one carrier
     * ({@code waybill=A&waybill=B}); 400 {@code INTEGRATOR_STATUSES_ILLEGAL_ARGUMENT} for a carrier it does not track.
     */
    @GET
    @Path("order/carriers/{carrierId}/tracking")
    Response parcelTracking(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @PathParam("carrierId") String carrierId, @QueryParam("waybill") java.util.List<String> waybills);

    /** {@code setOrderFulfillmentUsingPUT}: 204, or 409 when {@code revision} is stale. */
    @PUT
    @Path("order/checkout-forms/{id}/fulfillment")
    @Consumes(MEDIA_TYPE)
    Response setFulfillment(@HeaderParam("Authorization") String bearer, @HeaderParam("Accept") String accept,
            @PathParam("id") String id, @QueryParam("checkoutForm.revision") String revision, String body);
}
