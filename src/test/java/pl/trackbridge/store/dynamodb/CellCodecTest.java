package pl.trackbridge.store.dynamodb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import pl.trackbridge.kpi.Cells;
import pl.trackbridge.kpi.Kpi;
import pl.trackbridge.kpi.Tally;

class CellCodecTest {
    static final LocalDate DAY = LocalDate.parse("2026-11-20");

    @Test
    void aDaysCellsSurviveTheRoundTripAndOtherDaysAndZeroCellsAreLeftOut() {
        Cells cells = new Cells();
        cells.add(new Cells.Key(DAY, Kpi.DISPATCH_ON_TIME, Cells.TOTAL), new Tally().add(3, 4));
        cells.add(new Cells.Key(DAY, Kpi.TRACKING_TIMELINESS, "DPD"),
                new Tally().add(1, 2).addLatency(-1500, 1).addLatency(7_200_000, 1));
        cells.add(new Cells.Key(DAY, Kpi.RETURN_RATE, "INPOST"), new Tally().add(0, 1));
        cells.add(new Cells.Key(DAY.plusDays(1), Kpi.DISPATCH_ON_TIME, Cells.TOTAL), new Tally().add(1, 1));

        String text = CellCodec.encode(cells, DAY);
        assertEquals("DISPATCH_ON_TIME|*|3|4\nTRACKING_TIMELINESS|DPD|1|2|-1500:1,7200000:1\nRETURN_RATE|INPOST|0|1\n", text);
        Cells back = new Cells();
        CellCodec.decode(text, DAY, back);
        Cells expected = new Cells();
        cells.asMap().forEach((k, t) -> {
            if (k.day().equals(DAY)) {
                expected.add(k, t);
            }
        });
        assertEquals(expected, back);
        assertEquals("", CellCodec.encode(new Cells(), DAY));
    }
}
