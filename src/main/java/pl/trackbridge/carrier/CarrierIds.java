package pl.trackbridge.carrier;

import java.text.Normalizer;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the carrier names and codes sources use (AfterShip slugs, Karrio carrier names, EasyPost's
 * "FedEx", a seller's "Paczkomaty") into Allegro carrier ids (docs: allegro api-notes §8). Anything
 * unrecognised becomes {@code OTHER}: Allegro accepts it with a carrier name, and the account's own
 * name mapping (shipment registration) can refine it.
 */
public final class CarrierIds {
    public static final String OTHER = "OTHER";

    private static final Map<String, String> ALIASES = new HashMap<>();

    static {
        alias("INPOST", "inpost", "inpost-paczkomaty", "inpost_paczkomaty", "paczkomaty", "paczkomat", "inpost-pl",
                "inpost_pl", "inpost-kurier", "inpostkurier", "inpost_shipx");
        alias("DPD", "dpd", "dpd-poland", "dpd_poland", "dpd-pl", "dpd_pl", "dpdpl", "dpd_polska", "dpd-polska");
        alias("DHL", "dhl", "dhl-poland", "dhl_poland", "dhl-pl", "dhl_pl", "dhl_parcel_pl", "dhl-parcel-pl", "dhlparcel",
                "dhl_parcel", "dhl24", "dhl_express", "dhl-express", "dhlexpress");
        alias("POCZTA_POLSKA", "poczta-polska", "poczta_polska", "pocztapolska", "poczta", "pocztex", "polish-post",
                "polish_post", "pp");
        alias("UPS", "ups");
        alias("FEDEX", "fedex", "fed_ex", "fedex_express");
        alias("GLS", "gls", "gls-poland", "gls_poland", "gls-pl", "gls_pl");
        alias("ORLEN", "orlen", "orlen-paczka", "orlen_paczka", "orlenpaczka", "ruch", "paczka-w-ruchu");
        alias("TNT_EXPRESS", "tnt", "tnt_express", "tnt-express");
        alias("DB_SCHENKER", "dbschenker", "db_schenker", "schenker");
        alias("GEIS", "geis");
        alias("RABEN", "raben");
        alias("AMBRO_EXPRESS", "ambro", "ambro_express", "ambroexpress");
        alias("X_PRESS_COURIERS", "xpress", "x_press_couriers", "x-press");
        alias("PACKETA", "packeta", "zasilkovna");
        alias("ALLEGRO", "allegro", "allegro-one", "one_kurier");
    }

    private CarrierIds() {
    }

    private static void alias(String allegroId, String... names) {
        ALIASES.put(key(allegroId), allegroId);
        for (String n : names) {
            ALIASES.put(key(n), allegroId);
        }
    }

    private static String key(String name) {
        String folded = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        return folded.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }

    /** Whether this is one of the Allegro carrier ids we know (Allegro's own list has more). */
    public static boolean isKnownId(String allegroId) {
        return allegroId != null && (OTHER.equals(allegroId) || ALIASES.containsValue(allegroId));
    }

    /** The Allegro carrier id for a name or code, or {@code OTHER}. */
    public static String normalise(String nameOrCode) {
        if (nameOrCode == null || nameOrCode.isBlank()) {
            return OTHER;
        }
        return ALIASES.getOrDefault(key(nameOrCode), OTHER);
    }
}
