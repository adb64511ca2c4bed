package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import pl.trackbridge.kpi.Contribution;
import pl.trackbridge.kpi.Kpi;

class EntryCodecTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Test
    void aDeliveredOrdersContributionsGroupedByDayWithCodesAndLatencies() {
        List<Contribution> c = List.of(new Contribution(Kpi.DISPATCH_ON_TIME, DAY, true, null),
                new Contribution(Kpi.TRACKING_TIMELINESS, DAY, true, -10_755_000L),
                new Contribution(Kpi.TRACKING_TIMELINESS, DAY, false, 20_000L),
                new Contribution(Kpi.DELIVERED_ON_TIME, DAY.plusDays(2), false, null),
                new Contribution(Kpi.SELLER_CANCELLATION, DAY.minusDays(1), false, null));
        String text = EntryCodec.encode(c);
        assertEquals("2026-11-20:DO1,TT1=-10755000,TT0=20000;2026-11-22:DE0;2026-11-19:SC0", text);
        assertEquals(c, EntryCodec.decode(text));
        assertEquals("", EntryCodec.encode(List.of()));
        assertEquals(List.of(), EntryCodec.decode(null));
    }

    @Test
    void malformedTextIsAnErrorNotAMissingContribution() {
        for (String bad : List.of("2026-11-20:XX1", "2026-11-20:DO", "2026-11-20:DO7", "2026-11-20:", "2026-11-20",
                "2026-13-01:DO1", "2026-11-20:TT1=abc", "2026-11-20:DO1,")) {
            assertThrows(IllegalArgumentException.class, () -> EntryCodec.decode(bad), bad);
        }
        assertEquals(List.of(), EntryCodec.decode(""), "nothing applied");
    }

    @Property
    void anyContributionsSurviveTheRoundTripInTheirOrderWithinADay(@ForAll("contributions") List<Contribution> c) {
        // grouped by day in first-seen order: the same multiset, and the same order within each day
        List<Contribution> expected = new ArrayList<>();
        c.stream().map(Contribution::day).distinct().forEach(d -> c.stream().filter(x -> x.day().equals(d)).forEach(expected::add));
        assertEquals(expected, EntryCodec.decode(EntryCodec.encode(c)));
    }

    @Provide
    Arbitrary<List<Contribution>> contributions() {
        Arbitrary<Contribution> one = Combinators.combine(Arbitraries.of(Kpi.class), Arbitraries.integers().between(-40, 40),
                Arbitraries.of(true, false), Arbitraries.longs().between(-86_400_000L * 5, 86_400_000L * 5).injectNull(0.6))
                .as((k, d, h, l) -> new Contribution(k, DAY.plusDays(d), h, l));
        return one.list().ofMaxSize(20);
    }
}
