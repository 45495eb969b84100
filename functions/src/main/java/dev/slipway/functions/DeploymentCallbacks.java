package dev.slipway.functions;

import dev.slipway.functions.PendingCallbacks.Pending;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.RollbackResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

/**
 * Ends a state waiting for an ECS deployment once <em>that</em> deployment reached COMPLETED or
 * FAILED: the completed result goes out with {@code SendTaskSuccess}, a failure with {@code
 * SendTaskFailure} ({@code Slipway.DeploymentFailed} / {@code Slipway.RollbackFailed}).
 */
final class DeploymentCallbacks {
  private static final Logger LOG = LoggerFactory.getLogger(DeploymentCallbacks.class);

  static final String DEPLOYMENT_FAILED = "Slipway.DeploymentFailed";
  static final String ROLLBACK_FAILED = "Slipway.RollbackFailed";

  private final PendingCallbacks callbacks;
  private final TaskTokens tokens;
  private final InstantSource clock;

  DeploymentCallbacks(PendingCallbacks callbacks, TaskTokens tokens, InstantSource clock) {
    this.callbacks = callbacks;
    this.tokens = tokens;
    this.clock = clock;
  }

  /**
   * Stores the callback, then looks the deployment up once: it may have ended before the callback
   * was stored (or this is a retried step whose deployment ended since), and then its event has
   * passed, so the state is resumed here.
   */
  void await(Pending pending, EcsDeployments deployments) {
    callbacks.put(pending);
    deployments
        .find(pending.cluster(), pending.service(), pending.deploymentId())
        .ifPresent(now -> resolve(pending, now.state(), now.reason(), deployments));
  }

  /** Resumes the waiting state if the deployment ended; false while it is still in progress. */
  boolean resolve(
      Pending pending, DeploymentRolloutState state, String reason, EcsDeployments deployments) {
    if (state == DeploymentRolloutState.COMPLETED) {
      tokens.succeed(
          pending.taskToken(),
          PipelineJson.mapper().valueToTree(completed(pending, clock.instant())).toString());
    } else if (state == DeploymentRolloutState.FAILED) {
      tokens.fail(
          pending.taskToken(),
          errorName(pending),
          failureCause(pending, withStoppedTasks(pending, reason, deployments)));
    } else {
      return false;
    }
    callbacks.delete(pending.deploymentId());
    LOG.info("Deployment {} {}: state resumed", pending.deploymentId(), state);
    return true;
  }

  /** The result the waiting state gets when the deployment completed at {@code at}. */
  static Object completed(Pending pending, Instant at) {
    return switch (pending.kind()) {
      case DEPLOY -> {
        DeploymentResult r = read(pending.resultJson(), DeploymentResult.class);
        yield new DeploymentResult(
            r.environment(),
            r.strategy(),
            r.taskDefinitionArn(),
            r.previousTaskDefinitionArn(),
            r.deploymentId(),
            r.image(),
            r.trafficPercent(),
            r.startedAt(),
            at);
      }
      case ROLLBACK -> {
        RollbackResult r = read(pending.resultJson(), RollbackResult.class);
        yield new RollbackResult(
            r.environment(),
            true,
            r.restoredSha(),
            r.restoredTaskDefinitionArn(),
            r.restoredImage(),
            r.trafficPercentOnNew(),
            r.reason(),
            at);
      }
    };
  }

  /** The deployment's reason plus why its tasks stopped (the reason alone is often generic). */
  static String withStoppedTasks(Pending pending, String reason, EcsDeployments deployments) {
    String stopped =
        deployments.stoppedTaskReasons(
            pending.cluster(), pending.service(), pending.deploymentId());
    if (stopped.isEmpty()) {
      return reason;
    }
    return (reason == null || reason.isBlank() ? "" : reason + "; ") + "stopped tasks: " + stopped;
  }

  static String errorName(Pending pending) {
    return pending.kind() == PendingCallbacks.Kind.ROLLBACK ? ROLLBACK_FAILED : DEPLOYMENT_FAILED;
  }

  /** "ECS deployment ecs-svc/… of service hello-green in production failed: <reason>. …". */
  static String failureCause(Pending pending, String reason) {
    return "ECS deployment "
        + pending.deploymentId()
        + " of service "
        + pending.service()
        + " in "
        + pending.environment()
        + (pending.kind() == PendingCallbacks.Kind.ROLLBACK ? " (rollback)" : "")
        + " failed: "
        + (reason == null || reason.isBlank() ? "no reason given" : reason)
        + ". See the service's events and the stopped tasks' logs";
  }

  private static <T> T read(String json, Class<T> type) {
    try {
      return PipelineJson.mapper().readValue(json, type);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable pending result", e);
    }
  }
}
