package dev.slipway.infra;

import java.util.List;
import software.amazon.awscdk.services.secretsmanager.Secret;
import software.amazon.awscdk.services.sns.Topic;
import software.amazon.awscdk.services.sns.subscriptions.EmailSubscription;
import software.constructs.Construct;

/**
 * Where pipeline notices go: an SNS topic (with the configured e-mail subscriptions; add Chatbot or
 * other subscribers to it), and optionally a Secrets Manager secret holding a Slack
 * incoming-webhook URL, which the operator fills in after deploying (never in the template).
 */
public final class Notifications extends Construct {
  private final Topic topic;
  private final Secret slackWebhook;

  public Notifications(
      Construct scope, String id, String service, List<String> emails, boolean slack) {
    super(scope, id);
    topic =
        Topic.Builder.create(this, "Topic")
            .topicName(ResourceNames.topic(service))
            .displayName("Slipway " + service)
            .enforceSsl(true)
            .build();
    emails.forEach(email -> topic.addSubscription(new EmailSubscription(email)));
    slackWebhook =
        slack
            ? Secret.Builder.create(this, "SlackWebhookUrl")
                .description(
                    "Slack incoming-webhook URL for Slipway "
                        + service
                        + " (set it after deploying)")
                .build()
            : null;
  }

  /** The notification topic. */
  public Topic topic() {
    return topic;
  }

  /** The Slack webhook URL secret, or {@code null} when Slack is off. */
  public Secret slackWebhook() {
    return slackWebhook;
  }
}
