package pl.trackbridge.carrier;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Carrier names and codes as sources and sellers write them, to Allegro carrier ids (api-notes §8). */
class CarrierIdsTest {

    @ParameterizedTest
    @CsvSource({
            "inpost-paczkomaty, INPOST", "InPost, INPOST", "Paczkomaty, INPOST",
            "dpd-poland, DPD", "DPD PL, DPD", "dpd_pl, DPD",
            "dhl-poland, DHL", "dhl_parcel_pl, DHL", "DHL Express, DHL",
            "poczta-polska, POCZTA_POLSKA", "Pocztex, POCZTA_POLSKA",
            "UPS, UPS", "FedEx, FEDEX", "gls-pl, GLS",
            "orlen-paczka, ORLEN", "Ruch, ORLEN",
            "DB Schenker, DB_SCHENKER", "Zásilkovna, PACKETA",
            "yodel, OTHER", "'', OTHER"})
    void mapsKnownNamesAndFallsBackToOther(String name, String expected) {
        assertEquals(expected, CarrierIds.normalise(name));
    }

    @ParameterizedTest
    @CsvSource({"INPOST", "DPD", "DHL", "POCZTA_POLSKA", "UPS", "FEDEX", "GLS", "ORLEN"})
    void allegroIdsMapToThemselves(String id) {
        assertEquals(id, CarrierIds.normalise(id));
    }
}
