package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.pipeline.model.NotificationSettings;
import dev.slipway.pipeline.model.PipelineState;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;

/**
 * "Notify …": tells people how the run ended (SNS topic; a Slack incoming webhook too when the
 * config turns it on and the stack holds its URL in Secrets Manager). For {@code APPROVAL_NEEDED}
 * and {@code CANARY_PAUSED} (callback states) it sends signed approve / reject links that resume
 * the waiting state through {@link Approve}. A Slack failure is reported in the result, never
 * thrown: the SNS notice went out.
 */
public final class Notify extends StepHandler<Notify.NotifyResult> {
  private static final Logger LOG = LoggerFactory.getLogger(Notify.class);

  /** What went out. */
  public record NotifyResult(
      @JsonProperty("notification") String notification,
      @JsonProperty("sent") boolean sent,
      @JsonProperty("messageId") String messageId,
      @JsonProperty("subject") String subject,
      @JsonProperty("slack") String slack,
      @JsonProperty("at") Instant at) {}

  /** Posts a JSON body to the Slack webhook URL; returns the HTTP status. */
  interface SlackPoster {
    int post(String url, String json) throws IOException, InterruptedException;
  }

  private final SnsClient sns;
  private final Secrets secrets;
  private final SlackPoster slack;
  private final Approvals approvals;
  private final Env env;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public Notify() {
    this(
        AwsClients.sns(),
        AwsClients.secrets(),
        AwsClients.dynamoDb(),
        jdkSlack(),
        Env.system(),
        InstantSource.system());
  }

  Notify(
      SnsClient sns,
      SecretsManagerClient secretsManager,
      DynamoDbClient dynamo,
      SlackPoster slack,
      Env env,
      InstantSource clock) {
    super("Notify", CancelRequests.from(() -> dynamo, env));
    this.sns = sns;
    this.secrets = new Secrets(secretsManager);
    this.slack = slack;
    this.approvals = new Approvals(dynamo, secrets, env, clock);
    this.env = env;
    this.clock = clock;
  }

  /** Only the approval request is a step a cancel stops; the run's notices always go out. */
  @Override
  protected boolean cancellable(Step step) {
    return step.text("notification").filter("APPROVAL_NEEDED"::equals).isPresent();
  }

  @Override
  protected NotifyResult handle(Step step, Context context) {
    String kind =
        step.text("notification")
            .orElseThrow(() -> new IllegalStateException("Notify needs \"notification\""));
    PipelineState state = step.state();
    NotificationSettings settings =
        state.prepare() == null
            ? NotificationSettings.defaults()
            : state.prepare().config().notifications();
    Message message = Messages.of(kind, step, approvalLinks(kind, step));
    if (!wanted(kind, settings)) {
      LOG.info("{} notification turned off in the pipeline config", kind);
      return new NotifyResult(kind, false, null, message.subject(), "off", clock.instant());
    }
    String messageId =
        sns.publish(
                r ->
                    r.topicArn(env.required("NOTIFY_TOPIC_ARN"))
                        .subject(message.subject())
                        .message(message.text())
                        .messageAttributes(
                            Map.of(
                                "service", attribute(state.service()),
                                "notification", attribute(kind),
                                "severity", attribute(message.severity()))))
            .messageId();
    String slackOutcome = settings.slack() ? postToSlack(message) : "off";
    LOG.info("Sent {} notification {} (Slack: {})", kind, messageId, slackOutcome);
    return new NotifyResult(
        kind, true, messageId, message.subject(), slackOutcome, clock.instant());
  }

  private Optional<Approvals.Links> approvalLinks(String kind, Step step) {
    if (!"APPROVAL_NEEDED".equals(kind) && !"CANARY_PAUSED".equals(kind)) {
      return Optional.empty();
    }
    return Optional.of(approvals.request(step));
  }

  private static boolean wanted(String kind, NotificationSettings settings) {
    return switch (kind) {
      case "DEPLOYED" -> settings.onSuccess();
      case "FAILED" -> settings.onFailure();
      case "ROLLED_BACK", "ROLLED_BACK_ON_REQUEST" -> settings.onRollback();
      // A failed rollback needs a person; an approval request would otherwise wait forever.
      case "ROLLBACK_FAILED", "APPROVAL_NEEDED", "CANARY_PAUSED" -> true;
      default ->
          throw new IllegalArgumentException(
              "notification '"
                  + kind
                  + "' is not one of DEPLOYED, FAILED, ROLLED_BACK, ROLLBACK_FAILED,"
                  + " ROLLED_BACK_ON_REQUEST, APPROVAL_NEEDED, CANARY_PAUSED");
    };
  }

  private String postToSlack(Message message) {
    Optional<String> arn = env.optional("SLACK_WEBHOOK_SECRET_ARN");
    if (arn.isEmpty()) {
      return "not configured (SLACK_WEBHOOK_SECRET_ARN unset)";
    }
    try {
      var body =
          JSON.createObjectNode().put("text", "*" + message.subject() + "*\n" + message.text());
      int status = slack.post(secrets.get(arn.get()), body.toString());
      // The URL is a credential: it is never part of a log line or an error.
      return status / 100 == 2 ? "sent" : "failed: HTTP " + status;
    } catch (IOException | RuntimeException e) {
      LOG.warn("Slack notification failed: {}", e.getClass().getSimpleName());
      return "failed: " + e.getClass().getSimpleName();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "failed: interrupted";
    }
  }

  private static MessageAttributeValue attribute(String value) {
    return MessageAttributeValue.builder().dataType("String").stringValue(value).build();
  }

  private static SlackPoster jdkSlack() {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    return (url, json) ->
        client
            .send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json))
                    .build(),
                HttpResponse.BodyHandlers.discarding())
            .statusCode();
  }
}
