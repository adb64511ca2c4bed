package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import pl.trackbridge.kpi.Contribution;
import pl.trackbridge.kpi.Kpi;
import pl.trackbridge.kpi.OrderKpis;

class AppliedCodecTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Test
    void aLinePerOrderWithItsChangeCountCarrierAndContributions() {
        Map<String, AppliedCodec.Entry> entries = Map.of(
                "b-2", new AppliedCodec.Entry(7, new OrderKpis("DPD", List.of(
                        new Contribution(Kpi.DISPATCH_ON_TIME, DAY, true, null),
                        new Contribution(Kpi.TRACKING_TIMELINESS, DAY, false, 20_000L)))),
                "a-1", new AppliedCodec.Entry(1, OrderKpis.NONE));
        String text = AppliedCodec.encode(entries);
        assertEquals("a-1\t1\t\t\nb-2\t7\tDPD\t2026-11-20:DO1,TT0=20000\n", text, "sorted by order id");
        assertEquals(entries, AppliedCodec.decode(text));
        assertEquals(Map.of(), AppliedCodec.decode(null));
        assertEquals(Map.of(), AppliedCodec.decode(""));
    }

    @Test
    void malformedTextIsAnErrorNotAnOrderLeftOut() {
        for (String bad : List.of("a-1\t1\t\n", "a-1\tx\tDPD\t\n", "a-1\t1\tDPD\t2026-11-20:XX1\n", "a-1")) {
            assertThrows(IllegalArgumentException.class, () -> AppliedCodec.decode(bad), bad);
        }
        assertThrows(IllegalArgumentException.class,
                () -> AppliedCodec.encode(Map.of("a\tb", new AppliedCodec.Entry(1, OrderKpis.NONE))));
    }

    @Property
    void anyEntriesSurviveTheRoundTrip(@ForAll("entries") Map<String, AppliedCodec.Entry> entries) {
        assertEquals(entries, AppliedCodec.decode(AppliedCodec.encode(entries)));
    }

    @Provide
    Arbitrary<Map<String, AppliedCodec.Entry>> entries() {
        Arbitrary<Contribution> one = Combinators.combine(Arbitraries.of(Kpi.class), Arbitraries.integers().between(-40, 40),
                Arbitraries.of(true, false), Arbitraries.longs().between(-86_400_000L * 5, 86_400_000L * 5).injectNull(0.6))
                .as((k, d, h, l) -> new Contribution(k, DAY.plusDays(d), h, l));
        // contributions of one day only: EntryCodec groups by day, so a list spanning days comes back regrouped
        Arbitrary<OrderKpis> kpis = Combinators.combine(Arbitraries.of("DPD", "INPOST", "UPS").injectNull(0.3),
                one.list().ofMaxSize(6)).as((c, list) -> new OrderKpis(c,
                        list.stream().map(x -> new Contribution(x.kpi(), DAY, x.hit(), x.latencyMs())).toList()));
        Arbitrary<AppliedCodec.Entry> entry = Combinators.combine(Arbitraries.longs().between(0, Long.MAX_VALUE), kpis)
                .as(AppliedCodec.Entry::new);
        return Arbitraries.maps(Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(40), entry)
                .ofMaxSize(30);
    }
}
