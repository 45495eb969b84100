package dev.slipway.localcloud.ecs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * The ECS service scheduler: every tick it notices dead containers, runs due container health
 * checks, reads target health, and moves each service one {@link RollingUpdate} step towards its
 * desired count on its primary deployment; {@link Deployments} decides completion and the circuit
 * breaker.
 */
final class ServiceScheduler implements AutoCloseable {
  private final EcsState state;
  private final TaskContainers containers;
  private final LoadBalancerTargets elb;
  private final TaskRunner runner;
  private final Deployments deployments;
  private final EcsNames names;
  private final Clock clock;
  private final ScheduledExecutorService ticker;
  private final Runnable checkpoint;

  /** {@code checkpoint} runs under the state lock after every step (it saves the state). */
  ServiceScheduler(
      EcsState state,
      TaskContainers containers,
      LoadBalancerTargets elb,
      TaskRunner runner,
      Deployments deployments,
      EcsNames names,
      Clock clock,
      Duration tick,
      Runnable checkpoint) {
    this.state = state;
    this.checkpoint = checkpoint;
    this.containers = containers;
    this.elb = elb;
    this.runner = runner;
    this.deployments = deployments;
    this.names = names;
    this.clock = clock;
    this.ticker =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              var t = new Thread(r, "ecs-scheduler");
              t.setDaemon(true);
              return t;
            });
    ticker.scheduleWithFixedDelay(
        this::tickSafely, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void tickSafely() {
    try {
      tick();
    } catch (RuntimeException e) {
      System.err.println("ecs: scheduler step failed: " + e);
    }
  }

  void tick() {
    var watched = new HashMap<String, EcsState.Task>();
    var groups = new ArrayList<String>();
    synchronized (state) {
      for (var t : state.tasks.values()) {
        if (t.lastStatus.equals("RUNNING") && !t.stopRequested()) {
          t.containers.values().stream()
              .filter(c -> c.runtimeId != null)
              .forEach(c -> watched.put(c.runtimeId, t));
          t.targets.forEach(r -> groups.add(r.targetGroupArn()));
        }
      }
    }
    var observed = containers.observe(watched.keySet());
    var health = targetHealth(groups.stream().distinct().toList());
    synchronized (state) {
      noticeExits(watched, observed);
      runDueChecks();
      for (var s : List.copyOf(state.services.values())) {
        reconcile(s, health);
      }
      prune();
      checkpoint.run();
    }
  }

  private Map<String, TargetHealthStateEnum> targetHealth(List<String> targetGroups) {
    var out = new HashMap<String, TargetHealthStateEnum>();
    for (var tg : targetGroups) {
      try {
        var r =
            elb.describeTargetHealth(
                DescribeTargetHealthRequest.builder().targetGroupArn(tg).build());
        for (var d : r.targetHealthDescriptions()) {
          out.put(tg + "|" + d.target().port(), d.targetHealth().state());
        }
      } catch (RuntimeException e) {
        System.err.println("ecs: target health of " + tg + " unavailable: " + e.getMessage());
      }
    }
    return out;
  }

  private void noticeExits(
      Map<String, EcsState.Task> watched, Map<String, TaskContainers.Observed> observed) {
    for (var e : watched.entrySet()) {
      var task = e.getValue();
      var o = observed.get(e.getKey());
      if (task.stopRequested() || o != null && o.running()) {
        continue;
      }
      for (var c : task.containers.values()) {
        if (e.getKey().equals(c.runtimeId)) {
          c.lastStatus = "STOPPED";
          c.exitCode = o == null ? null : o.exitCode();
          c.reason = o == null ? "Container disappeared" : null;
        }
      }
      runner.requestStop(
          task, "Essential container in task exited", TaskStopCode.ESSENTIAL_CONTAINER_EXITED);
    }
  }

  private void runDueChecks() {
    var now = clock.instant();
    for (var t : state.tasks.values()) {
      if (!t.lastStatus.equals("RUNNING") || t.stopRequested()) {
        continue;
      }
      for (var def : t.taskDefinition.containerDefinitions()) {
        var c = t.containers.get(def.name());
        if (def.healthCheck() == null || c.runtimeId == null || c.checking) {
          continue;
        }
        if (c.nextCheckAt == null || !now.isBefore(c.nextCheckAt)) {
          var interval = def.healthCheck().interval() == null ? 30 : def.healthCheck().interval();
          c.nextCheckAt = now.plusSeconds(interval);
          runner.check(t, c, def);
        }
      }
    }
  }

  private void reconcile(EcsState.Service s, Map<String, TargetHealthStateEnum> health) {
    if (s.deployments.isEmpty()) {
      return;
    }
    var primary = s.primary();
    var views = new ArrayList<RollingUpdate.TaskView>();
    for (var t : tasksOf(s)) {
      var phase = phase(t, s, health);
      views.add(new RollingUpdate.TaskView(t.arn, Deployments.belongs(primary, t), phase));
    }
    var desired = s.status.equals("ACTIVE") ? s.desiredCount : 0;
    var cfg = s.configuration;
    var plan =
        RollingUpdate.plan(desired, cfg.minimumHealthyPercent(), cfg.maximumPercent(), views);
    for (var id : plan.stop()) {
      var t = state.tasks.get(id);
      var unhealthy =
          views.stream()
              .anyMatch(v -> v.id().equals(id) && v.phase() == RollingUpdate.Phase.UNHEALTHY);
      runner.requestStop(
          t,
          unhealthy
              ? "Task failed health checks"
              : "Scaling activity initiated by (deployment " + primary.id + ")",
          TaskStopCode.SERVICE_SCHEDULER_INITIATED);
    }
    var launchable =
        primary.rolloutState != DeploymentRolloutState.FAILED
            && (primary.nextLaunchAt == null || !clock.instant().isBefore(primary.nextLaunchAt));
    for (int i = 0; launchable && i < plan.start(); i++) {
      launch(s, primary);
    }
    deployments.checkCompleted(s, views, desired);
    if (!s.status.equals("ACTIVE") && tasksOf(s).isEmpty()) {
      s.status = "INACTIVE";
    }
  }

  private RollingUpdate.Phase phase(
      EcsState.Task t, EcsState.Service s, Map<String, TargetHealthStateEnum> health) {
    if (t.stopRequested()) {
      return RollingUpdate.Phase.STOPPING;
    }
    if (!t.lastStatus.equals("RUNNING")) {
      return RollingUpdate.Phase.STARTING;
    }
    if (t.healthStatus == HealthStatus.UNHEALTHY) {
      return RollingUpdate.Phase.UNHEALTHY;
    }
    var checked =
        t.taskDefinition.containerDefinitions().stream().anyMatch(d -> d.healthCheck() != null);
    var containersOk = !checked || t.healthStatus == HealthStatus.HEALTHY;
    var lbOk = true;
    var lbBad = false;
    var graceOver =
        t.startedAt != null
            && !clock.instant().isBefore(t.startedAt.plusSeconds(s.healthCheckGracePeriodSeconds));
    for (var r : t.targets) {
      var h = health.get(r.targetGroupArn() + "|" + r.port());
      lbOk &= h == TargetHealthStateEnum.HEALTHY;
      lbBad |= h == TargetHealthStateEnum.UNHEALTHY && graceOver;
    }
    if (lbBad) {
      return RollingUpdate.Phase.UNHEALTHY;
    }
    if (containersOk && lbOk) {
      if (!t.everHealthy) {
        t.everHealthy = true;
        t.healthyAt = clock.instant();
      }
      return RollingUpdate.Phase.HEALTHY;
    }
    return RollingUpdate.Phase.STARTING;
  }

  List<EcsState.Task> tasksOf(EcsState.Service s) {
    var out = new ArrayList<EcsState.Task>();
    for (var t : state.tasks.values()) {
      if (s.arn.equals(t.serviceArn) && !t.lastStatus.equals("STOPPED")) {
        out.add(t);
      }
    }
    return out;
  }

  private void launch(EcsState.Service s, EcsState.Deployment d) {
    var td = TaskDefinitions.byArn(state, d.taskDefinitionArn);
    var cluster = EcsNames.lastSegment(s.clusterArn);
    var t = new EcsState.Task(names.task(cluster), s.clusterArn, s.arn, d.id, td, clock.instant());
    for (var def : td.containerDefinitions()) {
      t.containers.put(
          def.name(),
          new EcsState.TaskContainer(def.name(), names.container(cluster, t.id()), def.image()));
    }
    state.tasks.put(t.arn, t);
    runner.launch(t, s);
  }

  /** Keeps the most recent 200 stopped tasks for DescribeTasks, as ECS keeps them for a while. */
  private void prune() {
    var stopped =
        state.tasks.values().stream().filter(t -> t.lastStatus.equals("STOPPED")).toList();
    for (int i = 0; i < stopped.size() - 200; i++) {
      state.tasks.remove(stopped.get(i).arn);
    }
  }

  static boolean finished(ServiceDeploymentStatus s) {
    return s == ServiceDeploymentStatus.SUCCESSFUL
        || s == ServiceDeploymentStatus.ROLLBACK_SUCCESSFUL
        || s == ServiceDeploymentStatus.STOPPED;
  }

  @Override
  public void close() {
    ticker.shutdownNow();
    try {
      ticker.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
