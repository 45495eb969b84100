package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;

/**
 * Which pipeline outcomes are announced, and where (SNS topic always; e-mail subscriptions and
 * Slack incoming webhook optional).
 */
public record NotificationSettings(
    @JsonProperty("onSuccess") Boolean onSuccess,
    @JsonProperty("onFailure") Boolean onFailure,
    @JsonProperty("onRollback") Boolean onRollback,
    @JsonProperty("onApprovalNeeded") Boolean onApprovalNeeded,
    @JsonProperty("slack") Boolean slack,
    @JsonProperty("emails") List<String> emails) {

  public NotificationSettings {
    onSuccess = onSuccess == null || onSuccess;
    onFailure = onFailure == null || onFailure;
    onRollback = onRollback == null || onRollback;
    onApprovalNeeded = onApprovalNeeded == null || onApprovalNeeded;
    slack = slack != null && slack;
    emails = Fields.list(emails);
    for (int i = 0; i < emails.size(); i++) {
      String email = emails.get(i);
      if (email == null || !email.matches("[^@\\s]+@[^@\\s]+")) {
        throw new InvalidFieldException(
            "emails[" + i + "]", "'" + email + "' is not an e-mail address");
      }
    }
  }

  /** Everything on, no Slack, no e-mail subscriptions. */
  public static NotificationSettings defaults() {
    return new NotificationSettings(null, null, null, null, null, null);
  }
}
