package pl.trackbridge.order;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jboss.logging.Logger;
import pl.trackbridge.allegro.AllegroApiException;
import pl.trackbridge.allegro.RatePacer;
import pl.trackbridge.webhook.JsonFields;

/**
 * The order-sync job for one account: read Allegro's order journal from the durable cursor, fetch each new
 * or changed checkout form, store the order, and only then move the cursor past its events (DESIGN §3,
 * api-notes §5). A cursor too old for the journal's 60-day retention triggers a resync from the
 * checkout-form listing instead.
 */
public final class OrderSyncService {
    private static final Logger LOG = Logger.getLogger(OrderSyncService.class);
    /** The journal keeps 60 days; a cursor within a day of that edge is already unsafe to follow. */
    static final Duration JOURNAL_RETENTION = Duration.ofDays(59);
    static final int PAGE_SIZE = 1000;
    static final int LISTING_PAGE = 100;

    private final AllegroOrders allegro;
    private final OrderStore orders;
    private final SyncCursorStore cursors;
    private final Clock clock;
    private final int pageSize;
    private RatePacer pacer = RatePacer.never();

    /**
     * How a sync meets a full rate-limit window: it waits for the next one (before its deadline, and only when the
     * window ends soon) instead of stopping at that order until the next run. Default: never waits.
     */
    public OrderSyncService withPacer(RatePacer pacer) {
        this.pacer = pacer;
        return this;
    }

    public OrderSyncService(AllegroOrders allegro, OrderStore orders, SyncCursorStore cursors, Clock clock) {
        this(allegro, orders, cursors, clock, PAGE_SIZE);
    }

    /** @param pageSize journal page size, 1-1000 (tests use small pages to exercise paging) */
    public OrderSyncService(AllegroOrders allegro, OrderStore orders, SyncCursorStore cursors, Clock clock, int pageSize) {
        this.allegro = allegro;
        this.orders = orders;
        this.cursors = cursors;
        this.clock = clock;
        this.pageSize = pageSize;
    }

    /** Syncs one account until caught up or {@code deadline}; never throws for Allegro trouble. */
    public SyncReport sync(String accountId, Instant deadline) {
        AllegroOrders allegro = AllegroOrders.paced(this.allegro, pacer.until(deadline));
        SyncCursor cursor = cursors.read(accountId).orElse(null);
        int pages = 0;
        int events = 0;
        int stored = 0;
        boolean resynced = false;
        try {
            if (cursor != null && cursor.lastEventAt() != null
                    && cursor.lastEventAt().isBefore(clock.instant().minus(JOURNAL_RETENTION))) {
                LOG.warnf("order-sync %s: cursor %s from %s is beyond the journal's retention; resyncing from the listing",
                        accountId, cursor.lastEventId(), cursor.lastEventAt());
                stored += resync(allegro, accountId, cursor);
                resynced = true;
                cursor = cursors.read(accountId).orElse(null);
            }
            while (clock.instant().isBefore(deadline)) {
                JsonNode page = allegro.orderEvents(accountId, cursor == null ? null : cursor.lastEventId(), pageSize);
                JsonNode list = page.path("events");
                if (!list.isArray() || list.isEmpty()) {
                    break;
                }
                pages++;
                PageResult r = storePage(allegro, accountId, list);
                events += r.eventsDone;
                stored += r.ordersStored;
                if (r.lastDone != null) {
                    SyncCursor next = new SyncCursor(r.lastDone, r.lastDoneAt, clock.instant());
                    if (!cursors.advance(accountId, cursor == null ? null : cursor.lastEventId(), next)) {
                        // another run moved it: continue from where that run is (orders are idempotent)
                        cursor = cursors.read(accountId).orElse(null);
                        continue;
                    }
                    cursor = next;
                }
                if (r.failure != null) {
                    return new SyncReport(accountId, pages, events, stored, resynced, id(cursor), r.failure);
                }
                if (list.size() < pageSize) {
                    break;
                }
            }
            return new SyncReport(accountId, pages, events, stored, resynced, id(cursor), null);
        } catch (AllegroApiException e) {
            return new SyncReport(accountId, pages, events, stored, resynced, id(cursor), e.getMessage());
        }
    }

    private record PageResult(int eventsDone, int ordersStored, String lastDone, Instant lastDoneAt, String failure) {
    }

    /**
     * Stores the orders of a page in journal order. Each order is fetched once per page (its form is the
     * truth, not the event); the cursor may pass an event only when its order is stored.
     */
    private PageResult storePage(AllegroOrders allegro, String accountId, JsonNode list) {
        Map<String, Order.Cancellation> cancellations = new HashMap<>();
        for (JsonNode e : list) {
            String type = JsonFields.text(e, "type");
            if (Order.Cancellation.BUYER.equals(type) || Order.Cancellation.AUTO.equals(type)) {
                String orderId = JsonFields.text(e, "order", "checkoutForm", "id");
                Instant at = parse(JsonFields.text(e, "occurredAt"));
                cancellations.merge(orderId, new Order.Cancellation(type, at),
                        (a, b) -> a.at() != null && (b.at() == null || a.at().isBefore(b.at())) ? a : b);
            }
        }
        Map<String, Boolean> done = new LinkedHashMap<>();
        int eventsDone = 0;
        int stored = 0;
        String lastDone = null;
        Instant lastDoneAt = null;
        for (JsonNode e : list) {
            String eventId = JsonFields.text(e, "id");
            String orderId = JsonFields.text(e, "order", "checkoutForm", "id");
            if (orderId != null && !done.containsKey(orderId)) {
                try {
                    JsonNode form = allegro.checkoutForm(accountId, orderId);
                    Order.Cancellation known = orders.find(accountId, orderId).map(Order::cancellation).orElse(null);
                    Order.Cancellation fromJournal = cancellations.get(orderId);
                    Order order = CheckoutForms.toOrder(accountId, form, earliest(known, fromJournal), clock.instant());
                    if (orders.upsert(order)) {
                        stored++;
                    }
                    done.put(orderId, true);
                } catch (AllegroApiException | IllegalArgumentException ex) {
                    LOG.warnf("order-sync %s: order %s (event %s) not stored: %s", accountId, orderId, eventId, ex.getMessage());
                    return new PageResult(eventsDone, stored, lastDone, lastDoneAt,
                            "order " + orderId + " not stored: " + ex.getMessage());
                }
            }
            eventsDone++;
            lastDone = eventId;
            lastDoneAt = parse(JsonFields.text(e, "occurredAt"));
        }
        return new PageResult(eventsDone, stored, lastDone, lastDoneAt, null);
    }

    /**
     * Rebuilds from the checkout-form listing: the journal's start point is taken first, so events written
     * while we list are read afterwards, never skipped (pain-points §7).
     */
    private int resync(AllegroOrders allegro, String accountId, SyncCursor stale) {
        JsonNode latest = allegro.orderEventStats(accountId).path("latestEvent");
        Instant since = stale.lastEventAt();
        int stored = 0;
        for (int offset = 0; ; offset += LISTING_PAGE) {
            JsonNode page = allegro.checkoutForms(accountId, since.toString(), offset, LISTING_PAGE);
            JsonNode forms = page.path("checkoutForms");
            for (JsonNode form : forms) {
                String orderId = JsonFields.text(form, "id");
                Order.Cancellation known = orders.find(accountId, orderId).map(Order::cancellation).orElse(null);
                if (orders.upsert(CheckoutForms.toOrder(accountId, form, known, clock.instant()))) {
                    stored++;
                }
            }
            if (forms.size() < LISTING_PAGE) {
                break;
            }
        }
        String latestId = JsonFields.text(latest, "id");
        if (latestId != null) {
            cursors.advance(accountId, stale.lastEventId(),
                    new SyncCursor(latestId, parse(JsonFields.text(latest, "occurredAt")), clock.instant()));
        }
        return stored;
    }

    private static Order.Cancellation earliest(Order.Cancellation a, Order.Cancellation b) {
        if (a == null) return b;
        if (b == null) return a;
        if (a.at() == null) return b;
        if (b.at() == null) return a;
        return a.at().isBefore(b.at()) ? a : b;
    }

    /** Journal times are informational here: an unreadable one must not stop the sync. */
    private static Instant parse(String text) {
        try {
            return text == null ? null : java.time.OffsetDateTime.parse(text).toInstant();
        } catch (java.time.format.DateTimeParseException e) {
            return null;
        }
    }

    private static String id(SyncCursor c) {
        return c == null ? null : c.lastEventId();
    }
}
