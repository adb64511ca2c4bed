package pl.trackbridge.alert;

import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * KPI readings held in memory: for tests and the local scenario, and the wiring's default until the KPI
 * roll-up's store is connected (then there is simply no reading, and no KPI alert, in AWS).
 */
public final class InMemoryKpiReadings implements KpiReadings {
    private final Map<String, Map<String, KpiReading>> byAccount = new ConcurrentHashMap<>();

    /** Sets the account's latest reading of one KPI (whatever day is asked for: the scenario's feed). */
    public void put(String accountId, KpiReading reading) {
        byAccount.computeIfAbsent(accountId, a -> new ConcurrentHashMap<>()).put(reading.kpi(), reading);
    }

    public void clear(String accountId) {
        byAccount.remove(accountId);
    }

    @Override
    public Map<String, KpiReading> read(String accountId, LocalDate day) {
        return Map.copyOf(byAccount.getOrDefault(accountId, Map.of()));
    }
}
