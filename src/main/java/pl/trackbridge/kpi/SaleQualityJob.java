package pl.trackbridge.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.jboss.logging.Logger;
import pl.trackbridge.account.AccountStore;
import pl.trackbridge.webhook.JsonFields;

/**
 * Once a day per account: Allegro's sales-quality history (up to 30 days) into the store. Every day in the
 * answer is written, so a missed run is repaired by the next one; one account's failure never stops others.
 */
public final class SaleQualityJob {
    private static final Logger LOG = Logger.getLogger(SaleQualityJob.class);

    private final AccountStore accounts;
    private final Function<String, JsonNode> fetch;
    private final SaleQualityStore store;

    /** @param fetch the account's {@code GET /sale/quality} answer */
    public SaleQualityJob(AccountStore accounts, Function<String, JsonNode> fetch, SaleQualityStore store) {
        this.accounts = accounts;
        this.fetch = fetch;
        this.store = store;
    }

    /** @return per account: days stored, or the error */
    public Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String accountId : accounts.accountIds()) {
            try {
                int days = 0;
                for (JsonNode q : fetch.apply(accountId).path("quality")) {
                    LocalDate day = LocalDate.parse(JsonFields.text(q, "resultFor"));
                    store.save(new SaleQuality(accountId, day, q.path("score").asInt(), q.path("maxScore").asInt(),
                            JsonFields.text(q, "grade"), q.path("metrics").toString()));
                    days++;
                }
                out.put(accountId, days + " days");
            } catch (RuntimeException e) {
                // DateTimeParseException (an odd day) included: report it, keep going with the next account
                LOG.warnf("sale-quality %s: %s", accountId, e.getMessage());
                out.put(accountId, "error: " + e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
        return out;
    }
}
