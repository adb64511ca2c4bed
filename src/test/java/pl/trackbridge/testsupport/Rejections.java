package pl.trackbridge.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.List;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.junit.jupiter.api.function.Executable;
import pl.trackbridge.testsupport.JsonMutations.Mutant;
import pl.trackbridge.tracking.CanonicalEvent;
import pl.trackbridge.webhook.WebhookRejectedException;
import pl.trackbridge.webhook.WebhookRejectedException.Problem;

/** How the carrier adapters must turn bad deliveries away: the assertions their tests share. */
public final class Rejections {
    private Rejections() {
    }

    /** Reads one variant the way the test's adapter does, asserting whatever must hold of what it reads. */
    @FunctionalInterface
    public interface Reader {
        void read(Mutant mutant);
    }

    /** How the variants of a {@link #readOrMalformed} run fared. */
    public record Tally(int variants, int read, int rejected) {
        public boolean both() {
            return read > 0 && rejected > 0;
        }

        @Override
        public String toString() {
            return variants + " variants: read " + read + ", rejected " + rejected;
        }
    }

    /**
     * Every variant is either read by {@code reader} (which asserts on what it read) or rejected as MALFORMED; a
     * rejection whose message matches {@code catchAll} (the adapter's last-resort net; null: none) fails, and so does
     * any other exception.
     */
    public static Tally readOrMalformed(String label, List<Mutant> variants, Reader reader, Predicate<String> catchAll) {
        int read = 0;
        int rejected = 0;
        for (Mutant m : variants) {
            try {
                reader.read(m);
                read++;
            } catch (WebhookRejectedException e) {
                assertEquals(Problem.MALFORMED, e.problem(), () -> label + " " + m.description() + ": " + e.getMessage());
                if (catchAll != null) {
                    // Every case is handled on purpose, not by the adapter's last-resort RuntimeException net.
                    assertFalse(catchAll.test(e.getMessage()),
                            () -> e.getMessage() + " for " + label + " " + m.description() + ": " + m.bodyText());
                }
                rejected++;
            } catch (RuntimeException e) {
                fail(label + " " + m.description() + " leaked " + e + " for " + m.bodyText(), e);
            }
        }
        return new Tally(variants.size(), read, rejected);
    }

    /** What every event read from a (mutated) body must still be: from its source, with a waybill and a dedupe key. */
    public static void assertReadable(CanonicalEvent e, String source) {
        assertEquals(source, e.source());
        assertNotNull(e.waybill());
        assertFalse(e.dedupeKey().isBlank());
    }

    /** The call is rejected as MALFORMED, which answers 400. */
    public static WebhookRejectedException assertMalformed(Executable call) {
        return assertMalformed(call, null, () -> "expected a MALFORMED rejection");
    }

    /** The same, and the rejection names {@code field} (unless null) among its fields. */
    public static WebhookRejectedException assertMalformed(Executable call, String field) {
        return assertMalformed(call, field, () -> "expected a MALFORMED rejection");
    }

    /** The same; {@code what} describes the input if nothing is thrown. */
    public static WebhookRejectedException assertMalformed(Executable call, String field, Supplier<String> what) {
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, call, what);
        assertEquals(Problem.MALFORMED, e.problem(), e.getMessage());
        assertEquals(400, e.problem().httpStatus());
        if (field != null) {
            assertTrue(e.fields().containsKey(field), "field " + field + " named in " + e.fields());
        }
        return e;
    }

    /** The call is rejected as UNAUTHENTICATED, which answers 401. */
    public static WebhookRejectedException assertUnauthenticated(Executable call) {
        WebhookRejectedException e = assertThrows(WebhookRejectedException.class, call);
        assertEquals(Problem.UNAUTHENTICATED, e.problem(), e.getMessage());
        assertEquals(401, e.problem().httpStatus());
        return e;
    }
}
