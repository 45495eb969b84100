package dev.slipway.localcloud.ecs;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/**
 * A service's deployments: starting one (CreateService, UpdateService), completing it, counting
 * failed tasks and tripping the circuit breaker, which fails the deployment and, when configured,
 * rolls back to the last completed one. The caller holds the state lock.
 */
final class Deployments {
  private final EcsState state;
  private final EcsNames names;
  private final EcsEvents events;
  private final Clock clock;

  Deployments(EcsState state, EcsNames names, EcsEvents events, Clock clock) {
    this.state = state;
    this.names = names;
    this.events = events;
    this.clock = clock;
  }

  /** Whether a task runs for {@code d} (its own, or one it adopted in a rollback). */
  static boolean belongs(EcsState.Deployment d, EcsState.Task t) {
    return d.id.equals(t.deploymentId) || d.adopted.contains(t.deploymentId);
  }

  EcsState.Deployment start(EcsState.Service s, String taskDefinitionArn) {
    var now = clock.instant();
    var cluster = EcsNames.lastSegment(s.clusterArn);
    var sources = s.deployments.stream().map(d -> d.revisionArn).distinct().toList();
    var sd =
        new EcsState.ServiceDeployment(
            names.serviceDeployment(cluster, s.name),
            names.serviceRevision(cluster, s.name),
            sources,
            now,
            s.configuration);
    sd.threshold = CircuitBreaker.threshold(s.desiredCount);
    for (var old : s.deployments) {
      old.status = "ACTIVE";
      if (!ServiceScheduler.finished(old.serviceDeployment.status) && old.serviceDeployment != sd) {
        old.serviceDeployment.status = ServiceDeploymentStatus.STOPPED;
        old.serviceDeployment.statusReason = "Superseded by " + sd.arn;
        old.serviceDeployment.finishedAt = now;
      }
    }
    var d =
        new EcsState.Deployment(
            names.deploymentId(), taskDefinitionArn, sd.targetRevisionArn, now, sd);
    s.deployments.add(0, d);
    s.serviceDeployments.add(0, sd);
    events.deployment(
        s.arn,
        "SERVICE_DEPLOYMENT_IN_PROGRESS",
        d.id,
        now,
        "ECS deployment " + d.id + " in progress.");
    return d;
  }

  /** Completes the primary deployment once only its tasks run, all healthy, as many as desired. */
  void checkCompleted(EcsState.Service s, List<RollingUpdate.TaskView> views, int desired) {
    var primary = s.primary();
    if (primary.rolloutState != DeploymentRolloutState.IN_PROGRESS) {
      return;
    }
    var others = views.stream().filter(v -> !v.primary()).count();
    var healthy =
        views.stream().filter(v -> v.primary() && v.phase() == RollingUpdate.Phase.HEALTHY).count();
    var live =
        views.stream()
            .filter(v -> v.primary() && v.phase() != RollingUpdate.Phase.STOPPING)
            .count();
    if (others > 0 || healthy != desired || live != desired) {
      return;
    }
    var now = clock.instant();
    primary.rolloutState = DeploymentRolloutState.COMPLETED;
    primary.rolloutStateReason = "ECS deployment " + primary.id + " completed.";
    primary.updatedAt = now;
    s.deployments.removeIf(d -> d != primary);
    s.lastCompleted = primary;
    var sd = primary.serviceDeployment;
    sd.status =
        primary.rollback
            ? ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL
            : ServiceDeploymentStatus.SUCCESSFUL;
    sd.finishedAt = now;
    sd.updatedAt = now;
    events.deployment(
        s.arn, "SERVICE_DEPLOYMENT_COMPLETED", primary.id, now, primary.rolloutStateReason);
  }

  /** A task stopped without ever being healthy: counts toward its deployment's breaker. */
  void taskFailed(EcsState.Task task) {
    if (task.counted || task.serviceArn == null) {
      return;
    }
    task.counted = true;
    var s = state.services.get(task.serviceArn);
    if (s == null || s.deployments.isEmpty()) {
      return;
    }
    var d = s.primary();
    if (!belongs(d, task)) {
      return;
    }
    d.failedTasks++;
    d.updatedAt = clock.instant();
    // back off relaunching a failing task definition, as ECS throttles failing launches
    d.nextLaunchAt =
        clock.instant().plus(Duration.ofMillis(Math.min(10_000, 500L * d.failedTasks)));
    if (d.rolloutState != DeploymentRolloutState.IN_PROGRESS || d.rollback) {
      return;
    }
    var sd = d.serviceDeployment;
    sd.failureCount++;
    var cb = s.configuration.deploymentCircuitBreaker();
    if (cb != null && Boolean.TRUE.equals(cb.enable()) && sd.failureCount >= sd.threshold) {
      trip(s, d, Boolean.TRUE.equals(cb.rollback()));
    }
  }

  private void trip(EcsState.Service s, EcsState.Deployment failed, boolean rollback) {
    var now = clock.instant();
    var sd = failed.serviceDeployment;
    sd.breakerTriggered = true;
    sd.updatedAt = now;
    failed.rolloutState = DeploymentRolloutState.FAILED;
    failed.updatedAt = now;
    var reason = "ECS deployment circuit breaker: task failed to start.";
    var target = s.lastCompleted;
    if (!rollback || target == null) {
      failed.rolloutStateReason = reason;
      sd.status = ServiceDeploymentStatus.STOPPED;
      sd.statusReason = reason;
      sd.finishedAt = now;
      events.deployment(s.arn, "SERVICE_DEPLOYMENT_FAILED", failed.id, now, reason);
      return;
    }
    var back =
        new EcsState.Deployment(
            names.deploymentId(), target.taskDefinitionArn, target.revisionArn, now, sd);
    back.rollback = true;
    back.adopted.add(target.id);
    back.adopted.addAll(target.adopted);
    failed.status = "ACTIVE";
    failed.rolloutStateReason =
        "ECS deployment circuit breaker: rolling back to deploymentId " + back.id + ".";
    s.deployments.add(0, back);
    sd.status = ServiceDeploymentStatus.ROLLBACK_IN_PROGRESS;
    sd.rollbackStartedAt = now;
    sd.rollbackRevisionArn = target.revisionArn;
    sd.rollbackReason = "Circuit breaker triggered after " + sd.failureCount + " failed tasks";
    events.deployment(
        s.arn, "SERVICE_DEPLOYMENT_FAILED", failed.id, now, failed.rolloutStateReason);
    events.deployment(
        s.arn,
        "SERVICE_DEPLOYMENT_IN_PROGRESS",
        back.id,
        now,
        "ECS deployment " + back.id + " in progress.");
  }
}
