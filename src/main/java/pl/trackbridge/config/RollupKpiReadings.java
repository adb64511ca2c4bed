package pl.trackbridge.config;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import pl.trackbridge.alert.KpiReading;
import pl.trackbridge.alert.KpiReadings;
import pl.trackbridge.kpi.Kpi;
import pl.trackbridge.kpi.KpiQuery;

/**
 * The alerts' KPI port served by the roll-up's cells ({@link KpiQuery#rolling}): one Query per account and day.
 * Lives in the wiring so that neither the alert rules nor the KPI rules depend on each other.
 */
final class RollupKpiReadings implements KpiReadings {
    private final KpiQuery query;

    RollupKpiReadings(KpiQuery query) {
        this.query = query;
    }

    @Override
    public Map<String, KpiReading> read(String accountId, LocalDate day) {
        Map<String, KpiReading> out = new LinkedHashMap<>();
        for (Map.Entry<Kpi, KpiQuery.Rolling> e : query.rolling(accountId, day).entrySet()) {
            KpiQuery.Rolling r = e.getValue();
            out.put(e.getKey().name(), new KpiReading(e.getKey().name(), day, r.num7(), r.den7(), r.num30(), r.den30(),
                    r.days7().stream().map(d -> new KpiReading.Daily(d.day(), d.num(), d.den())).toList()));
        }
        return out;
    }
}
