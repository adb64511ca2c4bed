package pl.trackbridge.kpi;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
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
    private final Predicate<String> connected;

    /**
     * @param fetch     the account's {@code GET /sale/quality} answer
     * @param connected whether an account is linked to Allegro at all; others are skipped
     */
    public SaleQualityJob(AccountStore accounts, Function<String, JsonNode> fetch, SaleQualityStore store,
            Predicate<String> connected) {
        this.accounts = accounts;
        this.fetch = fetch;
        this.store = store;
        this.connected = connected;
    }

    /** @return per account: days stored, or the error */
    public Map<String, String> run() {
        Map<String, String> out = new LinkedHashMap<>();
        for (String accountId : accounts.accountIds()) {
            if (!connected.test(accountId)) {
                continue;
            }
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
