package dev.slipway.localcloud.ecs;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.PortMapping;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetGroupAttributesRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DescribeTargetHealthRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.RegisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetHealthStateEnum;

/**
 * Runs one task's life on the container engine: PROVISIONING (secrets) → PENDING (pull, start) →
 * ACTIVATING (register targets) → RUNNING, and on stop DEACTIVATING (deregister, wait for the
 * drain) → STOPPING (SIGTERM, stopTimeout, SIGKILL) → STOPPED. Slow steps run on the worker pool;
 * state changes happen under the state lock and each emits a Task State Change event.
 */
final class TaskRunner {
  static final String TASK_LABEL = "dev.slipway.localcloud.ecs.task";

  private final EcsState state;
  private final TaskContainers containers;
  private final LoadBalancerTargets elb;
  private final SecretSource secrets;
  private final EcsEvents events;
  private final ExecutorService workers;
  private final Clock clock;
  private final TaskFailures failures;
  private final TaskLogs logs;

  TaskRunner(
      EcsState state,
      TaskContainers containers,
      LoadBalancerTargets elb,
      SecretSource secrets,
      EcsEvents events,
      ExecutorService workers,
      Clock clock,
      TaskFailures failures,
      TaskLogs logs) {
    this.state = state;
    this.containers = containers;
    this.elb = elb;
    this.secrets = secrets;
    this.events = events;
    this.workers = workers;
    this.clock = clock;
    this.failures = failures;
    this.logs = logs;
  }

  /** Called when a task stops without ever having been healthy. */
  interface TaskFailures {
    void failed(EcsState.Task task);
  }

  /** Starts the task's life; the caller holds the lock and has put the task in the state. */
  void launch(EcsState.Task task, EcsState.Service service) {
    events.task(task, clock.instant());
    workers.execute(() -> run(task, service));
  }

  private void run(EcsState.Task task, EcsState.Service service) {
    var stage = "ResourceInitializationError: unable to pull secrets";
    try {
      var launches = new ArrayList<TaskContainers.Launch>();
      for (var def : task.taskDefinition.containerDefinitions()) {
        launches.add(launchOf(task, def, TaskSecrets.resolve(def.secrets(), secrets)));
      }
      transition(task, "PENDING");
      stage = "CannotStartContainerError";
      for (var l : launches) {
        var started = containers.start(l);
        synchronized (state) {
          var c = task.containers.get(containerName(l));
          c.runtimeId = started.id();
          c.hostPorts = started.hostPorts();
          c.lastStatus = "RUNNING";
        }
        followLogs(task, containerName(l), started.id());
      }
      if (service != null && service.loadBalancers != null && !service.loadBalancers.isEmpty()) {
        transition(task, "ACTIVATING");
        stage = "ELB registration failed";
        register(task, service);
      }
      synchronized (state) {
        task.startedAt = clock.instant();
      }
      transition(task, "RUNNING");
    } catch (RuntimeException e) {
      var reason = stage + ": " + e.getMessage();
      synchronized (state) {
        if (!task.stopRequested()) {
          task.desiredStatus = "STOPPED";
          task.stoppingAt = clock.instant();
          task.stoppedReason = reason.length() > 255 ? reason.substring(0, 255) : reason;
          task.stopCode = TaskStopCode.TASK_FAILED_TO_START;
        }
      }
    }
    if (stopRequestedWhileLaunching(task)) {
      stopNow(task);
    }
  }

  /**
   * Has the output of a container whose definition uses the awslogs driver read as CloudWatch Logs
   * events (their embedded metric format lines become metrics). A container whose log file cannot
   * be found still runs, as a task on AWS runs when its metrics are invalid.
   */
  void followLogs(EcsState.Task task, String containerName, String runtimeId) {
    var def =
        task.taskDefinition.containerDefinitions().stream()
            .filter(d -> d.name().equals(containerName))
            .findFirst()
            .orElse(null);
    if (!TaskLogs.awslogs(def)) {
      return;
    }
    try {
      var to = TaskLogs.destination(def, task.arn, runtimeId);
      containers.logFile(runtimeId).ifPresent(f -> logs.follow(runtimeId, f, to));
    } catch (RuntimeException e) {
      System.err.println(
          "ecs: cannot read the output of container " + runtimeId + ": " + e.getMessage());
    }
  }

  private boolean stopRequestedWhileLaunching(EcsState.Task task) {
    synchronized (state) {
      return task.stopRequested() && !task.lastStatus.equals("STOPPED");
    }
  }

  private static String containerName(TaskContainers.Launch l) {
    return l.labels().get("dev.slipway.localcloud.ecs.container");
  }

  private TaskContainers.Launch launchOf(
      EcsState.Task task, ContainerDefinition def, Map<String, String> secretValues) {
    var env = new LinkedHashMap<String, String>();
    for (KeyValuePair kv : def.environment()) {
      env.put(kv.name(), kv.value());
    }
    var ports = def.portMappings().stream().map(PortMapping::containerPort).toList();
    var command = new ArrayList<String>();
    command.addAll(def.command());
    return new TaskContainers.Launch(
        "ecs-" + EcsNames.lastSegment(task.clusterArn) + "-" + def.name() + "-" + task.id(),
        def.image(),
        env,
        secretValues,
        ports,
        def.entryPoint(),
        command,
        stopTimeout(def),
        Map.of(TASK_LABEL, task.arn, "dev.slipway.localcloud.ecs.container", def.name()));
  }

  /** ECS's default stopTimeout on Fargate is 30 seconds; the maximum is 120. */
  static Duration stopTimeout(ContainerDefinition def) {
    return Duration.ofSeconds(def.stopTimeout() == null ? 30 : Math.min(120, def.stopTimeout()));
  }

  private void register(EcsState.Task task, EcsState.Service service) {
    for (var lb : service.loadBalancers) {
      int hostPort;
      synchronized (state) {
        var c = task.containers.get(lb.containerName());
        if (c == null || !c.hostPorts.containsKey(lb.containerPort())) {
          throw EcsErrors.invalidParameter(
              "Load balancer container "
                  + lb.containerName()
                  + ":"
                  + lb.containerPort()
                  + " is not a port mapping of the task definition");
        }
        hostPort = c.hostPorts.get(lb.containerPort());
      }
      elb.registerTargets(
          RegisterTargetsRequest.builder()
              .targetGroupArn(lb.targetGroupArn())
              .targets(TargetDescription.builder().id("127.0.0.1").port(hostPort).build())
              .build());
      synchronized (state) {
        task.targets.add(new EcsState.Registered(lb.targetGroupArn(), hostPort));
      }
    }
  }

  /** Marks the task to stop and stops it on the pool; the caller holds the lock. */
  void requestStop(EcsState.Task task, String reason, TaskStopCode code) {
    if (task.stopRequested()) {
      return;
    }
    task.desiredStatus = "STOPPED";
    task.stoppingAt = clock.instant();
    task.stoppedReason = reason;
    task.stopCode = code;
    task.version++;
    events.task(task, clock.instant());
    // a task still launching is stopped by its launch job when that ends
    if (task.lastStatus.equals("RUNNING")) {
      workers.execute(() -> stopNow(task));
    }
  }

  private void stopNow(EcsState.Task task) {
    List<EcsState.Registered> targets;
    synchronized (state) {
      // the launch job and requestStop may both get here for a task stopped as it came up
      if (task.stopClaimed) {
        return;
      }
      task.stopClaimed = true;
      targets = List.copyOf(task.targets);
    }
    try {
      if (!targets.isEmpty()) {
        transition(task, "DEACTIVATING");
        deregister(targets);
      }
    } catch (RuntimeException e) {
      System.err.println("ecs: deregistering " + task.arn + " failed: " + e.getMessage());
    }
    transition(task, "STOPPING");
    List<EcsState.TaskContainer> list;
    synchronized (state) {
      list = List.copyOf(task.containers.values());
    }
    for (var c : list) {
      if (c.runtimeId == null) {
        continue;
      }
      var def =
          task.taskDefinition.containerDefinitions().stream()
              .filter(d -> d.name().equals(c.name))
              .findFirst()
              .orElseThrow();
      try {
        var exit = containers.stop(c.runtimeId, stopTimeout(def));
        synchronized (state) {
          if (c.exitCode == null) {
            c.exitCode = exit.orElse(null);
          }
        }
        finishLogs(c.runtimeId);
        containers.remove(c.runtimeId);
      } catch (RuntimeException e) {
        System.err.println("ecs: stopping container " + c.runtimeId + " failed: " + e.getMessage());
      }
    }
    synchronized (state) {
      for (var c : task.containers.values()) {
        c.lastStatus = "STOPPED";
      }
      task.stoppedAt = clock.instant();
      if (!task.everHealthy) {
        failures.failed(task);
      }
    }
    transition(task, "STOPPED");
  }

  private void finishLogs(String runtimeId) {
    try {
      logs.finish(runtimeId);
    } catch (RuntimeException e) {
      System.err.println(
          "ecs: reading the last output of container " + runtimeId + " failed: " + e.getMessage());
    }
  }

  /** Deregisters and waits until ELB finished draining (at most the delay plus a margin). */
  private void deregister(List<EcsState.Registered> targets) {
    var waitUntil = clock.instant();
    for (var t : targets) {
      elb.deregisterTargets(
          DeregisterTargetsRequest.builder()
              .targetGroupArn(t.targetGroupArn())
              .targets(TargetDescription.builder().id("127.0.0.1").port(t.port()).build())
              .build());
      var delay =
          elb
              .describeTargetGroupAttributes(
                  DescribeTargetGroupAttributesRequest.builder()
                      .targetGroupArn(t.targetGroupArn())
                      .build())
              .attributes()
              .stream()
              .filter(a -> a.key().equals("deregistration_delay.timeout_seconds"))
              .map(a -> Integer.parseInt(a.value()))
              .findFirst()
              .orElse(300);
      var until = clock.instant().plusSeconds(delay + 5L);
      waitUntil = until.isAfter(waitUntil) ? until : waitUntil;
    }
    for (var t : targets) {
      while (clock.instant().isBefore(waitUntil) && draining(t)) {
        pause(Duration.ofMillis(200));
      }
    }
  }

  private boolean draining(EcsState.Registered t) {
    var health =
        elb.describeTargetHealth(
            DescribeTargetHealthRequest.builder()
                .targetGroupArn(t.targetGroupArn())
                .targets(TargetDescription.builder().id("127.0.0.1").port(t.port()).build())
                .build());
    return health.targetHealthDescriptions().stream()
        .anyMatch(d -> d.targetHealth().state() == TargetHealthStateEnum.DRAINING);
  }

  /** Runs a container health check on the pool and records the result. */
  void check(EcsState.Task task, EcsState.TaskContainer c, ContainerDefinition def) {
    var hc = def.healthCheck();
    var cmd = new ArrayList<>(hc.command());
    var kind = cmd.isEmpty() ? "" : cmd.remove(0);
    List<String> exec =
        kind.equals("CMD-SHELL") ? List.of("/bin/sh", "-c", String.join(" ", cmd)) : cmd;
    var timeout = Duration.ofSeconds(hc.timeout() == null ? 5 : hc.timeout());
    c.checking = true;
    workers.execute(
        () -> {
          var ok = false;
          try {
            ok = containers.check(c.runtimeId, exec, timeout);
          } catch (RuntimeException e) {
            ok = false;
          }
          synchronized (state) {
            c.checking = false;
            recordCheck(task, c, hc, ok);
          }
        });
  }

  private void recordCheck(
      EcsState.Task task,
      EcsState.TaskContainer c,
      software.amazon.awssdk.services.ecs.model.HealthCheck hc,
      boolean ok) {
    var inStartPeriod =
        task.startedAt != null
            && clock
                .instant()
                .isBefore(
                    task.startedAt.plusSeconds(hc.startPeriod() == null ? 0 : hc.startPeriod()));
    if (ok) {
      c.consecutiveCheckFailures = 0;
      c.healthStatus = HealthStatus.HEALTHY;
    } else if (!inStartPeriod
        && ++c.consecutiveCheckFailures >= (hc.retries() == null ? 3 : hc.retries())) {
      c.healthStatus = HealthStatus.UNHEALTHY;
    }
    var before = task.healthStatus;
    task.healthStatus = aggregate(task);
    if (before != task.healthStatus) {
      task.version++;
      events.task(task, clock.instant());
    }
  }

  /** A task is as healthy as its least healthy container that has a health check. */
  static HealthStatus aggregate(EcsState.Task task) {
    var result = HealthStatus.UNKNOWN;
    for (var def : task.taskDefinition.containerDefinitions()) {
      if (def.healthCheck() == null || Boolean.FALSE.equals(def.essential())) {
        continue;
      }
      var s = task.containers.get(def.name()).healthStatus;
      if (s == HealthStatus.UNHEALTHY) {
        return s;
      }
      if (s == HealthStatus.UNKNOWN) {
        return HealthStatus.UNKNOWN;
      }
      result = HealthStatus.HEALTHY;
    }
    return result;
  }

  private void transition(EcsState.Task task, String status) {
    synchronized (state) {
      task.lastStatus = status;
      task.version++;
      events.task(task, clock.instant());
    }
  }

  private static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
