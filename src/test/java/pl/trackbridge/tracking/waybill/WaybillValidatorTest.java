package pl.trackbridge.tracking.waybill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import pl.trackbridge.tracking.waybill.WaybillCheck.Verdict;

class WaybillValidatorTest {

    /** Every number quoted in docs/carriers/tracking-number-formats.md (rules table and "Algorithms"). */
    @ParameterizedTest(name = "{0} {1} -> {2} ({3})")
    @CsvSource({
            // Rules table
            "INPOST, 602677439331630337653846, VALID, InPost 24 digits",
            "INPOST, 633300208831612315289193, VALID, InPost 24 digits",
            "INPOST, 523000015611700083038270, VALID, InPost 24 digits",
            "DPD, 1050059395731U, UNVERIFIED_WARNING, DPD Polska 13 digits + check character",
            "DPD, 0000795537918Q, UNVERIFIED_WARNING, DPD Polska 13 digits + check character",
            "DPD, 09980000020033F, VALID, 'DPD parcel number MOD 37,36'",
            "DHL, 11122223333, VALID, DHL 11 digits",
            "DHL, 24333892874, VALID, DHL 11 digits",
            "DHL, 3318810025, VALID, DHL Express mod 7",
            "DHL, JJD0099999999, VALID, DHL Express piece id",
            "UPS, K1506235620, VALID, UPS waybill mod 10",
            "FEDEX, 986578788855, VALID, FedEx Express 12 check digit",
            "POCZTA_POLSKA, EE796885645PL, VALID, UPU S10 check digit",
            // Algorithms: UPS 1Z
            "UPS, 1Z5R89390357567127, VALID, UPS 1Z check digit",
            "UPS, 1ZCIETST0111111114, VALID, UPS 1Z check digit",
            "UPS, 1Z204W4R0308071865, VALID, UPS 1Z check digit",
            "UPS, 1Z5R89390357567128, INVALID, UPS 1Z check digit",
            // FedEx 12
            "FEDEX, 397280491672, VALID, FedEx Express 12 check digit",
            "FEDEX, 986578788856, INVALID, FedEx Express 12 check digit",
            // FedEx 15 / 22
            "FEDEX, 041441760228964, VALID, FedEx Ground 15 check digit",
            "FEDEX, 9611020987654312345672, VALID, FedEx Ground 96 (22) check digit",
            "FEDEX, 041441760228965, INVALID, FedEx Ground 15 check digit",
            // DHL Express mod 7
            "DHL, 8487135506, VALID, DHL Express mod 7",
            "DHL, 3318810026, INVALID, DHL Express mod 7",
            // S10
            "POCZTA_POLSKA, EE796885646PL, INVALID, UPU S10 check digit",
            "CHINA_POST, RB123456785GB, VALID, UPU S10 check digit",
            // ISO 7064 MOD 37,36
            "DPD, 09980000020034D, VALID, 'DPD parcel number MOD 37,36'",
            // ups.md: the second CIE test number
            "UPS, 1ZCIETST0422222228, VALID, UPS 1Z check digit",
    })
    void documentedVectors(String carrier, String number, Verdict verdict, String rule) {
        WaybillCheck check = WaybillValidator.validate(carrier, number);
        assertEquals(verdict, check.verdict(), check::toString);
        assertEquals(rule, check.rule());
        assertEquals(number, check.waybill());
    }

    @Test
    void upsMessageNamesTheExpectedCheckDigit() {
        WaybillCheck check = WaybillValidator.validate("UPS", "1Z5R89390357567128");
        assertEquals("UPS waybills are 1Z + 16 characters with a check digit; check digit should be 7, not 8", check.message());
    }

    @Test
    void s10MessageNamesTheExpectedCheckDigit() {
        assertEquals("UPU S10 numbers are 2 letters + 8 digits + a check digit + 2 letters; check digit should be 5, not 6",
                WaybillValidator.validate("POCZTA_POLSKA", "EE796885646PL").message());
    }

    @Test
    void dpdMessageNamesTheExpectedCheckCharacter() {
        assertTrue(WaybillValidator.validate("DPD", "09980000020033D").message()
                .endsWith("check character should be F, not D"));
    }

    @ParameterizedTest
    @CsvSource({
            "' 1z5r 8939 0357 5671 27 ', UPS, 1Z5R89390357567127",
            "'ee 796 885 645 pl', POCZTA_POLSKA, EE796885645PL",
            "'6026 7743 9331 6303 3765 3846', INPOST, 602677439331630337653846",
            "'\t0998 0000 0200 34d\n', DPD, 09980000020034D",
            // U+00A0 (no-break space), which Character.isWhitespace does not count as whitespace
            "'1Z5R8939\u00A00357567127', UPS, 1Z5R89390357567127",
    })
    void normalisesSpacesAndCase(String raw, String carrier, String normalised) {
        WaybillCheck check = WaybillValidator.validate(carrier, raw);
        assertEquals(normalised, check.waybill());
        assertEquals(Verdict.VALID, check.verdict(), check::toString);
    }

    @Test
    void carrierIdIsCaseAndSpaceTolerant() {
        assertEquals(Verdict.VALID, WaybillValidator.validate(" ups ", "1Z5R89390357567127").verdict());
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"", "   ", "\t\n", "\u00A0"})
    void blankIsInvalid(String raw) {
        WaybillCheck check = WaybillValidator.validate("UPS", raw);
        assertEquals(Verdict.INVALID, check.verdict());
        assertNull(check.waybill());
        assertEquals("waybill is empty", check.message());
    }

    @ParameterizedTest
    @ValueSource(strings = {"OTHER", "GLS", "INPOST", "UPS"})
    void longerThanAllegrosLimitIsInvalidForEveryCarrier(String carrier) {
        WaybillCheck check = WaybillValidator.validate(carrier, "1".repeat(65));
        assertEquals(Verdict.INVALID, check.verdict());
        assertTrue(check.message().contains("at most 64"), check.message());
    }

    @ParameterizedTest(name = "{0} {1} -> {2} ({3})")
    @CsvSource({
            // Hyphens are kept (not every carrier's waybill is alphanumeric), so a strict format rejects them.
            "UPS, 1Z-5R89390357567127, INVALID, UPS formats",
            "UPS, 1R12345678901234, VALID, UPS Roadie 1R length",
            "UPS, 1Z5R8939035756712A, INVALID, UPS formats",
            "UPS, 602677439331630337653846, INVALID, UPS formats",
            "INPOST, 60267743933163033765384, INVALID, InPost 24 digits",
            "INPOST, 6026774393316303376538460, INVALID, InPost 24 digits",
            "INPOST, 60267743933163033765384A, INVALID, InPost 24 digits",
            "DPD, 0000111122223A, UNVERIFIED_WARNING, DPD Polska 13 digits + check character",
            "DPD, 0000111122223, INVALID, DPD formats",
            "DPD, AD12345678, INVALID, DPD formats",
            "DPD, 1Z5R89390357567127, INVALID, DPD formats",
            "DHL, 73891051146, VALID, DHL 11 digits",
            "DHL, 000123456789012345678901, UNVERIFIED_WARNING, DHL 000 + 21 digits (community regex)",
            "DHL, 123456789, INVALID, DHL formats",
            "FEDEX, 12345678901234567890, UNVERIFIED_WARNING, FedEx 20 digits (undocumented)",
            "FEDEX, 1234567890123, INVALID, FedEx formats",
            "FEDEX, 98657878885A, INVALID, FedEx formats",
            "POCZTA_POLSKA, RB123456785GB, UNVERIFIED_WARNING, UPU S10 check digit",
            "POCZTA_POLSKA, RB123456785XX, INVALID, UPU S10 country",
            "POCZTA_POLSKA, EE79688564PL, INVALID, UPU S10 length",
            "POCZTA_POLSKA, 00659007734210841590, UNVERIFIED_WARNING, Poczta Polska 20 digits (guess)",
            "POCZTA_POLSKA, PX1234567890, UNVERIFIED_WARNING, Pocztex PX + 10 digits (guess)",
            "POCZTA_POLSKA, 123, UNVERIFIED_WARNING, Poczta Polska formats (guess)",
            "CHINA_POST, LX123456789CN, INVALID, UPU S10 check digit",
            "CHINA_POST, 1234567, UNVERIFIED_WARNING, no rule for CHINA_POST",
            "GLS, 12345678901, UNVERIFIED_WARNING, GLS 8-14 letters/digits (guess)",
            "GLS, 1234, UNVERIFIED_WARNING, GLS 8-14 letters/digits (guess)",
            "ORLEN, 1234567890ABC, UNVERIFIED_WARNING, ORLEN 8-30 letters/digits (guess)",
            "RUCH, 1234567890ABC, UNVERIFIED_WARNING, ORLEN 8-30 letters/digits (guess)",
            "OTHER, NET99999/9/9999, UNVERIFIED_WARNING, no rule for OTHER",
            "TNT_EXPRESS, GE123456789WW, UNVERIFIED_WARNING, no rule for TNT_EXPRESS",
            ", 1Z5R89390357567127, UNVERIFIED_WARNING, no rule for unknown carrier",
    })
    void carrierRules(String carrier, String number, Verdict verdict, String rule) {
        WaybillCheck check = WaybillValidator.validate(carrier, number);
        assertEquals(verdict, check.verdict(), check::toString);
        assertEquals(rule, check.rule(), check::toString);
        assertTrue(!check.message().isBlank());
    }

    @Test
    void formatMessagesSayWhatIsWrong() {
        assertEquals("InPost waybills are 24 digits; got 23 characters",
                WaybillValidator.validate("INPOST", "60267743933163033765384").message());
        assertTrue(WaybillValidator.validate("UPS", "1Z-5R89390357567127").message()
                .endsWith("got 19 characters including '-' (U+002D), but only letters and digits are allowed"));
        assertEquals("UPU S10 numbers are 2 letters + 9 digits + 2 letters; this one has 8 digits",
                WaybillValidator.validate("POCZTA_POLSKA", "EE79688564PL").message());
    }

    @Test
    void s10BlindSpotCheckDigitFive() {
        // The S10 mapping sends both remainders 0 and 6 to check digit 5, so with check digit 5 some
        // single-digit errors go unseen: RB123456785GB and RB323456785GB are both "valid".
        assertEquals(Verdict.VALID, WaybillValidator.validate("CHINA_POST", "RB323456785GB").verdict());
    }

    @Test
    void upsBlindSpotOddPositionsModFive() {
        // UPS doubles odd positions without digit-summing (2·4 ≡ 2·9 mod 10), so 9 → 4 there is unseen.
        assertEquals(Verdict.VALID, WaybillValidator.validate("UPS", "1Z5R84390357567127").verdict());
    }
}
