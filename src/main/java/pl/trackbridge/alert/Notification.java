package pl.trackbridge.alert;

import java.util.List;

/**
 * One message for a person (a shift lead): an ASCII subject under 100 characters (SNS's limit for e-mail
 * subjects), a plain-text body, and the attributes subscribers filter on.
 *
 * @param alertKeys the alerts this message tells of
 */
public record Notification(String accountId, String kind, String severity, String subject, String message,
        List<String> alertKeys) {
    public Notification {
        alertKeys = List.copyOf(alertKeys);
    }
}
