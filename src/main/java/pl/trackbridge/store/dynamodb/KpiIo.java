package pl.trackbridge.store.dynamodb;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * What the KPI roll-up reads and writes, counted per item (the benchmark prints these), with an optional log of
 * every item read (table and key) so a benchmark can check that no unchanged item was read.
 */
public final class KpiIo {
    public final AtomicLong itemsRead = new AtomicLong();
    public final AtomicLong itemsWritten = new AtomicLong();
    public final AtomicLong requests = new AtomicLong();
    private volatile Consumer<String> readLog;
    private volatile Consumer<String> writeLog;

    public void logReads(Consumer<String> log) {
        this.readLog = log;
    }

    /** Logs the key ({@code table|pk|sk}) of every state and cell item the roll-up writes. */
    public void logWrites(Consumer<String> log) {
        this.writeLog = log;
    }

    void wrote(String table, String pk, String sk) {
        Consumer<String> log = writeLog;
        if (log != null) {
            log.accept(table + "|" + pk + "|" + sk);
        }
    }

    void read(String table, Map<String, AttributeValue> item, Collection<String> keyNames) {
        itemsRead.incrementAndGet();
        Consumer<String> log = readLog;
        if (log != null) {
            StringBuilder b = new StringBuilder(table);
            for (String k : keyNames) {
                AttributeValue v = item.get(k);
                b.append('|').append(v == null ? "" : v.s());
            }
            log.accept(b.toString());
        }
    }

    void read(String table, List<Map<String, AttributeValue>> items, Collection<String> keyNames) {
        items.forEach(i -> read(table, i, keyNames));
    }

    public void reset() {
        itemsRead.set(0);
        itemsWritten.set(0);
        requests.set(0);
    }
}
