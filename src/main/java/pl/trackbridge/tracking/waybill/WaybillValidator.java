package pl.trackbridge.tracking.waybill;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import pl.trackbridge.tracking.Waybills;
import pl.trackbridge.tracking.waybill.WaybillCheck.Verdict;

/**
 * Pre-flight check of a waybill against the format of its Allegro carrier. Allegro rejects a mismatch
 * with CarrierWaybillValidationException but never lets a posted waybill be edited (api-notes §1, §8;
 * pain-points §1), so a typo that slips through is permanent. Rules and confidence levels come from
 * docs/carriers/tracking-number-formats.md: check digits where proven, length/charset where the format
 * is documented, warn-only where the rule is a guess (formats doc, "How to use" point 2).
 */
public final class WaybillValidator {
    /** Allegro: "Cannot be empty and must be no longer than 64 characters" (api-notes §1). */
    static final int MAX_LENGTH = 64;

    private static final int[] FEDEX_12_WEIGHTS = {3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};
    private static final int[] FEDEX_34_WEIGHTS = {1, 7, 3, 1, 7, 3, 1, 7, 3, 1, 7, 3, 1};
    // S10 suffixes are ISO 3166 alpha-2 codes of the issuing post (tracking-number-data s10.json glossary).
    private static final Set<String> ISO_COUNTRIES = Set.of(Locale.getISOCountries());

    private static final Pattern ALNUM = Pattern.compile("[0-9A-Z]+");
    private static final Pattern UPS_1Z = Pattern.compile("1Z[0-9A-Z]{15}[0-9]");
    private static final Pattern UPS_WAYBILL = Pattern.compile("[AHJKTV]\\d{10}");
    private static final Pattern UPS_ROADIE = Pattern.compile("1R(?:[0-9A-Z]{14}|[0-9A-Z]{26})");
    private static final Pattern FEDEX_ASTRA_32 = Pattern.compile("3\\d{31}");
    private static final Pattern FEDEX_34 = Pattern.compile("[0-8]\\d{33}");
    private static final Pattern FEDEX_GSN_34 = Pattern.compile("96\\d{32}");
    private static final Pattern FEDEX_GROUND_96 = Pattern.compile("96\\d{20}");
    private static final Pattern S10 = Pattern.compile("[A-Z]{2}\\d{9}[A-Z]{2}");
    private static final Pattern S10_LOOKALIKE = Pattern.compile("[A-Z]{2}\\d+[A-Z]{2}");
    private static final Pattern PP_DOMESTIC = Pattern.compile("\\d{20}");
    private static final Pattern POCZTEX = Pattern.compile("PX\\d{10}");
    private static final Pattern DPD_PL = Pattern.compile("\\d{13}[0-9A-Z]");
    private static final Pattern DPD_PARCEL = Pattern.compile("\\d{14}[0-9A-Z]");
    private static final Pattern DPD_BARCODE = Pattern.compile("\\d{27}[0-9A-Z]");
    private static final Pattern DHL_PIECE_ID = Pattern.compile("J[A-Z]{2,3}\\d{9,10}");
    // Serial must contain a digit, as in tracking-number-data dhl.json (dhl_ecommerce).
    private static final Pattern DHL_ECOMMERCE = Pattern.compile("(?:GM|LX|RX|UV|CN|SG|TH|IN|HK|MY)(?=[A-Z]*\\d)[0-9A-Z]{10,39}");
    private static final Pattern DHL_000 = Pattern.compile("000\\d{21}");
    private static final Pattern GLS = Pattern.compile("[0-9A-Z]{8,14}");
    private static final Pattern ORLEN = Pattern.compile("[0-9A-Z]{8,30}");

    /** Allegro ids of other posts: their international items are S10 too; domestic formats unknown. */
    private static final Set<String> OTHER_POSTS = Set.of("CHINA_POST", "CHINA_EMS", "JAPAN_POST", "LA_POSTE",
            "LITHUANIAN_POST", "AUSTRIAN_POST_REGISTERED", "POSTNORD", "UKR_POSHTA");

    private WaybillValidator() {
    }

    public static WaybillCheck validate(String allegroCarrierId, String rawWaybill) {
        String n = normalise(rawWaybill);
        if (n == null) {
            return invalid(null, "non-empty", "waybill is empty");
        }
        if (n.length() > MAX_LENGTH) {
            return invalid(n, "Allegro max 64 characters",
                    "waybill has " + n.length() + " characters; Allegro accepts at most " + MAX_LENGTH);
        }
        String carrier = allegroCarrierId == null ? "" : allegroCarrierId.trim().toUpperCase(Locale.ROOT);
        return switch (carrier) {
            case "UPS" -> ups(n);
            case "FEDEX" -> fedex(n);
            case "INPOST" -> inpost(n);
            case "DPD" -> dpd(n);
            case "DHL" -> dhl(n);
            case "POCZTA_POLSKA" -> pocztaPolska(n);
            case "GLS" -> guess(n, "GLS", GLS, "8-14 letters/digits", "GLS (docs/carriers/gls.md: no authoritative format)");
            // RUCH was renamed ORLEN in 2023 (api-notes §8).
            case "ORLEN", "RUCH" -> guess(n, "ORLEN", ORLEN, "8-30 letters/digits", "ORLEN Paczka (format unknown)");
            default -> OTHER_POSTS.contains(carrier) ? otherPost(n, carrier) : unknownCarrier(n, carrier);
        };
    }

    /**
     * DESIGN: trim, upper-case, no spaces (no-break spaces included), via the shared {@link Waybills#normalise}.
     * Hyphens and dots are kept: some carriers' waybills contain them (api-notes §1).
     */
    static String normalise(String raw) {
        return Waybills.normalise(raw);
    }

    // UPS: formats doc rows "UPS" and "UPS waybill"; ups.md (Track Alert regex for 1R).
    private static WaybillCheck ups(String n) {
        if (UPS_1Z.matcher(n).matches()) {
            return checked(n, "UPS 1Z check digit", "UPS waybills are 1Z + 16 characters with a check digit",
                    17, CheckDigits.mod10(n.substring(2, 17), 1, 2));
        }
        if (UPS_WAYBILL.matcher(n).matches()) {
            return checked(n, "UPS waybill mod 10", "UPS waybills of this form are A/H/J/K/T/V + 10 digits with a check digit",
                    10, CheckDigits.mod10(n.substring(1, 10), 1, 2));
        }
        if (UPS_ROADIE.matcher(n).matches()) {
            return valid(n, "UPS Roadie 1R length");
        }
        return noMatch(n, "UPS formats",
                "UPS waybills are 1Z + 16 letters/digits (18), a letter A/H/J/K/T/V + 10 digits, or 1R + 14 or 26 letters/digits");
    }

    // FedEx: formats doc rows "FedEx …" and tracking-number-data fedex.json for the barcode forms.
    private static WaybillCheck fedex(String n) {
        if (!n.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return noMatch(n, "FedEx formats", "FedEx tracking numbers are digits only");
        }
        switch (n.length()) {
            case 12:
                return checked(n, "FedEx Express 12 check digit", "FedEx Express numbers are 12 digits with a check digit",
                        11, CheckDigits.weightedMod11Mod10(n.substring(0, 11), FEDEX_12_WEIGHTS));
            case 15:
                return checked(n, "FedEx Ground 15 check digit", "FedEx Ground numbers are 15 digits with a check digit",
                        14, CheckDigits.mod10(n.substring(0, 14), 1, 3));
            case 18:
                // SSCC-18: the check covers digits 3-17, as tracking-number-data fedex.json defines it.
                return checked(n, "FedEx SSCC-18 check digit", "FedEx SSCC-18 numbers are 18 digits with a check digit",
                        17, CheckDigits.mod10(n.substring(2, 17), 3, 1));
            case 20:
                // fedex.md mentions 20-digit Ground numbers, but no doc gives their layout or check.
                return warn(n, "FedEx 20 digits (undocumented)",
                        "20-digit FedEx numbers are mentioned in docs/carriers/fedex.md but their format is not documented; not verified");
            case 22:
                if (FEDEX_GROUND_96.matcher(n).matches()) {
                    return checked(n, "FedEx Ground 96 (22) check digit",
                            "FedEx Ground 22-digit numbers are 96 + 20 digits with a check digit",
                            21, CheckDigits.mod10(n.substring(7, 21), 1, 3));
                }
                break;
            case 32:
                if (FEDEX_ASTRA_32.matcher(n).matches()) {
                    // Positions 17-28 hold an Express number whose check digit is the barcode's only one.
                    return checked(n, "FedEx ASTRA 32 check digit", "FedEx ASTRA barcodes are 3 + 31 digits with a check digit at position 28",
                            27, CheckDigits.weightedMod11Mod10(n.substring(16, 27), FEDEX_12_WEIGHTS));
                }
                break;
            case 34:
                if (FEDEX_34.matcher(n).matches() || FEDEX_GSN_34.matcher(n).matches()) {
                    String rule = n.startsWith("96") ? "FedEx Ground GSN 34 check digit" : "FedEx 34-digit barcode check digit";
                    return checked(n, rule, "FedEx 34-digit barcodes end in a 13-digit serial and a check digit",
                            33, CheckDigits.weightedMod11Mod10(n.substring(20, 33), FEDEX_34_WEIGHTS));
                }
                break;
            default:
                break;
        }
        return noMatch(n, "FedEx formats",
                "FedEx tracking numbers are 12 (Express), 15 (Ground), 18 (SSCC), 22 (96…), 32 (3…) or 34 digits");
    }

    // InPost: 24 digits in every documented number; no check digit found (inpost-shipx.md).
    private static WaybillCheck inpost(String n) {
        if (n.length() == 24 && n.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return valid(n, "InPost 24 digits");
        }
        return noMatch(n, "InPost 24 digits", "InPost waybills are 24 digits");
    }

    private static WaybillCheck dpd(String n) {
        if (DPD_PL.matcher(n).matches()) {
            // The DPD-PL check character is not ISO 7064 MOD 37,36 and its algorithm is unknown
            // (dpd-polska.md "Waybill format"), yet Allegro does check it (api-notes §1, #6515).
            return warn(n, "DPD Polska 13 digits + check character",
                    "DPD Polska format OK (13 digits + check character); the check character cannot be verified");
        }
        if (DPD_PARCEL.matcher(n).matches()) {
            return checked(n, "DPD parcel number MOD 37,36", "DPD parcel numbers are 14 digits + a check character",
                    14, CheckDigits.iso7064Mod3736(n.substring(0, 14)));
        }
        if (DPD_BARCODE.matcher(n).matches()) {
            return checked(n, "DPD 28-character barcode MOD 37,36", "DPD barcodes are 27 digits + a check character",
                    27, CheckDigits.iso7064Mod3736(n.substring(0, 27)));
        }
        return noMatch(n, "DPD formats",
                "DPD Polska waybills are 13 digits + a check character (14); DPD parcel numbers 14 digits + check (15) or 27 + check (28)");
    }

    // Allegro's DHL covers DHL Parcel Polska (DHL24) and DHL Express (formats doc, dhl.md).
    private static WaybillCheck dhl(String n) {
        boolean digits = n.chars().allMatch(c -> c >= '0' && c <= '9');
        if (digits && n.length() == 10) {
            return checked(n, "DHL Express mod 7", "DHL Express waybills are 10 digits with a mod-7 check digit",
                    9, CheckDigits.mod7(n.substring(0, 9)));
        }
        if (digits && n.length() == 11) {
            // 11 digits is also the DHL24 length, and real DHL24 numbers fail mod 7 (dhl.md §1): no check.
            return valid(n, "DHL 11 digits");
        }
        if (digits && n.length() == 14) {
            return valid(n, "DHL eCommerce 14 digits");
        }
        if (DHL_PIECE_ID.matcher(n).matches()) {
            return valid(n, "DHL Express piece id");
        }
        if (DHL_ECOMMERCE.matcher(n).matches()) {
            return valid(n, "DHL eCommerce prefix");
        }
        if (DHL_000.matcher(n).matches()) {
            return warn(n, "DHL 000 + 21 digits (community regex)",
                    "matches only a community regex for DHL (dhl.md §1); not verified");
        }
        return noMatch(n, "DHL formats", "DHL waybills are 10 digits (Express, mod-7 check), 11 digits (DHL Parcel Polska), "
                + "14 digits or GM/LX/RX/… + 10-39 letters/digits (eCommerce), or J + 2-3 letters + 9-10 digits (piece id)");
    }

    private static WaybillCheck pocztaPolska(String n) {
        if (S10.matcher(n).matches()) {
            WaybillCheck s10 = s10(n);
            if (s10.verdict() == Verdict.VALID && !n.endsWith("PL")) {
                return warn(n, s10.rule(), "UPU S10 check digit OK, but the suffix " + n.substring(11)
                        + " means another country's post issued it, not Poczta Polska (PL)");
            }
            return s10;
        }
        if (S10_LOOKALIKE.matcher(n).matches()) {
            // Letters-digits-letters is only the S10 shape; the domestic formats are all digits or PX…
            return invalid(n, "UPU S10 length", "UPU S10 numbers are 2 letters + 9 digits + 2 letters; this one has "
                    + (n.length() - 4) + " digits");
        }
        // Domestic formats come from community regexes only (poczta-polska.md "Numbers"): warn-only.
        if (PP_DOMESTIC.matcher(n).matches()) {
            return warn(n, "Poczta Polska 20 digits (guess)", "matches a community regex for Poczta Polska domestic parcels; not verified");
        }
        if (POCZTEX.matcher(n).matches()) {
            return warn(n, "Pocztex PX + 10 digits (guess)", "matches a community regex for Pocztex; not verified");
        }
        return warn(n, "Poczta Polska formats (guess)", "not an S10 number, and Poczta Polska's domestic formats are"
                + " unverified (20 digits or PX + 10 digits seen in community regexes)" + problems(n));
    }

    private static WaybillCheck otherPost(String n, String carrier) {
        if (S10.matcher(n).matches()) {
            return s10(n);
        }
        return unknownCarrier(n, carrier);
    }

    private static WaybillCheck s10(String n) {
        String country = n.substring(11);
        if (!ISO_COUNTRIES.contains(country)) {
            return invalid(n, "UPU S10 country", "UPU S10 numbers end in the ISO country code of the issuing post; "
                    + country + " is not one");
        }
        return checked(n, "UPU S10 check digit", "UPU S10 numbers are 2 letters + 8 digits + a check digit + 2 letters",
                10, CheckDigits.s10(n.substring(2, 10)));
    }

    /** A carrier whose only rule is a guess: whatever the outcome, accept and warn. */
    private static WaybillCheck guess(String n, String name, Pattern pattern, String shape, String why) {
        String rule = name + " " + shape + " (guess)";
        if (pattern.matcher(n).matches()) {
            return warn(n, rule, "matches the guessed " + name + " format; " + why + ", not verified");
        }
        return warn(n, rule, "does not match the guessed " + name + " format (" + shape + ")" + problems(n) + "; " + why
                + ", so it is not rejected");
    }

    private static WaybillCheck unknownCarrier(String n, String carrier) {
        String name = carrier.isEmpty() ? "unknown carrier" : carrier;
        return warn(n, "no rule for " + name, "no waybill format is known for " + name + "; only non-empty and at most "
                + MAX_LENGTH + " characters were checked");
    }

    /** A format with a proven check character at {@code index}. */
    private static WaybillCheck checked(String n, String rule, String description, int index, char expected) {
        char actual = n.charAt(index);
        if (actual == expected) {
            return valid(n, rule);
        }
        return invalid(n, rule, description + "; check " + (Character.isDigit(expected) ? "digit" : "character")
                + " should be " + expected + ", not " + actual);
    }

    private static WaybillCheck noMatch(String n, String rule, String expectation) {
        return invalid(n, rule, expectation + problems(n));
    }

    /** What is visibly off: the length, and any character that is not a letter or digit. */
    private static String problems(String n) {
        StringBuilder s = new StringBuilder("; got ").append(n.length()).append(" characters");
        if (!ALNUM.matcher(n).matches()) {
            int bad = n.codePoints().filter(c -> !(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z')).findFirst().orElse('?');
            s.append(String.format(Locale.ROOT, " including '%s' (U+%04X), but only letters and digits are allowed",
                    new String(Character.toChars(bad)), bad));
        }
        return s.toString();
    }

    private static WaybillCheck valid(String n, String rule) {
        return new WaybillCheck(n, Verdict.VALID, rule, "waybill matches " + rule);
    }

    private static WaybillCheck invalid(String n, String rule, String message) {
        return new WaybillCheck(n, Verdict.INVALID, rule, message);
    }

    private static WaybillCheck warn(String n, String rule, String message) {
        return new WaybillCheck(n, Verdict.UNVERIFIED_WARNING, rule, message);
    }
}
