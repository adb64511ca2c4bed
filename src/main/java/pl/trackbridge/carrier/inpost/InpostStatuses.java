package pl.trackbridge.carrier.inpost;

import static pl.trackbridge.tracking.StatusMapping.info;
import static pl.trackbridge.tracking.StatusMapping.status;
import static pl.trackbridge.tracking.StatusMapping.unknown;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** The 53 ShipX status names (GET /v1/statuses) in the canonical model, docs/carriers/status-mapping.md §5.1. */
final class InpostStatuses {
    private static final Map<String, StatusMapping> TABLE = new HashMap<>();

    /** Statuses from before a tracking number exists: an event with one of these may carry none. */
    private static final Set<String> PRE_LABEL = Set.of("created", "offers_prepared", "offer_selected");

    static {
        put(info(), "created", "offers_prepared", "offer_selected");
        put(status(TrackingStatus.LABEL_CREATED), "confirmed");
        put(status(TrackingStatus.COLLECTED), "dispatched_by_sender", "dispatched_by_sender_to_pok",
                "collected_from_sender", "taken_by_courier", "taken_by_courier_from_pok");
        put(status(TrackingStatus.IN_TRANSIT), "adopted_at_source_branch", "sent_from_source_branch",
                "adopted_at_sorting_center", "sent_from_sorting_center", "adopted_at_target_branch");
        put(status(TrackingStatus.IN_TRANSIT, Reason.REDIRECTED), "redirect_to_box", "readdressed");
        // the table puts these back on the road even though two of the titles read "deadline has passed"
        put(status(TrackingStatus.IN_TRANSIT), "canceled_redirect_to_box", "unstack_from_customer_service_point",
                "unstack_from_box_machine");
        put(status(TrackingStatus.EXCEPTION, Reason.DELAYED), "delay_in_delivery");
        put(status(TrackingStatus.OUT_FOR_DELIVERY), "out_for_delivery", "out_for_delivery_to_address");
        put(status(TrackingStatus.READY_FOR_PICKUP), "ready_to_pickup", "ready_to_pickup_from_pok",
                "ready_to_pickup_from_pok_registered", "ready_to_pickup_from_branch");
        // temporary storage because the target locker was full: the recipient can collect there
        put(status(TrackingStatus.READY_FOR_PICKUP), "stack_in_box_machine", "stack_in_customer_service_point");
        put(status(TrackingStatus.READY_FOR_PICKUP, Reason.NOTICE_LEFT), "courier_avizo_in_customer_service_point");
        put(info(), "pickup_reminder_sent");
        // titled "In delivery", but the description says the courier did not find the recipient
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_ABSENT), "pickup_reminder_sent_address");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.NOTICE_LEFT), "avizo");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.REFUSED), "rejected_by_receiver");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.ADDRESS_PROBLEM), "undelivered_wrong_address",
                "undelivered_incomplete_address", "undelivered_no_mailbox");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_UNKNOWN), "undelivered_unknown_receiver");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.RECIPIENT_MOVED), "undelivered_not_live_address");
        put(status(TrackingStatus.DELIVERY_FAILED, Reason.COD_NOT_PAID), "undelivered_cod_cash_receiver");
        // its description: "set off on its way back to the Sender"
        put(status(TrackingStatus.RETURNING_TO_SENDER, Reason.ACCESS_PROBLEM), "undelivered_lack_of_access_letterbox");
        put(status(TrackingStatus.EXCEPTION, Reason.OTHER), "undelivered");
        // not terminal: the parcel can still be collected or moved to a branch
        put(status(TrackingStatus.EXCEPTION, Reason.PICKUP_EXPIRED), "pickup_time_expired",
                "stack_parcel_pickup_time_expired", "stack_parcel_in_box_machine_pickup_time_expired");
        put(status(TrackingStatus.EXCEPTION, Reason.OVERSIZED), "oversized");
        put(status(TrackingStatus.EXCEPTION, Reason.CLAIM), "claimed");
        put(status(TrackingStatus.RETURNING_TO_SENDER), "taken_by_courier_from_customer_service_point");
        put(status(TrackingStatus.RETURNED_TO_SENDER), "returned_to_sender");
        // "The parcel has been collected. The Return Receipt has been sent to the Sender."
        put(status(TrackingStatus.DELIVERED), "delivered", "return_pickup_confirmation_to_sender");
        put(status(TrackingStatus.CANCELLED), "canceled");
        // listed by InPost but say nothing about who holds the parcel
        put(unknown(), "other", "missing");
    }

    private InpostStatuses() {
    }

    private static void put(StatusMapping mapping, String... names) {
        for (String n : names) {
            if (TABLE.put(n, mapping) != null) {
                throw new IllegalStateException("InPost status listed twice: " + n);
            }
        }
    }

    /** The explicit row for a status name, or null when the table has none. */
    static StatusMapping explicit(String name) {
        return name == null ? null : TABLE.get(name.trim().toLowerCase(Locale.ROOT));
    }

    /** The canonical meaning; a name the table does not know is UNKNOWN (kept with its raw name, never rejected). */
    static StatusMapping map(String name) {
        StatusMapping m = explicit(name);
        return m != null ? m : unknown();
    }

    static boolean isPreLabel(String name) {
        return name != null && PRE_LABEL.contains(name.trim().toLowerCase(Locale.ROOT));
    }

    static int size() {
        return TABLE.size();
    }
}
