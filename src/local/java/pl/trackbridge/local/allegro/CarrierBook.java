package pl.trackbridge.local.allegro;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Carrier ids and parcel tracking. Two sets on purpose: the ids of GET /order/carriers (accepted by POST shipments)
 * differ from the ids /tracking accepts (allegro-api#6899). Not thread-safe; {@link AllegroStandIn} serialises calls.
 */
final class CarrierBook {
    /** GET /order/carriers after the 2026 removals of WEDO and ALLEGRO; RUCH became ORLEN in 2023. */
    final Map<String, String> carriers = new LinkedHashMap<>();
    /** What /tracking accepted in allegro-api#7255 (June 2023); note ORLEN is missing and ALLEGRO present. */
    final Set<String> trackingCarriers = new LinkedHashSet<>(List.of("4PX_EXPRESS", "ALLEGRO", "AMBRO_EXPRESS",
            "AUSTRIAN_POST_EXPRESS", "AUSTRIAN_POST_REGISTERED", "CAINIAO", "CHINA_EMS", "CHINA_POST", "CHUKOU1",
            "CNE_EXPRESS", "DB_SCHENKER", "DHL", "DPD", "DSV", "DTS", "ESHIPPING_GLOBAL", "EXELOT", "FEDEX",
            "FLYT_EXPRESS", "GEBRUDER_WEISS", "GEIS", "GLS", "INPOST", "JAPAN_POST", "KARGOM_KOLAY", "KN", "LA_POSTE",
            "LITHUANIAN_POST", "MEEST", "NA_DZISIAJ", "NO_LIMIT", "PACKETA", "PICKPACK", "POCZTA_POLSKA", "POSTNORD",
            "PTS", "RABEN", "RHENUS_LOGISTICS", "RUCH", "SFC", "SF_EXPRESS", "SHIPTER", "SKYNET", "SUNYOU", "SUUS",
            "TNT_EXPRESS", "UKR_POSHTA", "UPS", "WANB_EXPRESS", "WEDO", "X_PRESS_COURIERS", "YANWEN", "YUN_EXPRESS",
            "ZIGZAG"));
    /** Allegro checks waybills per carrier without publishing the rules; tests script them here. */
    final Map<String, Pattern> waybillPatterns = new HashMap<>();
    private final Map<String, List<TrackingStatus>> tracking = new HashMap<>();

    CarrierBook() {
        String[][] defaults = {{"DHL", "DHL"}, {"DPD", "DPD"}, {"GLS", "GLS"}, {"INPOST", "InPost"},
            {"ORLEN", "Orlen Paczka"}, {"POCZTA_POLSKA", "Poczta Polska"}, {"UPS", "UPS"}, {"FEDEX", "FedEx"},
            {"DB_SCHENKER", "DB Schenker"}, {"YUN_EXPRESS", "Yun Express"}, {"OTHER", null}};
        for (String[] carrier : defaults) {
            carriers.put(carrier[0], carrier[1]);
        }
    }

    void setTracking(String carrierId, String waybill, List<TrackingStatus> statuses) {
        List<TrackingStatus> sorted = new ArrayList<>(statuses);
        sorted.sort(Comparator.comparing(TrackingStatus::occurredAt));
        tracking.put(carrierId + "\n" + waybill, sorted);
    }

    List<TrackingStatus> tracking(String carrierId, String waybill) {
        return tracking.getOrDefault(carrierId + "\n" + waybill, List.of());
    }

    Map<String, Object> trackingJson(String carrierId, String waybill) {
        List<TrackingStatus> statuses = tracking(carrierId, waybill);
        if (statuses.isEmpty()) {
            return Json.obj("waybill", waybill); // no history yet: trackingDetails is simply absent
        }
        return Json.obj("waybill", waybill, "trackingDetails", Json.obj(
                "statuses", statuses.stream().map(s -> Json.obj("occurredAt", Json.time(s.occurredAt()),
                        "code", s.code(), "description", s.description())).toList(),
                "createdAt", Json.time(statuses.get(0).occurredAt()),
                "updatedAt", Json.time(statuses.get(statuses.size() - 1).occurredAt())));
    }
}
