package pl.trackbridge.function;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;
import pl.trackbridge.job.Jobs;

/**
 * The local runtime's scheduler (EventBridge schedules the functions in AWS): every period is {@code off}
 * unless the {@code local} profile sets it.
 */
@ApplicationScoped
public class LocalSchedule {
    private static final Logger LOG = Logger.getLogger(LocalSchedule.class);

    @Inject
    Jobs jobs;

    // delayed: the first run must come after the local runtime has created its tables
    @Scheduled(every = "${trackbridge.jobs.order-sync.every}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void orderSync() {
        LOG.infof("order-sync: %s", jobs.run("order-sync").orElseThrow());
    }

    @Scheduled(every = "${trackbridge.jobs.kpi-rollup.every}", delayed = "20s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void kpiRollup() {
        LOG.infof("kpi-rollup: %s", jobs.run("kpi-rollup").orElseThrow());
    }

    /** Locally the forwarding queue is pulled every second; in AWS the SQS trigger invokes the function. */
    @Scheduled(every = "${trackbridge.jobs.tracking-forwarder.every}", delayed = "15s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void trackingForwarder() {
        jobs.run("tracking-forwarder");
    }

    @Scheduled(every = "${trackbridge.jobs.threshold-alerts.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void thresholdAlerts() {
        LOG.infof("threshold-alerts: %s", jobs.run("threshold-alerts").orElseThrow());
    }

    @Scheduled(every = "${trackbridge.jobs.tracking-poller.every}", delayed = "30s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void trackingPoller() {
        LOG.infof("tracking-poller: %s", jobs.run("tracking-poller").orElseThrow());
    }

    @Scheduled(cron = "${trackbridge.jobs.reconciliation.cron}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void reconciliation() {
        LOG.infof("reconciliation: %s", jobs.run("reconciliation").orElseThrow());
    }
}
