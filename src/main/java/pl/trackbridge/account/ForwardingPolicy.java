package pl.trackbridge.account;

/**
 * When the tracking forwarder tells Allegro about a seller's shipment (DESIGN §2, issue 4).
 *
 * @param waybillAt         {@link WaybillAt#REGISTRATION} (default): the waybill goes to the order as soon as the WMS
 *                          registers it — Allegro and the buyer see it at once; {@link WaybillAt#FIRST_SCAN}: only
 *                          once the parcel is handed over (a carrier scan, or a registration with {@code handedOverAt}),
 *                          for sellers who print labels that may never ship — a waybill on Allegro can never be removed
 * @param processingAtLabel whether a registration with {@code labelCreatedAt} also moves a NEW order to
 *                          {@code PROCESSING} (one more Allegro call per shipment; off by default)
 */
public record ForwardingPolicy(WaybillAt waybillAt, boolean processingAtLabel) {
    public enum WaybillAt { REGISTRATION, FIRST_SCAN }

    public static final ForwardingPolicy DEFAULT = new ForwardingPolicy(WaybillAt.REGISTRATION, false);

    public ForwardingPolicy {
        waybillAt = waybillAt == null ? WaybillAt.REGISTRATION : waybillAt;
    }
}
