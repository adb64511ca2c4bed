package pl.trackbridge.alert;

import java.text.Normalizer;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import pl.trackbridge.account.Account;

/**
 * Writes notifications for a shift lead: a subject that says what and how bad (ASCII, under 100 characters,
 * as SNS requires), then what happened, the value against the threshold with its 7-day trend, the orders involved
 * with links to their Allegro pages, and what to do next. Plain text: it is read in e-mail and SMS alike.
 */
public final class AlertMessages {
    /** Allegro's seller-side order page ("Moje Allegro → Sprzedaż → Zamówienia"); {orderId} is the checkout form id. */
    public static final String DEFAULT_ORDER_URL = "https://allegro.pl/moje-allegro/sprzedaz/zamowienia/{orderId}";
    private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private static final Map<String, String> KPI_NAMES = Map.of(
            "DISPATCH_ON_TIME", "On-time dispatch",
            "TRACKING_ON_TIME", "Tracking number on time",
            "TRACKING_UPLOAD", "Tracking uploaded within 1 h of handover",
            "TRACKING_TIMELINESS", "Tracking forwarded within 15 min",
            "VALID_TRACKING", "Valid tracking (carrier scans)",
            "DELIVERED_ON_TIME", "Delivered in the promised window",
            "SELLER_CANCELLATION", "Seller cancellations",
            "RETURN_RATE", "Returns to sender");

    private static final Map<String, String> KPI_ACTIONS = Map.of(
            "DISPATCH_ON_TIME", "Hand today's orders over before their deadlines first (the at-risk alerts list them); check the carrier pickup happened and that handovers are registered or scanned.",
            "TRACKING_ON_TIME", "Make sure every order gets its waybill before the dispatch deadline: register waybills at label time, and fix any rejected waybill alerts.",
            "TRACKING_UPLOAD", "Check that the WMS registers each waybill at handover and that no forward is rejected or stuck (see FORWARD_* alerts).",
            "TRACKING_TIMELINESS", "Forwards to Allegro are slow: check the forwarding queue, the dead-letter queue and Allegro's status.",
            "VALID_TRACKING", "Parcels without any carrier scan: confirm the carrier collected them and that the carrier's webhook is configured.",
            "DELIVERED_ON_TIME", "Look at the carriers and services behind the late deliveries; consider a faster service for Smart! orders.",
            "SELLER_CANCELLATION", "Stock or pricing problems cause seller cancellations: check the offers behind today's cancellations.",
            "RETURN_RATE", "Check the refused and returned parcels (DELIVERY_EXCEPTION alerts) for a carrier or packaging pattern.");

    private final String orderUrl;

    public AlertMessages(String orderUrl) {
        this.orderUrl = orderUrl == null || orderUrl.isBlank() ? DEFAULT_ORDER_URL : orderUrl;
    }

    public String orderLink(String orderId) {
        return orderUrl.replace("{orderId}", orderId);
    }

    /** One notification for alerts of one group: one KPI alert, or order alerts of one kind and notice. */
    public Notification render(Account account, List<Alert> alerts, Instant now) {
        Alert first = alerts.get(0);
        List<String> keys = alerts.stream().map(Alert::key).toList();
        String severity = Alert.NOTICE_RESOLVED.equals(first.pendingNotice()) ? "INFO" : first.severity();
        if (Alert.KPI.equals(first.kind())) {
            return new Notification(account.accountId(), Alert.KPI, severity, subject(kpiSubject(account, first)),
                    kpiBody(account, first), keys);
        }
        return new Notification(account.accountId(), first.kind(), severity,
                subject(orderSubject(account, first.kind(), alerts.size())), orderBody(account, first.kind(), alerts, now), keys);
    }

    // ------------------------------------------------------------------ KPI

    private static String kpiSubject(Account account, Alert a) {
        String kpi = a.subject();
        String rate = a.detail("rate7") == null ? "n/a" : a.detail("rate7") + "%";
        String op = "true".equals(a.detail("lowerIsBetter")) ? ">" : "<";
        String line = Alert.BREACH.equals(a.level()) ? a.detail("breach") : a.detail("warn");
        return switch (a.pendingNotice()) {
            case Alert.NOTICE_RESOLVED -> "[RESOLVED] " + account.accountId() + ": " + kpi + " back at " + rate
                    + " (warn line " + a.detail("warn") + "%)";
            case Alert.NOTICE_ESCALATED -> "[BREACH] " + account.accountId() + ": " + kpi + " " + rate + " 7d, escalated ("
                    + op + line + "%)";
            case Alert.NOTICE_REMINDER -> "[REMINDER " + a.level() + "] " + account.accountId() + ": " + kpi + " " + rate
                    + " 7d (" + op + line + "%)";
            default -> "[" + a.level() + "] " + account.accountId() + ": " + kpi + " " + rate + " 7d ("
                    + (Alert.BREACH.equals(a.level()) ? "breach " : "warn ") + op + line + "%)";
        };
    }

    private String kpiBody(Account account, Alert a) {
        String kpi = a.subject();
        boolean lower = "true".equals(a.detail("lowerIsBetter"));
        String op = lower ? "above" : "below";
        StringBuilder b = new StringBuilder();
        b.append("TrackBridge alert for Allegro account ").append(account.accountId())
                .append(" (days in ").append(account.timeZone().getId()).append(")\n\n");
        b.append("What happened: ").append(KPI_NAMES.getOrDefault(kpi, kpi)).append(" (").append(kpi).append(") ");
        switch (a.pendingNotice()) {
            case Alert.NOTICE_RESOLVED -> b.append("is back past the warn line; the alert is resolved.\n");
            case Alert.NOTICE_ESCALATED -> b.append("went from WARN to BREACH: it is ").append(op)
                    .append(" the breach line Allegro's Smart! rules are judged against.\n");
            case Alert.NOTICE_REMINDER -> b.append("is still at ").append(a.level())
                    .append(" (daily reminder while the alert is open, since ").append(local(account, a.openedAt())).append(").\n");
            default -> b.append(Alert.BREACH.equals(a.level()) ? "is " + op + " its breach line.\n"
                    : "is approaching its threshold (" + op + " the warn line).\n");
        }
        b.append('\n');
        if (a.detail("rate7") == null || "INSUFFICIENT_DATA".equals(a.detail("status"))) {
            b.append("Value: insufficient data over the last 7 days (").append(num(a, "numerator7")).append(" of ")
                    .append(num(a, "denominator7")).append("; at least ").append(a.detail("minSample"))
                    .append(" are needed before a level is declared).\n");
        } else {
            b.append("Value (7 days to ").append(a.detail("day")).append("): ").append(a.detail("rate7")).append("% (")
                    .append(num(a, "numerator7")).append(" of ").append(num(a, "denominator7")).append(")\n");
        }
        b.append("Threshold: warn ").append(op).append(' ').append(a.detail("warn")).append("%, breach ").append(op)
                .append(' ').append(a.detail("breach")).append("%\n");
        b.append("30 days: ").append(a.detail("rate30") == null ? "n/a" : a.detail("rate30") + "%").append(" (")
                .append(num(a, "numerator30")).append(" of ").append(num(a, "denominator30")).append(")\n");
        String trend = a.detail("trend");
        if (trend != null && !trend.isEmpty()) {
            b.append("Trend, day by day (oldest first):\n");
            for (String day : trend.split(";")) {
                String[] p = day.split("=", 2);
                String value = p[1].startsWith("-") ? "no data" : p[1].replace("(", "% (");
                b.append("  ").append(p[0]).append("  ").append(value).append('\n');
            }
        }
        b.append('\n').append("What to do next: ");
        if (Alert.NOTICE_RESOLVED.equals(a.pendingNotice())) {
            b.append("nothing; keep an eye on the trend.\n");
        } else {
            b.append(KPI_ACTIONS.getOrDefault(kpi, "Look at the orders behind the value.")).append('\n');
        }
        return b.toString();
    }

    private static String num(Alert a, String name) {
        return a.detail(name) == null ? "0" : a.detail(name);
    }

    // ------------------------------------------------------------------ orders

    private static String orderSubject(Account account, String kind, int n) {
        String orders = n == 1 ? "1 order" : n + " orders";
        String acct = account.accountId();
        return switch (kind) {
            case Alert.DISPATCH_AT_RISK -> "[WARNING] " + acct + ": " + orders + " due for dispatch soon, not handed over";
            case Alert.DISPATCH_MISSED -> "[CRITICAL] " + acct + ": " + orders + " missed the dispatch deadline";
            case Alert.FORWARD_REJECTED -> "[CRITICAL] " + acct + ": Allegro rejected the waybill of " + orders;
            case Alert.FORWARD_STUCK -> "[WARNING] " + acct + ": waybill of " + orders + " not accepted by Allegro yet";
            case Alert.TRACKING_STALE -> "[WARNING] " + acct + ": " + (n == 1 ? "1 parcel" : n + " parcels") + " without a scan for 72 h";
            case Alert.DELIVERY_EXCEPTION -> "[WARNING] " + acct + ": " + (n == 1 ? "1 parcel" : n + " parcels") + " lost, damaged or refused";
            case Alert.ACCOUNT_DISCONNECTED -> "[CRITICAL] " + acct + ": Allegro connection lost, reconnect the account";
            case Alert.RECONCILIATION_GAP -> "[WARNING] " + acct + ": " + orders + " still missing on Allegro after reconciliation";
            default -> "[ALERT] " + acct + ": " + kind;
        };
    }

    private String orderBody(Account account, String kind, List<Alert> alerts, Instant now) {
        StringBuilder b = new StringBuilder();
        b.append("TrackBridge alert for Allegro account ").append(account.accountId()).append(" (times in ")
                .append(account.timeZone().getId()).append(")\n\n");
        b.append("What happened: ").append(switch (kind) {
            case Alert.DISPATCH_AT_RISK -> "these orders must be handed to the carrier soon and no handover is recorded (no carrier scan, no handover registered).";
            case Alert.DISPATCH_MISSED -> "the dispatch deadline of these orders passed with no handover recorded. Each counts as late in On-time dispatch.";
            case Alert.FORWARD_REJECTED -> "Allegro refused the waybill (or the SENT status) of these orders. It will not be retried: a person must act.";
            case Alert.FORWARD_STUCK -> "these waybills were registered over an hour ago and Allegro has not accepted them yet (retries ran out or are still running).";
            case Alert.TRACKING_STALE -> "these handed-over parcels have had no carrier event for 72 hours and are not delivered or returned.";
            case Alert.DELIVERY_EXCEPTION -> "the carrier reports these parcels lost, damaged or refused by the buyer.";
            case Alert.ACCOUNT_DISCONNECTED -> "Allegro rejected this account's refresh token. Orders are no longer synced and waybills are not forwarded until it is reconnected.";
            case Alert.RECONCILIATION_GAP -> "the daily reconciliation compared these orders with Allegro and could not put them right: a waybill or the SENT status is still missing on the Allegro order.";
            default -> kind;
        }).append('\n');
        b.append('\n');
        int listed = 0;
        for (Alert a : alerts) {
            if (listed == MAX_LISTED) {
                b.append("... and ").append(alerts.size() - listed).append(" more (GET /accounts/")
                        .append(account.accountId()).append("/alerts?status=open)\n");
                break;
            }
            listed++;
            b.append(line(account, a, now)).append('\n');
        }
        b.append('\n').append("What to do next: ").append(switch (kind) {
            case Alert.DISPATCH_AT_RISK -> "pack and hand these orders over before their deadlines; if they already left, register the handover (POST /accounts/{id}/shipments with handedOverAt) or check the carrier's webhook.";
            case Alert.DISPATCH_MISSED -> "ship them now and register the waybill; if they did leave on time, register the handover time, then check the carrier pickup.";
            case Alert.FORWARD_REJECTED -> "open the order on Allegro, correct the waybill or carrier (Allegro's reason is above) and register the corrected waybill; Allegro cannot edit a waybill once added.";
            case Alert.FORWARD_STUCK -> "check the forwarding dead-letter queue and Allegro's status; the forward is retried automatically, add the waybill by hand on Allegro if it is urgent.";
            case Alert.TRACKING_STALE -> "ask the carrier where the parcel is; open a claim if it is lost. Allegro measures delivery in the promised window.";
            case Alert.DELIVERY_EXCEPTION -> "contact the buyer and the carrier; start a claim for lost or damaged parcels.";
            case Alert.ACCOUNT_DISCONNECTED -> "reconnect the account (scripts/connect-allegro.sh <account> or PUT /accounts/{id} with a new allegroRefreshToken).";
            case Alert.RECONCILIATION_GAP -> "open each order on Allegro: register the waybill if none was sent (NO_WAYBILL), correct a refused one (REJECTED), or add it by hand; the report is at GET /accounts/{id}/reconciliation.";
            default -> "look at the alerts.";
        }).append('\n');
        return b.toString();
    }

    private static final int MAX_LISTED = 50;

    private String line(Account account, Alert a, Instant now) {
        StringBuilder b = new StringBuilder("- ");
        switch (a.kind()) {
            case Alert.DISPATCH_AT_RISK, Alert.DISPATCH_MISSED -> {
                Instant deadline = Instant.parse(a.detail("deadline"));
                b.append("order ").append(a.orderId()).append(": deadline ").append(local(account, deadline));
                Duration left = Duration.between(now, deadline);
                b.append(left.isNegative() ? " (" + human(left.negated()) + " ago)" : " (in " + human(left) + ")");
                if ("true".equals(a.detail("smart"))) {
                    b.append(", Smart!");
                }
                if (a.detail("fulfillmentStatus") != null) {
                    b.append(", Allegro status ").append(a.detail("fulfillmentStatus"));
                }
            }
            case Alert.FORWARD_REJECTED, Alert.FORWARD_STUCK -> {
                b.append("order ").append(a.orderId()).append(": waybill ").append(a.waybill()).append(" (")
                        .append(a.detail("carrierId")).append("), waybill ").append(a.detail("waybillState"))
                        .append(", SENT ").append(a.detail("sentState"));
                if (a.detail("errorCode") != null || a.detail("errorMessage") != null) {
                    b.append("\n  Allegro said: ");
                    String message = a.detail("errorMessage");
                    // the client's message usually carries status, code and trace id already
                    boolean complete = message != null && a.detail("errorCode") != null && message.contains(a.detail("errorCode"));
                    if (!complete) {
                        if (a.detail("httpStatus") != null) {
                            b.append("HTTP ").append(a.detail("httpStatus")).append(' ');
                        }
                        b.append(a.detail("errorCode") == null ? "" : a.detail("errorCode"));
                        if (message != null) {
                            b.append(" - ");
                        }
                    }
                    if (message != null) {
                        b.append(message);
                    }
                    if (a.detail("traceId") != null && (message == null || !message.contains(a.detail("traceId")))) {
                        b.append(" (trace-id ").append(a.detail("traceId")).append(')');
                    }
                }
            }
            case Alert.TRACKING_STALE, Alert.DELIVERY_EXCEPTION -> {
                b.append("parcel ").append(a.waybill()).append(" (").append(a.detail("carrierId")).append("): ")
                        .append(a.detail("status"));
                if (a.detail("exception") != null) {
                    b.append(", ").append(a.detail("exception"));
                }
                if (a.detail("lastEventAt") != null) {
                    b.append(", last event ").append(local(account, Instant.parse(a.detail("lastEventAt"))));
                }
                if (a.orderId() != null) {
                    b.append(", order ").append(a.orderId());
                }
            }
            case Alert.ACCOUNT_DISCONNECTED -> {
                b.append("disconnected");
                if (a.detail("since") != null) {
                    b.append(" at ").append(local(account, Instant.parse(a.detail("since"))));
                }
                if (a.detail("reason") != null) {
                    b.append(": ").append(a.detail("reason"));
                }
            }
            case Alert.RECONCILIATION_GAP -> {
                b.append("order ").append(a.orderId()).append(": ").append(a.detail("reason"));
                if (a.waybill() != null) {
                    b.append(", waybill ").append(a.waybill());
                }
                if (a.detail("deadline") != null) {
                    b.append(", deadline ").append(local(account, Instant.parse(a.detail("deadline"))));
                }
            }
            default -> b.append(a.key());
        }
        if (a.orderId() != null) {
            b.append("\n  ").append(orderLink(a.orderId()));
        }
        return b.toString();
    }

    private static String local(Account account, Instant t) {
        ZoneId zone = account.timeZone();
        return LOCAL.format(t.atZone(zone));
    }

    private static String human(Duration d) {
        long minutes = d.toMinutes();
        if (minutes < 60) {
            return minutes + " min";
        }
        long hours = d.toHours();
        if (hours < 48) {
            return hours + " h " + (minutes % 60) + " min";
        }
        return d.toDays() + " days";
    }

    /** ASCII only (SNS refuses other subjects), no line breaks, under 100 characters. */
    static String subject(String text) {
        String ascii = Normalizer.normalize(text, Normalizer.Form.NFD).replace("ł", "l").replace("Ł", "L")
                .replaceAll("\\p{M}", "").replaceAll("[^\\x20-\\x7E]", "?");
        return ascii.length() <= 99 ? ascii : ascii.substring(0, 96) + "...";
    }
}
