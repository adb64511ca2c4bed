package pl.trackbridge.order;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** Order and cursor stores in memory with the DynamoDB stores' conditions, for unit tests. */
final class InMemoryOrders implements OrderStore, SyncCursorStore {
    final Map<String, Order> orders = new ConcurrentHashMap<>();
    final Map<String, SyncCursor> cursors = new ConcurrentHashMap<>();

    @Override
    public Optional<Order> find(String accountId, String orderId) {
        return Optional.ofNullable(orders.get(accountId + "#" + orderId));
    }

    @Override
    public synchronized boolean upsert(Order order) {
        String key = order.accountId() + "#" + order.orderId();
        Order stored = orders.get(key);
        if (stored != null && stored.fetchedAt().isAfter(order.fetchedAt())) {
            return false;
        }
        orders.put(key, order);
        return true;
    }

    @Override
    public List<Order> withDeadlineBetween(String accountId, Instant from, Instant to) {
        return orders.values().stream()
                .filter(o -> o.accountId().equals(accountId) && o.dispatchDeadline() != null
                        && !o.dispatchDeadline().isBefore(from) && o.dispatchDeadline().isBefore(to))
                .sorted(Comparator.comparing(Order::dispatchDeadline)).toList();
    }

    @Override
    public Optional<SyncCursor> read(String accountId) {
        return Optional.ofNullable(cursors.get(accountId));
    }

    @Override
    public synchronized boolean advance(String accountId, String expected, SyncCursor next) {
        SyncCursor current = cursors.get(accountId);
        String currentId = current == null ? null : current.lastEventId();
        if (!java.util.Objects.equals(currentId, expected)) {
            return false;
        }
        cursors.put(accountId, next);
        return true;
    }
}
