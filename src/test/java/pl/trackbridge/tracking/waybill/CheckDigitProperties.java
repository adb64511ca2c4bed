package pl.trackbridge.tracking.waybill;

import static org.junit.jupiter.api.Assertions.assertEquals;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import pl.trackbridge.tracking.waybill.WaybillCheck.Verdict;

/**
 * Single-digit errors against the S10 and UPS 1Z check digits. Neither scheme catches all of them (see
 * the blind-spot tests in WaybillValidatorTest), so each property states exactly which ones it does.
 */
class CheckDigitProperties {

    @Provide
    Arbitrary<String> s10Numbers() {
        Arbitrary<String> letters = Arbitraries.strings().withCharRange('A', 'Z').ofLength(2);
        Arbitrary<String> serial = Arbitraries.strings().numeric().ofLength(8);
        Arbitrary<String> country = Arbitraries.of("PL", "GB", "US", "DE", "CN");
        return Combinators.combine(letters, serial, country).as((l, s, c) -> l + s + CheckDigits.s10(s) + c);
    }

    @Provide
    Arbitrary<String> ups1zNumbers() {
        return Arbitraries.strings().withCharRange('0', '9').withCharRange('A', 'Z').ofLength(15)
                .map(s -> "1Z" + s + CheckDigits.mod10(s, 1, 2));
    }

    @Property(tries = 500)
    void generatedS10NumbersAreValid(@ForAll("s10Numbers") String n) {
        assertEquals(Verdict.VALID, WaybillValidator.validate("CHINA_POST", n).verdict(), n);
    }

    /** Any other digit at any digit position (serial or check) is caught unless the check digit is 5. */
    @Property(tries = 2000)
    void s10CatchesEverySingleDigitErrorWhenTheCheckDigitIsNotFive(@ForAll("s10Numbers") String n,
            @ForAll @IntRange(min = 2, max = 10) int position, @ForAll @IntRange(min = 1, max = 9) int shift) {
        Assume.that(n.charAt(10) != '5');
        String changed = replaceDigit(n, position, shift);
        assertEquals(Verdict.INVALID, WaybillValidator.validate("CHINA_POST", changed).verdict(), n + " -> " + changed);
    }

    /** A wrong check digit is always caught, whatever its value. */
    @Property(tries = 500)
    void s10CatchesEveryWrongCheckDigit(@ForAll("s10Numbers") String n, @ForAll @IntRange(min = 1, max = 9) int shift) {
        String changed = replaceDigit(n, 10, shift);
        assertEquals(Verdict.INVALID, WaybillValidator.validate("CHINA_POST", changed).verdict(), n + " -> " + changed);
    }

    @Property(tries = 500)
    void generatedUpsNumbersAreValid(@ForAll("ups1zNumbers") String n) {
        assertEquals(Verdict.VALID, WaybillValidator.validate("UPS", n).verdict(), n);
    }

    /**
     * Weight 1 positions (even within the serial) and the check digit catch every change; weight 2
     * positions catch every change except by 5 (2·5 ≡ 0 mod 10).
     */
    @Property(tries = 3000)
    void upsCatchesEverySingleDigitErrorExceptShiftsOfFiveAtDoubledPositions(@ForAll("ups1zNumbers") String n,
            @ForAll @IntRange(min = 2, max = 17) int position, @ForAll @IntRange(min = 1, max = 9) int shift) {
        Assume.that(Character.isDigit(n.charAt(position)));
        boolean doubled = position < 17 && (position - 2) % 2 == 1;
        Assume.that(!(doubled && shift == 5));
        String changed = replaceDigit(n, position, shift);
        assertEquals(Verdict.INVALID, WaybillValidator.validate("UPS", changed).verdict(), n + " -> " + changed);
    }

    /** Replaces the digit at {@code position} with a different digit ({@code shift} in 1..9 mod 10). */
    private static String replaceDigit(String n, int position, int shift) {
        char d = (char) ('0' + (n.charAt(position) - '0' + shift) % 10);
        return n.substring(0, position) + d + n.substring(position + 1);
    }
}
