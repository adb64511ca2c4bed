package pl.trackbridge.alert;

import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One alert: a KPI level of an account ({@code KPI#DISPATCH_ON_TIME#WARN}) or one order, forward, parcel or
 * connection problem ({@code DISPATCH_MISSED#<orderId>}). The key makes it unique per account: raising it is a
 * conditional create, so repeated and concurrent runs raise it once.
 *
 * <p>A notice to send is part of the alert's own state ({@code pendingNotice}), written in the same versioned
 * write that raised, escalated or resolved it; a sender claims it with a short lease ({@code noticeLeaseUntil})
 * before publishing and clears it after. A crash between publish and clear lets the lease run out and the notice
 * is sent again: at least once, never lost (docs/storage.md).
 *
 * @param kind           {@code KPI} or an order kind ({@link #ORDER_KINDS})
 * @param level          {@code WARN} or {@code BREACH} for KPI alerts, null otherwise
 * @param severity       {@code CRITICAL}, {@code WARNING} or {@code INFO}: the SNS attribute subscribers filter on
 * @param status         {@code OPEN} or {@code RESOLVED}
 * @param subject        the KPI name, order id, waybill or account it is about
 * @param details        figures and facts for the message (rates, deadline, Allegro's error code, …)
 * @param pendingNotice  {@code RAISED}, {@code ESCALATED}, {@code REMINDER} or {@code RESOLVED} while a notice waits
 * @param version        0 before it is stored; each write is conditional on the version it read
 */
public record Alert(String accountId, String key, String kind, String level, String severity, String status,
        String subject, String orderId, String waybill, Map<String, String> details, Instant openedAt,
        Instant updatedAt, Instant resolvedAt, Instant lastNotifiedAt, String pendingNotice,
        Instant noticeLeaseUntil, long version) {

    public static final String KPI = "KPI";
    public static final String DISPATCH_AT_RISK = "DISPATCH_AT_RISK";
    public static final String DISPATCH_MISSED = "DISPATCH_MISSED";
    public static final String FORWARD_REJECTED = "FORWARD_REJECTED";
    public static final String FORWARD_STUCK = "FORWARD_STUCK";
    public static final String TRACKING_STALE = "TRACKING_STALE";
    public static final String DELIVERY_EXCEPTION = "DELIVERY_EXCEPTION";
    public static final String ACCOUNT_DISCONNECTED = "ACCOUNT_DISCONNECTED";
    /** An order the daily reconciliation could not put right (issue 7): a waybill or SENT still missing on Allegro. */
    public static final String RECONCILIATION_GAP = "RECONCILIATION_GAP";
    public static final java.util.List<String> ORDER_KINDS = java.util.List.of(DISPATCH_AT_RISK, DISPATCH_MISSED,
            FORWARD_REJECTED, FORWARD_STUCK, TRACKING_STALE, DELIVERY_EXCEPTION, ACCOUNT_DISCONNECTED);

    public static final String OPEN = "OPEN";
    public static final String RESOLVED = "RESOLVED";
    public static final String WARN = "WARN";
    public static final String BREACH = "BREACH";

    public static final String NOTICE_RAISED = "RAISED";
    public static final String NOTICE_ESCALATED = "ESCALATED";
    public static final String NOTICE_REMINDER = "REMINDER";
    public static final String NOTICE_RESOLVED = "RESOLVED";

    public Alert {
        details = details == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(details));
    }

    public static String kpiKey(String kpi, String level) {
        return "KPI#" + kpi + "#" + level;
    }

    public boolean isOpen() {
        return OPEN.equals(status);
    }

    /** A notice waits and nobody holds a live lease on it. */
    public boolean noticeClaimable(Instant now) {
        return pendingNotice != null && (noticeLeaseUntil == null || !noticeLeaseUntil.isAfter(now));
    }

    public String detail(String name) {
        return details.get(name);
    }

    /** The next version of this alert with the given changes (version + 1). */
    public Alert next(String status, Map<String, String> details, Instant now, Instant resolvedAt, String pendingNotice,
            Instant noticeLeaseUntil, Instant lastNotifiedAt, String level, String severity) {
        return new Alert(accountId, key, kind, level, severity, status, subject, orderId, waybill, details, openedAt, now,
                resolvedAt, lastNotifiedAt, pendingNotice, noticeLeaseUntil, version + 1);
    }

    public Alert withNotice(String notice, Instant now) {
        return next(status, details, now, resolvedAt, notice, null, lastNotifiedAt, level, severity);
    }

    public Alert resolved(String notice, Map<String, String> details, Instant now) {
        return next(RESOLVED, details, now, now, notice, null, lastNotifiedAt, level, severity);
    }

    public Alert leased(Instant now, Instant until) {
        return next(status, details, now, resolvedAt, pendingNotice, until, lastNotifiedAt, level, severity);
    }

    public Alert notified(Instant now) {
        return next(status, details, now, resolvedAt, null, null, now, level, severity);
    }
}
