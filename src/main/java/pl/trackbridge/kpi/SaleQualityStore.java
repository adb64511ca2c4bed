package pl.trackbridge.kpi;

import java.time.LocalDate;
import java.util.List;

/** Allegro's daily sales-quality results per account. */
public interface SaleQualityStore {
    /** Idempotent: a day fetched again is overwritten with the same (or Allegro's corrected) result. */
    void save(SaleQuality day);

    List<SaleQuality> between(String accountId, LocalDate from, LocalDate to);
}
