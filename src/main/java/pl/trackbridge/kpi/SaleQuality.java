package pl.trackbridge.kpi;

import java.time.LocalDate;

/**
 * Allegro's own sales-quality result for one day ({@code GET /sale/quality}), kept beside TrackBridge's KPIs
 * so both can be read side by side.
 *
 * @param metricsJson the day's metrics as Allegro sent them (JSON array), for display
 */
public record SaleQuality(String accountId, LocalDate day, int score, int maxScore, String grade, String metricsJson) {
}
