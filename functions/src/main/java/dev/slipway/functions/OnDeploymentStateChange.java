package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.slipway.pipeline.model.DeploymentResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Resumes a deploy state from ECS's <em>Deployment State Change</em> event. Only the deployment the
 * state started counts: COMPLETED of that id succeeds; FAILED of that id (a circuit-breaker
 * rollback) fails it. A steady service alone proves nothing, because a rollback also ends steady.
 */
public final class OnDeploymentStateChange
    extends JsonStreamHandler<AwsEvent, OnDeploymentStateChange.Outcome> {
  private static final Logger LOG = LoggerFactory.getLogger(OnDeploymentStateChange.class);

  /** The error a failed deployment gives its state. */
  static final String FAILED_ERROR = "Deployment.Failed";

  /** What this invocation did. */
  public record Outcome(
      @JsonProperty("deploymentId") String deploymentId,
      @JsonProperty("eventName") String eventName,
      @JsonProperty("resumed") boolean resumed) {}

  private final PendingCallbacks callbacks;
  private final TaskTokens tokens;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public OnDeploymentStateChange() {
    this(AwsClients.dynamoDb(), AwsClients.sfn(), Env.system(), InstantSource.system());
  }

  OnDeploymentStateChange(DynamoDbClient dynamo, SfnClient sfn, Env env, InstantSource clock) {
    super(AwsEvent.class, "OnDeploymentStateChange");
    this.callbacks = new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock);
    this.tokens = new TaskTokens(sfn);
    this.clock = clock;
  }

  @Override
  protected String correlationId(AwsEvent event) {
    return event.text("deploymentId");
  }

  @Override
  protected Outcome handle(AwsEvent event, Context context) {
    String deploymentId = event.text("deploymentId");
    String eventName = event.text("eventName");
    boolean completed = "SERVICE_DEPLOYMENT_COMPLETED".equals(eventName);
    boolean failed = "SERVICE_DEPLOYMENT_FAILED".equals(eventName);
    if (deploymentId == null || !(completed || failed)) {
      return new Outcome(deploymentId, eventName, false);
    }
    var pending = callbacks.get(deploymentId);
    if (pending.isEmpty()) {
      LOG.info("No pipeline waits for deployment {} ({})", deploymentId, eventName);
      return new Outcome(deploymentId, eventName, false);
    }
    DeploymentResult result = read(pending.get().resultJson());
    boolean resumed =
        completed
            ? tokens.succeed(pending.get().taskToken(), toJson(finished(result, clock.instant())))
            : tokens.fail(
                pending.get().taskToken(),
                FAILED_ERROR,
                failureCause(result, event.text("reason")));
    callbacks.delete(deploymentId);
    LOG.info("Deployment {} {}; pipeline resumed: {}", deploymentId, eventName, resumed);
    return new Outcome(deploymentId, eventName, resumed);
  }

  /** The pending result, completed now. */
  static DeploymentResult finished(DeploymentResult pending, Instant at) {
    return new DeploymentResult(
        pending.environment(),
        pending.strategy(),
        pending.taskDefinitionArn(),
        pending.previousTaskDefinitionArn(),
        pending.deploymentId(),
        pending.image(),
        pending.trafficPercent(),
        pending.startedAt(),
        at);
  }

  /** "ECS deployment ecs-svc/… of <image> to staging failed: <reason>". */
  static String failureCause(DeploymentResult pending, String reason) {
    return "ECS deployment "
        + pending.deploymentId()
        + " of "
        + pending.image()
        + " ("
        + pending.taskDefinitionArn()
        + ") to "
        + pending.environment()
        + " failed: "
        + (reason == null || reason.isBlank() ? "no reason given" : reason)
        + ". ECS rolled the service back; see the service events and the stopped tasks' logs";
  }

  private static DeploymentResult read(String json) {
    try {
      return JSON.readValue(json, DeploymentResult.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable pending deployment result", e);
    }
  }
}
