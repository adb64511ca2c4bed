package pl.trackbridge.kpi;

import java.util.List;

/**
 * What one order contributes to its account's cells: the entries go to the account's totals and, when the order
 * has a carrier (that of its first registered shipment), to that carrier's cells too.
 */
public record OrderKpis(String carrier, List<Contribution> contributions) {
    public static final OrderKpis NONE = new OrderKpis(null, List.of());

    public OrderKpis {
        contributions = contributions == null ? List.of() : List.copyOf(contributions);
    }
}
