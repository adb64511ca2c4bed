package pl.trackbridge.forwarding;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Registrations (and, with the forwarder, their forwarding record), keyed by account + waybill + order. */
public interface RegistrationStore {
    /** The registration that is stored, and whether this call stored it. */
    record Stored(Registration registration, boolean created) {
    }

    /** Stores it unless one exists for the same (order, waybill). */
    Stored createIfAbsent(Registration registration);

    Optional<Registration> find(String accountId, String waybill, String orderId);

    /** Every registration of a waybill (one parcel may serve several orders), with its forwarding state. */
    List<Forward> forWaybill(String accountId, String waybill);

    /**
     * Takes the forwarding claim on one (order, waybill) unless another worker holds a live one: two workers
     * never post the same waybill at once.
     *
     * @return the registration and its state as claimed, or empty when someone else holds it
     */
    Optional<Forward> claim(String accountId, String waybill, String orderId, String holder, Instant now, Instant until);

    /** Stores the new state and the attempts, and releases the claim (only while {@code holder} holds it). */
    void record(String accountId, String waybill, String orderId, String holder, ForwardState state,
            List<ForwardState.Attempt> attempts);

    /**
     * As {@link #record(String, String, String, String, ForwardState, List)}, knowing the state as this holder
     * claimed it (nobody else changes it while the claim holds): a store may then skip what did not change, such as
     * copying to the order's KPI item when neither the acceptance nor SENT moved.
     */
    default void record(String accountId, String waybill, String orderId, String holder, ForwardState claimed,
            ForwardState state, List<ForwardState.Attempt> attempts) {
        record(accountId, waybill, orderId, holder, state, attempts);
    }

    void markQueued(String accountId, String waybill, String orderId);

    /** Every registration for one order, with its forwarding state (an index by order, never a scan). */
    List<Forward> forOrder(String accountId, String orderId);

    /**
     * Records a waybill that is on the Allegro order but never came from us (added by the carrier or by hand) as the
     * order's shipment, already ACCEPTED with Allegro's id and time, so it is never posted and the KPIs see it.
     *
     * @return whether this call recorded it (false: the order already had a registration of this waybill)
     */
    boolean adopt(Registration registration, String allegroShipmentId, Instant createdAt, Instant now);
}
