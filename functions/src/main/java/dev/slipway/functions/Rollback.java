package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.functions.PendingCallbacks.Kind;
import dev.slipway.functions.PendingCallbacks.Pending;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.RollbackResult;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.elasticloadbalancingv2.ElasticLoadBalancingV2Client;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * "Roll back &lt;environment&gt;" (a callback state): puts the last-known-good version back.
 *
 * <ul>
 *   <li>A blue-green or canary deploy that left the old service running: all traffic back to it
 *       (weights 100/0), the new service scaled to zero; resumed at once.
 *   <li>Otherwise: the environment's live service rolls to the last-known-good task definition
 *       (from the deployment history, else the one the deploy replaced); resumed by {@link
 *       OnDeploymentStateChange} when that deployment completes.
 *   <li>A manual rollback ({@code slipway.manual}) rolls to the newest successful revision of the
 *       requested SHA.
 * </ul>
 *
 * A failed first deploy (nothing earlier to restore) is stopped: its services scale to zero and the
 * state resumes with {@code succeeded: true} and no restored SHA. A manual rollback to a SHA the
 * history does not know resumes with {@code succeeded: false} and the reason.
 */
public final class Rollback extends StepHandler<RollbackResult> {
  private static final Logger LOG = LoggerFactory.getLogger(Rollback.class);

  private final Traffic traffic;
  private final EcsDeployments deployments;
  private final TaskDefinitions taskDefinitions;
  private final DeploymentHistory history;
  private final DeploymentCallbacks resolver;
  private final TaskTokens tokens;
  private final ServiceEnvironments environments;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public Rollback() {
    this(
        AwsClients.ecs(),
        AwsClients.elb(),
        AwsClients.dynamoDb(),
        AwsClients.sfn(),
        Env.system(),
        InstantSource.system());
  }

  Rollback(
      EcsClient ecs,
      ElasticLoadBalancingV2Client elb,
      DynamoDbClient dynamo,
      SfnClient sfn,
      Env env,
      InstantSource clock) {
    super("Rollback");
    this.traffic = new Traffic(elb);
    this.deployments = new EcsDeployments(ecs);
    this.taskDefinitions = new TaskDefinitions(ecs);
    this.history = new DeploymentHistory(dynamo, env.required("DEPLOYMENTS_TABLE"));
    this.tokens = new TaskTokens(sfn);
    this.resolver =
        new DeploymentCallbacks(
            new PendingCallbacks(dynamo, env.required("LOCKS_TABLE"), clock), tokens, clock);
    this.environments = ServiceEnvironments.from(env);
    this.clock = clock;
  }

  @Override
  protected RollbackResult handle(Step step, Context context) {
    String environment = step.input().requireEnvironment();
    String token = step.input().requireTaskToken();
    EnvironmentTarget target = environments.get(environment);
    PipelineState state = step.state();
    String reason = reason(step);
    RollbackResult result;
    if (state.isManualRollback()) {
      result = toSha(step, target, environment, state.manualRollback().toSha(), reason);
    } else {
      DeploymentResult deployed = deployedTo(state, environment);
      // trafficPercent 0 = deployed beside the old service (blue-green / canary): switch back.
      result =
          deployed != null && deployed.trafficPercent() < 100 && target.supportsWeightedTraffic()
              ? switchBack(target, environment, deployed, reason)
              : rollTo(
                  step,
                  target,
                  environment,
                  lastGood(state, environment, target, deployed),
                  reason);
    }
    if (result != null) {
      tokens.succeed(token, toJson(result));
      return result;
    }
    return null;
  }

  private RollbackResult switchBack(
      EnvironmentTarget target, String environment, DeploymentResult deployed, String reason) {
    String bad =
        deployments
            .serviceRunning(target, deployed.taskDefinitionArn())
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "no service of " + environment + " runs " + deployed.taskDefinitionArn()));
    String goodGroup = target.otherTargetGroup(target.targetGroupOf(bad));
    String good = target.serviceFor(goodGroup);
    traffic.shift(target, goodGroup, 100);
    deployments.scale(target.cluster(), bad, 0);
    var revision =
        deployments
            .currentTaskDefinition(target.cluster(), good)
            .map(arn -> taskDefinitions.describe(arn, target.containerName()));
    LOG.info("Rolled back {}: all traffic to {}, {} scaled to 0", environment, good, bad);
    return new RollbackResult(
        environment,
        true,
        revision.map(TaskDefinitions.Revision::version).orElse(null),
        revision.map(TaskDefinitions.Revision::arn).orElse(null),
        revision.map(TaskDefinitions.Revision::image).orElse(null),
        0,
        reason,
        clock.instant());
  }

  /** Rolls the live service to {@code taskDefinition}; null result = waiting for ECS. */
  private RollbackResult rollTo(
      Step step,
      EnvironmentTarget target,
      String environment,
      String taskDefinition,
      String reason) {
    if (taskDefinition == null) {
      return stopFirstVersion(target, environment, reason);
    }
    String service = traffic.liveService(target);
    var revision = taskDefinitions.describe(taskDefinition, target.containerName());
    int count =
        target.desiredCount() != null
            ? target.desiredCount()
            : Math.max(1, deployments.desiredCount(target.cluster(), service));
    var started = deployments.deploy(target.cluster(), service, taskDefinition, count);
    RollbackResult pending =
        new RollbackResult(
            environment,
            true,
            revision.version(),
            taskDefinition,
            revision.image(),
            0,
            reason,
            clock.instant());
    resolver.await(
        new Pending(
            Kind.ROLLBACK,
            step.input().requireTaskToken(),
            toJson(pending),
            step.execution(),
            environment,
            target.cluster(),
            service,
            started.deploymentId()),
        deployments);
    LOG.info("Rolling {} back to {} ({})", service, taskDefinition, started.deploymentId());
    return null;
  }

  private RollbackResult toSha(
      Step step, EnvironmentTarget target, String environment, String sha, String reason) {
    Optional<DeploymentRecord> record =
        history.lastGoodOf(step.state().service(), environment, sha);
    if (record.isEmpty()) {
      return nothingRestored(
          environment,
          "no successful deployment of "
              + sha
              + " to "
              + environment
              + " in the deployment history; pick a SHA from `slipway history`");
    }
    return rollTo(step, target, environment, record.get().taskDefinitionArn(), reason);
  }

  /**
   * The first deploy of an environment failed: there is no earlier version to put back, so the
   * failed one is stopped (every service of the environment scaled to zero). That is a clean end,
   * not a failed rollback: the lock is released and the next push deploys normally.
   */
  private RollbackResult stopFirstVersion(
      EnvironmentTarget target, String environment, String reason) {
    for (String service : target.services()) {
      deployments.scale(target.cluster(), service, 0);
    }
    LOG.info("No earlier version of {}: its services are scaled to 0", environment);
    return new RollbackResult(
        environment,
        true,
        null,
        null,
        null,
        0,
        "no earlier version of "
            + environment
            + " to restore (first deploy): the failed version was stopped. "
            + reason,
        clock.instant());
  }

  /**
   * Resumes the state with {@code succeeded: false}: the state machine fails it with the reason.
   */
  private RollbackResult nothingRestored(String environment, String why) {
    return new RollbackResult(environment, false, null, null, null, 100, why, clock.instant());
  }

  /**
   * The revision to restore: the environment's last good one from the history, else the one the
   * deploy replaced, else — when the deploy failed before reporting (e.g. ECS's circuit breaker
   * tripped and already rolled the service back) — what the live service runs now, if that is an
   * earlier version. Null when nothing earlier ever ran (a first deploy).
   */
  private String lastGood(
      PipelineState state,
      String environment,
      EnvironmentTarget target,
      DeploymentResult deployed) {
    return history
        .lastGood(state.service(), environment)
        .map(DeploymentRecord::taskDefinitionArn)
        .filter(arn -> deployed == null || !arn.equals(deployed.taskDefinitionArn()))
        .or(
            () ->
                Optional.ofNullable(deployed == null ? null : deployed.previousTaskDefinitionArn()))
        .or(() -> earlierVersionRunning(state, target))
        .orElse(null);
  }

  private Optional<String> earlierVersionRunning(PipelineState state, EnvironmentTarget target) {
    String failedSha = state.push() == null ? null : state.push().sha();
    return deployments
        .currentTaskDefinition(target.cluster(), traffic.liveService(target))
        .filter(
            arn -> {
              String version = taskDefinitions.describe(arn, target.containerName()).version();
              return version != null && !version.equals(failedSha);
            });
  }

  private static DeploymentResult deployedTo(PipelineState state, String environment) {
    var config = state.prepare() == null ? null : state.prepare().config();
    if (config != null && environment.equals(config.productionEnvironment())) {
      return state.production();
    }
    return state.staging();
  }

  /** The failure that caused the rollback, as one line. */
  private static String reason(Step step) {
    if (step.state().isManualRollback()) {
      var request = step.state().manualRollback();
      return "requested by "
          + request.requestedBy()
          + (request.reason() == null ? "" : ": " + request.reason());
    }
    Optional<JsonNode> failure = step.node("reason");
    if (failure.isEmpty()) {
      return "rollback requested by the pipeline";
    }
    JsonNode node = failure.get();
    if (node.isTextual()) {
      return node.asText();
    }
    String error = node.path("Error").asText("");
    String cause = node.path("Cause").asText("");
    String text = (error + (cause.isEmpty() ? "" : ": " + cause)).trim();
    return text.isEmpty() ? "rollback requested by the pipeline" : text;
  }
}
