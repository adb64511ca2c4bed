package pl.trackbridge.kpi;

import java.util.Map;
import java.util.Set;

/** The KPI inputs where they live (orders, forwards, shipments), read by key. */
public interface KpiSources {

    /**
     * The facts of each order over the given registered waybills; an order not (yet) in the orders table is
     * absent from the result.
     */
    Map<String, OrderFacts> facts(String accountId, Map<String, Set<String>> waybillsByOrder);
}
