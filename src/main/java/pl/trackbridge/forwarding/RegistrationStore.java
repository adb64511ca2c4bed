package pl.trackbridge.forwarding;

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

    /** Every registration of a waybill (one parcel may serve several orders). */
    List<Registration> forWaybill(String accountId, String waybill);

    void markQueued(String accountId, String waybill, String orderId);
}
