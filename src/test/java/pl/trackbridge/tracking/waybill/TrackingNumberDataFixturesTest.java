package pl.trackbridge.tracking.waybill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import pl.trackbridge.tracking.waybill.WaybillCheck.Verdict;

/**
 * Every valid and invalid test number in tracking-number-data/{ups,fedex,dhl,dpd,s10}.json (jkeen,
 * verbatim; provenance in fixtures/carriers/README.md), run against the Allegro carrier id it belongs to.
 */
class TrackingNumberDataFixturesTest {
    private static final String DIR = "/fixtures/carriers/tracking-number-data/";
    /** File → Allegro carrier ids to run it against. S10 runs against Poczta Polska and a foreign post. */
    private static final Map<String, List<String>> FILES = Map.of(
            "ups", List.of("UPS"),
            "fedex", List.of("FEDEX"),
            "dhl", List.of("DHL"),
            "dpd", List.of("DPD"),
            "s10", List.of("POCZTA_POLSKA", "CHINA_POST"));

    record Sample(String carrier, String format, String number, boolean valid) {
        @Override
        public String toString() {
            return carrier + " " + format + " " + (valid ? "valid" : "invalid") + " '" + number + "'";
        }
    }

    static List<Sample> samples() {
        List<Sample> out = new ArrayList<>();
        ObjectMapper mapper = new ObjectMapper();
        FILES.forEach((file, carriers) -> {
            try (InputStream in = TrackingNumberDataFixturesTest.class.getResourceAsStream(DIR + file + ".json")) {
                for (JsonNode format : mapper.readTree(in).get("tracking_numbers")) {
                    String name = format.path("id").asText(format.get("name").asText());
                    JsonNode numbers = format.get("test_numbers");
                    for (String carrier : carriers) {
                        numbers.get("valid").forEach(n -> out.add(new Sample(carrier, name, n.asText(), true)));
                        numbers.get("invalid").forEach(n -> out.add(new Sample(carrier, name, n.asText(), false)));
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        return out;
    }

    static Stream<Arguments> validSamples() {
        return samples().stream().filter(Sample::valid).map(Arguments::of);
    }

    static Stream<Arguments> invalidSamples() {
        return samples().stream().filter(s -> !s.valid()).map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validSamples")
    void validNumbersAreAccepted(Sample s) {
        WaybillCheck check = WaybillValidator.validate(s.carrier(), s.number());
        // S10 numbers of other countries' posts are real but not Poczta Polska's: accepted with a warning.
        boolean foreignS10 = s.carrier().equals("POCZTA_POLSKA") && !check.waybill().endsWith("PL");
        assertEquals(foreignS10 ? Verdict.UNVERIFIED_WARNING : Verdict.VALID, check.verdict(), check::toString);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSamples")
    void invalidNumbersAreRejected(Sample s) {
        WaybillCheck check = WaybillValidator.validate(s.carrier(), s.number());
        assertEquals(Verdict.INVALID, check.verdict(), check::toString);
        assertTrue(!check.message().isBlank(), check::toString);
    }

    @Test
    void everyFileContributesNumbers() {
        // Guards against a renamed file or key silently emptying the parameterized tests above.
        List<Sample> all = samples();
        for (String file : List.of("UPS", "FEDEX", "DHL", "DPD", "POCZTA_POLSKA")) {
            assertTrue(all.stream().anyMatch(s -> s.carrier().equals(file) && s.valid()), file);
            assertTrue(all.stream().anyMatch(s -> s.carrier().equals(file) && !s.valid()), file);
        }
        assertTrue(all.size() > 90, "only " + all.size() + " samples");
    }
}
