package dev.slipway.localcloud.sns;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.LocalAws;
import dev.slipway.localcloud.server.StateDatabase;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import software.amazon.awssdk.services.sns.model.CreateTopicRequest;
import software.amazon.awssdk.services.sns.model.CreateTopicResponse;
import software.amazon.awssdk.services.sns.model.DeleteTopicRequest;
import software.amazon.awssdk.services.sns.model.DeleteTopicResponse;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesRequest;
import software.amazon.awssdk.services.sns.model.GetTopicAttributesResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsByTopicResponse;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsRequest;
import software.amazon.awssdk.services.sns.model.ListSubscriptionsResponse;
import software.amazon.awssdk.services.sns.model.ListTopicsRequest;
import software.amazon.awssdk.services.sns.model.ListTopicsResponse;
import software.amazon.awssdk.services.sns.model.NotFoundException;
import software.amazon.awssdk.services.sns.model.PublishRequest;
import software.amazon.awssdk.services.sns.model.PublishResponse;
import software.amazon.awssdk.services.sns.model.SubscribeRequest;
import software.amazon.awssdk.services.sns.model.SubscribeResponse;
import software.amazon.awssdk.services.sns.model.Subscription;
import software.amazon.awssdk.services.sns.model.Topic;
import software.amazon.awssdk.services.sns.model.UnsubscribeRequest;
import software.amazon.awssdk.services.sns.model.UnsubscribeResponse;

/**
 * SNS: topics and subscriptions in the state database. Every published message is appended to the
 * local notification log; {@code http}/{@code https} subscribers receive it as SNS posts it.
 * Subscriptions are confirmed at once (there is nobody to click a confirmation link locally).
 */
public final class LocalSns {
  private final StateDatabase db;
  private final Clock clock;
  private final NotificationDelivery delivery;

  /** Uses the database, clock and a delivery that writes the log and posts to HTTP endpoints. */
  public LocalSns(StateDatabase db, Clock clock, NotificationDelivery delivery) {
    this.db = db;
    this.clock = clock;
    this.delivery = delivery;
    db.schema(
        "CREATE TABLE IF NOT EXISTS sns_topics (arn TEXT PRIMARY KEY, name TEXT NOT NULL)",
        "CREATE TABLE IF NOT EXISTS sns_subscriptions (arn TEXT PRIMARY KEY, topic_arn TEXT NOT"
            + " NULL, protocol TEXT NOT NULL, endpoint TEXT)");
  }

  public CreateTopicResponse createTopic(CreateTopicRequest r) {
    String name = AwsErrors.required(r.name(), "name");
    if (!name.matches("[A-Za-z0-9_-]{1,256}(\\.fifo)?")) {
      throw AwsErrors.generic(400, "InvalidParameter", "Invalid parameter: Topic Name");
    }
    String arn = LocalAws.arn("sns", name);
    db.update("INSERT OR IGNORE INTO sns_topics VALUES (?,?)", arn, name);
    return CreateTopicResponse.builder().topicArn(arn).build();
  }

  public DeleteTopicResponse deleteTopic(DeleteTopicRequest r) {
    db.update("DELETE FROM sns_subscriptions WHERE topic_arn=?", r.topicArn());
    db.update("DELETE FROM sns_topics WHERE arn=?", r.topicArn());
    return DeleteTopicResponse.builder().build();
  }

  public ListTopicsResponse listTopics(ListTopicsRequest r) {
    List<Topic> topics = new ArrayList<>();
    for (List<String> row : select("SELECT arn FROM sns_topics ORDER BY arn")) {
      topics.add(Topic.builder().topicArn(row.get(0)).build());
    }
    return ListTopicsResponse.builder().topics(topics).build();
  }

  public GetTopicAttributesResponse getTopicAttributes(GetTopicAttributesRequest r) {
    String arn = requireTopic(r.topicArn());
    int subs = subscriptions(arn).size();
    return GetTopicAttributesResponse.builder()
        .attributes(
            Map.of(
                "TopicArn",
                arn,
                "Owner",
                LocalAws.ACCOUNT_ID,
                "SubscriptionsConfirmed",
                Integer.toString(subs),
                "SubscriptionsPending",
                "0"))
        .build();
  }

  public SubscribeResponse subscribe(SubscribeRequest r) {
    String topic = requireTopic(r.topicArn());
    String protocol = AwsErrors.required(r.protocol(), "protocol");
    if (!List.of("http", "https", "email", "email-json", "lambda", "sqs").contains(protocol)) {
      throw AwsErrors.generic(400, "InvalidParameter", "Invalid parameter: Protocol " + protocol);
    }
    for (Subscription s : subscriptions(topic)) {
      if (s.protocol().equals(protocol) && s.endpoint().equals(r.endpoint())) {
        return SubscribeResponse.builder().subscriptionArn(s.subscriptionArn()).build();
      }
    }
    String arn = topic + ":" + UUID.randomUUID();
    db.update("INSERT INTO sns_subscriptions VALUES (?,?,?,?)", arn, topic, protocol, r.endpoint());
    return SubscribeResponse.builder().subscriptionArn(arn).build();
  }

  public UnsubscribeResponse unsubscribe(UnsubscribeRequest r) {
    db.update("DELETE FROM sns_subscriptions WHERE arn=?", r.subscriptionArn());
    return UnsubscribeResponse.builder().build();
  }

  public ListSubscriptionsByTopicResponse listSubscriptionsByTopic(
      ListSubscriptionsByTopicRequest r) {
    return ListSubscriptionsByTopicResponse.builder()
        .subscriptions(subscriptions(requireTopic(r.topicArn())))
        .build();
  }

  /** Every subscription of every topic, as ListSubscriptions lists them (one page). */
  public ListSubscriptionsResponse listSubscriptions(ListSubscriptionsRequest r) {
    List<Subscription> out = new ArrayList<>();
    for (List<String> row : select("SELECT arn FROM sns_topics ORDER BY arn")) {
      out.addAll(subscriptions(row.get(0)));
    }
    return ListSubscriptionsResponse.builder().subscriptions(out).build();
  }

  public PublishResponse publish(PublishRequest r) {
    String topic = requireTopic(r.topicArn() != null ? r.topicArn() : r.targetArn());
    String message = AwsErrors.required(r.message(), "message");
    if (message.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 262_144) {
      throw AwsErrors.generic(400, "InvalidParameter", "Invalid parameter: Message too long");
    }
    if (r.subject() != null && !isValidSubject(r.subject())) {
      throw AwsErrors.generic(400, "InvalidParameter", "Invalid parameter: Subject");
    }
    String id = UUID.randomUUID().toString();
    Notification n = new Notification(id, topic, r.subject(), message, clock.instant());
    delivery.deliver(n, subscriptions(topic));
    return PublishResponse.builder().messageId(id).build();
  }

  /**
   * SNS API Reference, Publish: the subject "must be ASCII text that begins with a letter, number,
   * or punctuation mark; must not include line breaks or control characters; and must be less than
   * 100 characters long".
   */
  static boolean isValidSubject(String subject) {
    if (subject.isEmpty()) {
      return true;
    }
    if (subject.length() >= 100 || subject.charAt(0) == ' ') {
      return false;
    }
    return subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
  }

  private List<Subscription> subscriptions(String topicArn) {
    List<Subscription> out = new ArrayList<>();
    for (List<String> row :
        select(
            "SELECT arn, protocol, endpoint FROM sns_subscriptions WHERE topic_arn=?", topicArn)) {
      out.add(
          Subscription.builder()
              .subscriptionArn(row.get(0))
              .topicArn(topicArn)
              .protocol(row.get(1))
              .endpoint(row.get(2))
              .owner(LocalAws.ACCOUNT_ID)
              .build());
    }
    return out;
  }

  private String requireTopic(String arn) {
    AwsErrors.required(arn, "topicArn");
    if (select("SELECT arn FROM sns_topics WHERE arn=?", arn).isEmpty()) {
      throw AwsErrors.of(NotFoundException.builder(), 404, "NotFound", "Topic does not exist");
    }
    return arn;
  }

  private List<List<String>> select(String sql, String... args) {
    return db.transaction(
        c -> {
          List<List<String>> rows = new ArrayList<>();
          try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
              s.setString(i + 1, args[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
              int cols = rs.getMetaData().getColumnCount();
              while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= cols; i++) {
                  row.add(rs.getString(i));
                }
                rows.add(row);
              }
            }
          }
          return rows;
        });
  }
}
