package pl.trackbridge.carrier.inpost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import pl.trackbridge.testsupport.CarrierFixtures;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.tracking.EventKind;
import pl.trackbridge.tracking.Reason;
import pl.trackbridge.tracking.StatusMapping;
import pl.trackbridge.tracking.TrackingStatus;

/** status-mapping.md §5.1, one row per ShipX status name. */
class InpostStatusMappingTest {

    @ParameterizedTest(name = "{0} -> {1} {2} {3}")
    @CsvSource(nullValues = "-", textBlock = """
            created,                                         INFO,   UNKNOWN,             -
            offers_prepared,                                 INFO,   UNKNOWN,             -
            offer_selected,                                  INFO,   UNKNOWN,             -
            confirmed,                                       STATUS, LABEL_CREATED,       -
            dispatched_by_sender,                            STATUS, COLLECTED,           -
            dispatched_by_sender_to_pok,                     STATUS, COLLECTED,           -
            collected_from_sender,                           STATUS, COLLECTED,           -
            taken_by_courier,                                STATUS, COLLECTED,           -
            taken_by_courier_from_pok,                       STATUS, COLLECTED,           -
            adopted_at_source_branch,                        STATUS, IN_TRANSIT,          -
            sent_from_source_branch,                         STATUS, IN_TRANSIT,          -
            adopted_at_sorting_center,                       STATUS, IN_TRANSIT,          -
            sent_from_sorting_center,                        STATUS, IN_TRANSIT,          -
            adopted_at_target_branch,                        STATUS, IN_TRANSIT,          -
            redirect_to_box,                                 STATUS, IN_TRANSIT,          REDIRECTED
            readdressed,                                     STATUS, IN_TRANSIT,          REDIRECTED
            canceled_redirect_to_box,                        STATUS, IN_TRANSIT,          -
            unstack_from_customer_service_point,             STATUS, IN_TRANSIT,          -
            unstack_from_box_machine,                        STATUS, IN_TRANSIT,          -
            delay_in_delivery,                               STATUS, EXCEPTION,           DELAYED
            out_for_delivery,                                STATUS, OUT_FOR_DELIVERY,    -
            out_for_delivery_to_address,                     STATUS, OUT_FOR_DELIVERY,    -
            ready_to_pickup,                                 STATUS, READY_FOR_PICKUP,    -
            ready_to_pickup_from_pok,                        STATUS, READY_FOR_PICKUP,    -
            ready_to_pickup_from_pok_registered,             STATUS, READY_FOR_PICKUP,    -
            ready_to_pickup_from_branch,                     STATUS, READY_FOR_PICKUP,    -
            stack_in_box_machine,                            STATUS, READY_FOR_PICKUP,    -
            stack_in_customer_service_point,                 STATUS, READY_FOR_PICKUP,    -
            courier_avizo_in_customer_service_point,         STATUS, READY_FOR_PICKUP,    NOTICE_LEFT
            pickup_reminder_sent,                            INFO,   UNKNOWN,             -
            pickup_reminder_sent_address,                    STATUS, DELIVERY_FAILED,     RECIPIENT_ABSENT
            avizo,                                           STATUS, DELIVERY_FAILED,     NOTICE_LEFT
            rejected_by_receiver,                            STATUS, DELIVERY_FAILED,     REFUSED
            undelivered_wrong_address,                       STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            undelivered_incomplete_address,                  STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            undelivered_no_mailbox,                          STATUS, DELIVERY_FAILED,     ADDRESS_PROBLEM
            undelivered_unknown_receiver,                    STATUS, DELIVERY_FAILED,     RECIPIENT_UNKNOWN
            undelivered_not_live_address,                    STATUS, DELIVERY_FAILED,     RECIPIENT_MOVED
            undelivered_cod_cash_receiver,                   STATUS, DELIVERY_FAILED,     COD_NOT_PAID
            undelivered_lack_of_access_letterbox,            STATUS, RETURNING_TO_SENDER, ACCESS_PROBLEM
            undelivered,                                     STATUS, EXCEPTION,           OTHER
            pickup_time_expired,                             STATUS, EXCEPTION,           PICKUP_EXPIRED
            stack_parcel_pickup_time_expired,                STATUS, EXCEPTION,           PICKUP_EXPIRED
            stack_parcel_in_box_machine_pickup_time_expired, STATUS, EXCEPTION,           PICKUP_EXPIRED
            oversized,                                       STATUS, EXCEPTION,           OVERSIZED
            claimed,                                         STATUS, EXCEPTION,           CLAIM
            taken_by_courier_from_customer_service_point,    STATUS, RETURNING_TO_SENDER, -
            returned_to_sender,                              STATUS, RETURNED_TO_SENDER,  -
            delivered,                                       STATUS, DELIVERED,           -
            return_pickup_confirmation_to_sender,            STATUS, DELIVERED,           -
            canceled,                                        STATUS, CANCELLED,           -
            other,                                           STATUS, UNKNOWN,             -
            missing,                                         STATUS, UNKNOWN,             -
            """)
    void everyRowOfTheTable(String name, EventKind kind, TrackingStatus status, Reason reason) {
        StatusMapping m = InpostStatuses.explicit(name);
        assertNotNull(m, name + " has an explicit row");
        assertEquals(new StatusMapping(kind, status, reason), m);

        // and through the adapter, with the raw name kept
        String body = """
                {"event_ts":"2024-06-03 10:15:00 +0200","event":"shipment_status_changed","organization_id":1,
                 "payload":{"shipment_id":77,"status":"%s","tracking_number":"602677439331630337653846"}}"""
                .formatted(name);
        CanonicalEvent e = new InpostWebhookSource().normalise(InpostTestSupport.request(body)).get(0);
        assertEquals(kind, e.kind());
        assertEquals(status, e.status());
        assertEquals(reason, e.reason());
        assertEquals(name, e.rawStatus());
    }

    @Test
    void everyLiveStatusNameHasAnExplicitRow() throws IOException {
        JsonNode items = InpostTestSupport.JSON
                .readTree(CarrierFixtures.fixture("inpost-shipx-statuses-en_GB.json")).get("items");
        List<String> names = new ArrayList<>();
        items.forEach(i -> names.add(i.get("name").asText()));
        assertEquals(53, names.size(), "the live list has 53 statuses");
        assertEquals(53, new HashSet<>(names).size(), "no duplicates in the live list");

        List<String> unmapped = new ArrayList<>();
        Set<String> unknownByTable = new HashSet<>();
        for (String n : names) {
            StatusMapping m = InpostStatuses.explicit(n);
            if (m == null) {
                unmapped.add(n);
            } else if (m.status() == TrackingStatus.UNKNOWN && m.kind() == EventKind.STATUS) {
                unknownByTable.add(n);
            }
        }
        assertEquals(List.of(), unmapped, "names that would fall through to the unknown branch");
        assertEquals(Set.of("other", "missing"), unknownByTable, "only these are UNKNOWN, and by the table");
        assertEquals(53, InpostStatuses.size(), "the table has no rows beyond the live list");
    }

    @Test
    void unknownNamesFallThroughToUnknown() {
        assertNull(InpostStatuses.explicit("beamed_to_mars"));
        assertEquals(StatusMapping.unknown(), InpostStatuses.map("beamed_to_mars"));
        assertEquals(StatusMapping.unknown(), InpostStatuses.map(null));
        assertTrue(InpostStatuses.isPreLabel("offer_selected"));
        assertFalse(InpostStatuses.isPreLabel("confirmed"));
    }
}
