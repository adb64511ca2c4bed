package pl.trackbridge.alert;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Alerts in memory with the same conditions as the DynamoDB store, for unit tests. */
public final class InMemoryAlertStore implements AlertStore {
    private final Map<String, Alert> items = new TreeMap<>();
    private final Map<String, java.time.Instant> cursors = new java.util.HashMap<>();

    @Override
    public synchronized Optional<java.time.Instant> ordersCheckedUntil(String accountId) {
        return Optional.ofNullable(cursors.get(accountId));
    }

    @Override
    public synchronized void advanceOrdersChecked(String accountId, java.time.Instant until) {
        cursors.merge(accountId, until, (a, b) -> b.isAfter(a) ? b : a);
    }

    private static String id(String account, String key) {
        return account + "|" + key;
    }

    @Override
    public synchronized boolean create(Alert a, boolean replaceResolved) {
        Alert existing = items.get(id(a.accountId(), a.key()));
        if (existing != null && !(replaceResolved && !existing.isOpen() && existing.pendingNotice() == null)) {
            return false;
        }
        items.put(id(a.accountId(), a.key()), a);
        return true;
    }

    @Override
    public synchronized boolean update(Alert next) {
        Alert existing = items.get(id(next.accountId(), next.key()));
        if (existing == null || existing.version() != next.version() - 1) {
            return false;
        }
        items.put(id(next.accountId(), next.key()), next);
        return true;
    }

    @Override
    public synchronized Optional<Alert> find(String accountId, String key) {
        return Optional.ofNullable(items.get(id(accountId, key)));
    }

    @Override
    public synchronized List<Alert> kpiAlerts(String accountId) {
        return items.values().stream().filter(a -> a.accountId().equals(accountId) && a.key().startsWith("KPI#")).toList();
    }

    @Override
    public synchronized List<Alert> openOrPending(String accountId) {
        return items.values().stream().filter(a -> a.accountId().equals(accountId) && (a.isOpen() || a.pendingNotice() != null))
                .toList();
    }

    @Override
    public synchronized List<Alert> recent(String accountId, int limit) {
        List<Alert> out = new ArrayList<>(items.values().stream().filter(a -> a.accountId().equals(accountId)).toList());
        out.sort(Comparator.comparing(Alert::updatedAt).reversed());
        return out.subList(0, Math.min(limit, out.size()));
    }

    public synchronized List<Alert> all() {
        return List.copyOf(items.values());
    }
}
