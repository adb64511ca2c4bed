package pl.trackbridge.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.jboss.logging.Logger;
import pl.trackbridge.account.AccountStore;

/**
 * The scheduled order-sync over every account, within a time budget. One account's trouble (Allegro down
 * for it, a disconnected token, a bug on an odd order) is reported and never stops the others.
 */
public final class OrderSyncJob {
    private static final Logger LOG = Logger.getLogger(OrderSyncJob.class);

    private final AccountStore accounts;
    private final OrderSyncService sync;
    private final Clock clock;
    private final Duration budget;
    private final Predicate<String> connected;

    /** @param connected whether an account is linked to Allegro at all; webhook-only accounts are skipped */
    public OrderSyncJob(AccountStore accounts, OrderSyncService sync, Clock clock, Duration budget,
            Predicate<String> connected) {
        this.accounts = accounts;
        this.sync = sync;
        this.clock = clock;
        this.budget = budget;
        this.connected = connected;
    }

    public List<SyncReport> run() {
        Instant deadline = clock.instant().plus(budget);
        List<SyncReport> reports = new ArrayList<>();
        for (String accountId : accounts.accountIds()) {
            if (!connected.test(accountId)) {
                continue;
            }
            if (!clock.instant().isBefore(deadline)) {
                reports.add(new SyncReport(accountId, 0, 0, 0, false, null, "not reached: out of time, next run continues"));
                continue;
            }
            try {
                reports.add(sync.sync(accountId, deadline));
            } catch (RuntimeException e) {
                LOG.errorf(e, "order-sync %s failed", accountId);
                reports.add(new SyncReport(accountId, 0, 0, 0, false, null, e.getClass().getSimpleName() + ": " + e.getMessage()));
            }
        }
        return reports;
    }
}
