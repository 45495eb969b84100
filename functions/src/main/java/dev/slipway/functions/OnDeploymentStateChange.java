package dev.slipway.functions;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Resumes a deploy (or rollback) state from ECS's <em>Deployment State Change</em> event. Only the
 * deployment the state started counts: COMPLETED of that id succeeds; FAILED of that id (a
 * circuit-breaker rollback) fails it. A steady service alone proves nothing, because a rollback
 * also ends steady.
 *
 * <p>Invoked as a step with {@code "check": "status"} (no event arrived before the state's
 * timeout), it looks the run's deployment up once and returns its result, or throws.
 */
public final class OnDeploymentStateChange extends EventOrStatusCheck {
  private static final Logger LOG = LoggerFactory.getLogger(OnDeploymentStateChange.class);

  /** What an event invocation did. */
  public record Outcome(
      @JsonProperty("deploymentId") String deploymentId,
      @JsonProperty("eventName") String eventName,
      @JsonProperty("resumed") boolean resumed) {}

  private final PendingCallbacks callbacks;
  private final DeploymentCallbacks resolver;
  private final EcsDeployments deployments;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public OnDeploymentStateChange() {
    this(
        AwsClients.dynamoDb(),
        AwsClients.sfn(),
        AwsClients.ecs(),
        Env.system(),
        InstantSource.system());
  }

  OnDeploymentStateChange(
      DynamoDbClient dynamo, SfnClient sfn, EcsClient ecs, Env env, InstantSource clock) {
    super("OnDeploymentStateChange");
    this.callbacks = new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock);
    this.resolver = new DeploymentCallbacks(callbacks, new TaskTokens(sfn), clock);
    this.deployments = new EcsDeployments(ecs);
    this.clock = clock;
  }

  @Override
  protected String correlationId(JsonNode request) {
    return request.has("execution")
        ? request.path("execution").asText()
        : request.path("detail").path("deploymentId").asText(null);
  }

  @Override
  protected Outcome onEvent(AwsEvent event) {
    String deploymentId = event.text("deploymentId");
    String eventName = event.text("eventName");
    DeploymentRolloutState state =
        switch (eventName == null ? "" : eventName) {
          case "SERVICE_DEPLOYMENT_COMPLETED" -> DeploymentRolloutState.COMPLETED;
          case "SERVICE_DEPLOYMENT_FAILED" -> DeploymentRolloutState.FAILED;
          default -> null;
        };
    if (deploymentId == null || state == null) {
      return new Outcome(deploymentId, eventName, false);
    }
    var pending = callbacks.forDeployment(deploymentId);
    if (pending.isEmpty()) {
      LOG.info("No pipeline waits for deployment {} ({})", deploymentId, eventName);
      return new Outcome(deploymentId, eventName, false);
    }
    boolean resumed = resolver.resolve(pending.get(), state, event.text("reason"), deployments);
    return new Outcome(deploymentId, eventName, resumed);
  }

  @Override
  protected Object statusCheck(Step step) {
    String environment = step.input().requireEnvironment();
    var pending =
        callbacks
            .forRun(step.execution(), environment)
            .orElseThrow(
                () ->
                    new StepFailedException(
                        "execution "
                            + step.execution()
                            + " started no ECS deployment in "
                            + environment
                            + "; the deploy step failed before UpdateService"));
    var now =
        deployments
            .find(pending.cluster(), pending.service(), pending.deploymentId())
            .orElseThrow(
                () ->
                    new StepFailedException(
                        "ECS no longer lists deployment "
                            + pending.deploymentId()
                            + " of "
                            + pending.service()
                            + "; a newer deployment replaced it"));
    return switch (now.state()) {
      case COMPLETED -> DeploymentCallbacks.completed(pending, clock.instant());
      case FAILED ->
          throw new StepFailedException(
              DeploymentCallbacks.failureCause(
                  pending,
                  DeploymentCallbacks.withStoppedTasks(pending, now.reason(), deployments)));
      default ->
          throw new StepFailedException(
              "ECS deployment "
                  + pending.deploymentId()
                  + " of "
                  + pending.service()
                  + " is still "
                  + now.state()
                  + " after the deploy timeout; check why its tasks do not become healthy");
    };
  }
}
