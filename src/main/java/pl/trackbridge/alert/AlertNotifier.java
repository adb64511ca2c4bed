package pl.trackbridge.alert;

/** Where notifications go: the SNS topic in AWS, the console locally. Throws when the message was not accepted. */
public interface AlertNotifier {
    void publish(Notification notification);
}
