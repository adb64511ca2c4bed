package pl.trackbridge.alert;

import java.util.ArrayList;
import java.util.List;

/** Counts and keeps every publish (thread-safe), optionally failing the next ones. */
public final class RecordingNotifier implements AlertNotifier {
    private final List<Notification> published = new ArrayList<>();
    private int failNext;

    @Override
    public synchronized void publish(Notification n) {
        if (failNext > 0) {
            failNext--;
            throw new IllegalStateException("topic unavailable");
        }
        published.add(n);
    }

    public synchronized void failNext(int times) {
        failNext = times;
    }

    public synchronized List<Notification> published() {
        return List.copyOf(published);
    }

    public synchronized List<Notification> take() {
        List<Notification> out = List.copyOf(published);
        published.clear();
        return out;
    }
}
