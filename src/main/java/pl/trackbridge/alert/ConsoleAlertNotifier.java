package pl.trackbridge.alert;

import java.util.ArrayList;
import java.util.List;
import org.jboss.logging.Logger;

/**
 * The local runtime's notifier: each message to the console log (the alert table keeps the alerts), and the
 * last few in memory so the local scenario can show what was sent.
 */
public final class ConsoleAlertNotifier implements AlertNotifier {
    private static final Logger LOG = Logger.getLogger(ConsoleAlertNotifier.class);
    private static final int KEEP = 500;
    private final List<Notification> published = new ArrayList<>();

    @Override
    public void publish(Notification n) {
        LOG.infof("ALERT [severity=%s account=%s kind=%s] %s%n%s", n.severity(), n.accountId(), n.kind(), n.subject(),
                n.message());
        synchronized (published) {
            published.add(n);
            if (published.size() > KEEP) {
                published.remove(0);
            }
        }
    }

    /** What was published so far (the last {@value #KEEP}). */
    public List<Notification> published() {
        synchronized (published) {
            return List.copyOf(published);
        }
    }
}
