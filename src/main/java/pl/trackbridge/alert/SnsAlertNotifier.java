package pl.trackbridge.alert;

import java.util.Map;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * Publishes to the alert topic with the message attributes {@code severity}, {@code account} and {@code kind}, so
 * subscriptions can filter (e.g. only CRITICAL to SMS).
 */
public final class SnsAlertNotifier implements AlertNotifier {
    private final SnsClient sns;
    private final String topicArn;

    public SnsAlertNotifier(SnsClient sns, String topicArn) {
        this.sns = sns;
        this.topicArn = topicArn;
    }

    @Override
    public void publish(Notification n) {
        sns.publish(b -> b.topicArn(topicArn).subject(n.subject()).message(n.message())
                .messageAttributes(Map.of("severity", text(n.severity()), "account", text(n.accountId()),
                        "kind", text(n.kind()))));
    }

    private static MessageAttributeValue text(String value) {
        return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
    }
}
