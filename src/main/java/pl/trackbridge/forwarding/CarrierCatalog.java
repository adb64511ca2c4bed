package pl.trackbridge.forwarding;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import org.jboss.logging.Logger;

/**
 * Allegro's carrier ids ({@code GET /order/carriers}), read once and kept for a while: the list is the same for
 * every seller and changes rarely, and an unknown id would only come back later as Allegro's
 * {@code CarrierIdValidationException} on a waybill that must then be fixed by hand. When the list cannot be
 * read (Allegro down, account not connected yet) the last copy is used, however old; without any copy the
 * answer is {@link Verdict#UNVERIFIED} and the caller decides.
 */
public final class CarrierCatalog {
    private static final Logger LOG = Logger.getLogger(CarrierCatalog.class);

    /** Reads the list with an account's token; throws when it cannot. */
    @FunctionalInterface
    public interface Source {
        Set<String> carrierIds(String accountId);
    }

    public enum Verdict { KNOWN, UNKNOWN, UNVERIFIED }

    private final Source source;
    private final Clock clock;
    private final Duration ttl;
    private volatile Set<String> ids;
    private volatile Instant fetchedAt;

    public CarrierCatalog(Source source, Clock clock, Duration ttl) {
        this.source = source;
        this.clock = clock;
        this.ttl = ttl;
    }

    /** A catalog that never asks Allegro (tests and setups without an Allegro connection). */
    public static CarrierCatalog unavailable() {
        return new CarrierCatalog(account -> {
            throw new IllegalStateException("no carrier list");
        }, Clock.systemUTC(), Duration.ZERO);
    }

    public Verdict check(String accountId, String carrierId) {
        Set<String> known = current(accountId);
        if (known == null) {
            return Verdict.UNVERIFIED;
        }
        return known.contains(carrierId) ? Verdict.KNOWN : Verdict.UNKNOWN;
    }

    /** Whether the id is on Allegro's list as last read (false when never read). */
    public boolean listed(String accountId, String carrierId) {
        Set<String> known = current(accountId);
        return known != null && known.contains(carrierId);
    }

    private Set<String> current(String accountId) {
        Instant now = clock.instant();
        Set<String> cached = ids;
        if (cached != null && fetchedAt.plus(ttl).isAfter(now)) {
            return cached;
        }
        try {
            Set<String> fresh = Set.copyOf(source.carrierIds(accountId));
            if (!fresh.isEmpty()) {
                ids = fresh;
                fetchedAt = now;
                return fresh;
            }
        } catch (RuntimeException e) {
            LOG.debugf("Allegro's carrier list is unavailable (%s); %s", e.getMessage(),
                    cached == null ? "no copy yet" : "using the copy from " + fetchedAt);
        }
        return cached;
    }
}
