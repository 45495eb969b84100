package dev.slipway.localcloud.ecs;

import dev.slipway.localcloud.server.SnapshotFile;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import software.amazon.awssdk.services.ecs.model.*;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.DeregisterTargetsRequest;
import software.amazon.awssdk.services.elasticloadbalancingv2.model.TargetDescription;

/**
 * ECS for local mode: clusters, task definitions and services whose tasks are containers on the
 * local engine, with rolling updates, the deployment circuit breaker and load balancer targets. See
 * the package documentation for the differences from AWS.
 */
public final class EcsService implements AutoCloseable {
  private final EcsState state = new EcsState();
  private final EcsNames names;
  private final Clock clock;
  private final ExecutorService workers;
  private final Deployments deployments;
  private final TaskRunner runner;
  private final ServiceScheduler scheduler;
  private final EcsEvents events;
  private final EcsTasks tasks;
  private volatile SnapshotFile saved;

  /** ECS on {@code containers}, registering targets through {@code elb}; state in memory only. */
  public EcsService(
      TaskContainers containers, LoadBalancerTargets elb, SecretSource secrets, EventSink events) {
    this(containers, elb, secrets, events, null);
  }

  /**
   * ECS whose clusters, task definitions, services and deployments are saved to {@code saved} on
   * every change and restored from it here (after a restart, each service's tasks start again from
   * its deployments; a deployment that was in progress goes on under its id). Null: memory only.
   */
  public EcsService(
      TaskContainers containers,
      LoadBalancerTargets elb,
      SecretSource secrets,
      EventSink events,
      SnapshotFile saved) {
    this(containers, elb, secrets, events, saved, TaskLogs.NONE);
  }

  /**
   * ECS as above whose task containers that use the awslogs log driver have their output read
   * through {@code logs} (their embedded metric format lines become CloudWatch metrics), adopted
   * containers included.
   */
  public EcsService(
      TaskContainers containers,
      LoadBalancerTargets elb,
      SecretSource secrets,
      EventSink events,
      SnapshotFile saved,
      TaskLogs logs) {
    this(
        containers,
        elb,
        secrets,
        events,
        Clock.systemUTC(),
        EcsNames.randomHex(),
        Duration.ofMillis(500),
        "us-east-1",
        "000000000000",
        saved,
        logs);
  }

  EcsService(
      TaskContainers containers,
      LoadBalancerTargets elb,
      SecretSource secrets,
      EventSink sink,
      Clock clock,
      Supplier<String> hex,
      Duration tick,
      String region,
      String account,
      SnapshotFile saved) {
    this(containers, elb, secrets, sink, clock, hex, tick, region, account, saved, TaskLogs.NONE);
  }

  EcsService(
      TaskContainers containers,
      LoadBalancerTargets elb,
      SecretSource secrets,
      EventSink sink,
      Clock clock,
      Supplier<String> hex,
      Duration tick,
      String region,
      String account,
      SnapshotFile saved,
      TaskLogs logs) {
    restore(saved);
    adoptSurvivors(containers, elb, logs);
    this.names = new EcsNames(region, account, hex);
    this.clock = clock;
    this.events = new EcsEvents(sink);
    this.workers =
        Executors.newFixedThreadPool(
            4,
            r -> {
              var t = new Thread(r, "ecs-task-worker");
              t.setDaemon(true);
              return t;
            });
    this.deployments = new Deployments(state, names, events, clock);
    this.runner =
        new TaskRunner(
            state, containers, elb, secrets, events, workers, clock, deployments::taskFailed, logs);
    this.tasks = new EcsTasks(state, names, runner);
    this.scheduler =
        new ServiceScheduler(
            state, containers, elb, runner, deployments, names, clock, tick, this::save);
  }

  private void restore(SnapshotFile file) {
    if (file == null) {
      return;
    }
    synchronized (state) {
      file.read().ifPresent(text -> EcsSnapshot.restore(text, state));
      saved = file;
    }
  }

  /**
   * After a restart: keeps the restored tasks that were RUNNING and whose containers all still run
   * (they go on serving, their targets stay registered), forgets the others after deregistering
   * their targets (the scheduler replaces them), and removes every other task container a previous
   * run left. The adopted containers that use the awslogs driver have their output read again from
   * where the previous run stopped.
   */
  private void adoptSurvivors(TaskContainers containers, LoadBalancerTargets elb, TaskLogs logs) {
    var keep = new HashSet<String>();
    var awslogs = new java.util.LinkedHashMap<String, TaskLogs.Destination>();
    var orphaned = new ArrayList<EcsState.Registered>();
    synchronized (state) {
      var ids = new ArrayList<String>();
      state.tasks.values().forEach(t -> t.containers.values().forEach(c -> ids.add(c.runtimeId)));
      ids.removeIf(Objects::isNull);
      var observed =
          ids.isEmpty() ? Map.<String, TaskContainers.Observed>of() : containers.observe(ids);
      for (var t : List.copyOf(state.tasks.values())) {
        boolean alive =
            t.lastStatus.equals("RUNNING")
                && !t.stopRequested()
                && !t.containers.isEmpty()
                && t.containers.values().stream()
                    .allMatch(
                        c ->
                            c.runtimeId != null
                                && observed.containsKey(c.runtimeId)
                                && observed.get(c.runtimeId).running());
        if (alive) {
          t.containers.values().forEach(c -> keep.add(c.runtimeId));
          for (var def : t.taskDefinition.containerDefinitions()) {
            var c = t.containers.get(def.name());
            if (TaskLogs.awslogs(def) && c != null && c.runtimeId != null) {
              awslogs.put(c.runtimeId, TaskLogs.destination(def, t.arn, c.runtimeId));
            }
          }
        } else {
          orphaned.addAll(t.targets);
          state.tasks.remove(t.arn);
        }
      }
    }
    for (var r : orphaned) {
      try {
        elb.deregisterTargets(
            DeregisterTargetsRequest.builder()
                .targetGroupArn(r.targetGroupArn())
                .targets(TargetDescription.builder().id("127.0.0.1").port(r.port()).build())
                .build());
      } catch (RuntimeException gone) {
        // not registered (any more): nothing to deregister
      }
    }
    containers.removeLeftovers(keep);
    for (var followed : awslogs.entrySet()) {
      var id = followed.getKey();
      try {
        containers.logFile(id).ifPresent(f -> logs.follow(id, f, followed.getValue()));
      } catch (RuntimeException e) {
        System.err.println(
            "ecs: cannot read the output of container " + id + ": " + e.getMessage());
      }
    }
    if (!keep.isEmpty()) {
      System.out.println(
          "ecs: adopted "
              + state.tasks.size()
              + " running task(s) a previous run left; their containers keep serving");
    }
  }

  /** Saves the state if it is kept in a file; the caller holds the lock. */
  private void save() {
    var file = saved;
    if (file != null) {
      file.write(EcsSnapshot.write(state));
    }
  }

  public CreateClusterResponse createCluster(CreateClusterRequest r) {
    synchronized (state) {
      var name = r.clusterName() == null ? "default" : r.clusterName();
      var c = state.clusters.computeIfAbsent(name, n -> new EcsState.Cluster(names.cluster(n), n));
      save();
      return CreateClusterResponse.builder().cluster(cluster(c)).build();
    }
  }

  public DescribeClustersResponse describeClusters(DescribeClustersRequest r) {
    synchronized (state) {
      var out = new ArrayList<Cluster>();
      var failures = new ArrayList<Failure>();
      for (var ref : r.hasClusters() ? r.clusters() : java.util.List.of("default")) {
        var c = state.clusters.get(EcsNames.lastSegment(ref));
        if (c == null) {
          failures.add(Failure.builder().arn(ref).reason("MISSING").build());
        } else {
          out.add(cluster(c));
        }
      }
      return DescribeClustersResponse.builder().clusters(out).failures(failures).build();
    }
  }

  /** The clusters' ARNs, as the AWS CLI's {@code ecs list-clusters} and consoles ask first. */
  public software.amazon.awssdk.services.ecs.model.ListClustersResponse listClusters(
      software.amazon.awssdk.services.ecs.model.ListClustersRequest r) {
    synchronized (state) {
      return software.amazon.awssdk.services.ecs.model.ListClustersResponse.builder()
          .clusterArns(state.clusters.values().stream().map(EcsState.Cluster::arn).toList())
          .build();
    }
  }

  /** The ACTIVE services of the cluster ({@code default} when none is named). */
  public software.amazon.awssdk.services.ecs.model.ListServicesResponse listServices(
      software.amazon.awssdk.services.ecs.model.ListServicesRequest r) {
    synchronized (state) {
      var c = state.cluster(r.cluster());
      return software.amazon.awssdk.services.ecs.model.ListServicesResponse.builder()
          .serviceArns(
              state.services.values().stream()
                  .filter(s -> s.clusterArn.equals(c.arn()) && s.status.equals("ACTIVE"))
                  .map(s -> s.arn)
                  .toList())
          .build();
    }
  }

  /** Every task definition revision's ARN, optionally of one family ({@code familyPrefix}). */
  public software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse listTaskDefinitions(
      software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsRequest r) {
    synchronized (state) {
      var arns = new ArrayList<String>();
      state.taskDefinitions.forEach(
          (family, revisions) -> {
            if (r.familyPrefix() == null || family.equals(r.familyPrefix())) {
              revisions.forEach(td -> arns.add(td.taskDefinitionArn()));
            }
          });
      if ("DESC".equals(r.sortAsString())) {
        java.util.Collections.reverse(arns);
      }
      return software.amazon.awssdk.services.ecs.model.ListTaskDefinitionsResponse.builder()
          .taskDefinitionArns(arns)
          .build();
    }
  }

  /** The task definition families, optionally those starting with {@code familyPrefix}. */
  public software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse
      listTaskDefinitionFamilies(
          software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesRequest r) {
    synchronized (state) {
      return software.amazon.awssdk.services.ecs.model.ListTaskDefinitionFamiliesResponse.builder()
          .families(
              state.taskDefinitions.keySet().stream()
                  .filter(f -> r.familyPrefix() == null || f.startsWith(r.familyPrefix()))
                  .toList())
          .build();
    }
  }

  private Cluster cluster(EcsState.Cluster c) {
    var running =
        state.tasks.values().stream()
            .filter(t -> t.clusterArn.equals(c.arn()) && t.lastStatus.equals("RUNNING"))
            .count();
    var services =
        state.services.values().stream()
            .filter(s -> s.clusterArn.equals(c.arn()) && s.status.equals("ACTIVE"))
            .count();
    return Cluster.builder()
        .clusterArn(c.arn())
        .clusterName(c.name())
        .status("ACTIVE")
        .runningTasksCount((int) running)
        .activeServicesCount((int) services)
        .build();
  }

  public RegisterTaskDefinitionResponse registerTaskDefinition(RegisterTaskDefinitionRequest r) {
    synchronized (state) {
      var td = TaskDefinitions.register(state, names, r, clock.instant());
      save();
      return RegisterTaskDefinitionResponse.builder().taskDefinition(td).build();
    }
  }

  /**
   * A template's task definition: an ACTIVE revision registered with the same settings is returned
   * as it is (a redeploy, or a restart, of an unchanged template registers nothing).
   */
  TaskDefinition registerFromTemplate(RegisterTaskDefinitionRequest r) {
    synchronized (state) {
      return TaskDefinitions.identical(state, r)
          .orElseGet(() -> registerTaskDefinition(r).taskDefinition());
    }
  }

  public DescribeTaskDefinitionResponse describeTaskDefinition(DescribeTaskDefinitionRequest r) {
    synchronized (state) {
      return DescribeTaskDefinitionResponse.builder()
          .taskDefinition(TaskDefinitions.resolve(state, r.taskDefinition()))
          .build();
    }
  }

  public CreateServiceResponse createService(CreateServiceRequest r) {
    synchronized (state) {
      var c = cluster(r.cluster());
      var name = r.serviceName();
      if (name == null || !name.matches("[A-Za-z0-9_-]{1,255}")) {
        throw EcsErrors.invalidParameter("Service name '" + name + "' is invalid");
      }
      var arn = names.service(c.name(), name);
      var existing = state.services.get(arn);
      if (existing != null && existing.status.equals("ACTIVE")) {
        throw EcsErrors.invalidParameter("Creation of service was not idempotent: " + name);
      }
      var td = TaskDefinitions.resolve(state, r.taskDefinition());
      var s = new EcsState.Service(arn, name, c.arn(), r.loadBalancers(), clock.instant());
      s.desiredCount = r.desiredCount() == null ? 0 : r.desiredCount();
      s.configuration = ServiceSettings.configuration(null, r.deploymentConfiguration());
      s.healthCheckGracePeriodSeconds =
          r.healthCheckGracePeriodSeconds() == null ? 0 : r.healthCheckGracePeriodSeconds();
      ServiceSettings.validateLoadBalancers(r.loadBalancers(), td);
      state.services.put(arn, s);
      deployments.start(s, td.taskDefinitionArn());
      save();
      return CreateServiceResponse.builder()
          .service(EcsViews.service(s, state.tasks.values()))
          .build();
    }
  }

  /**
   * The template properties the service was last deployed from by a stack (null before the first
   * stack deploy that recorded them).
   */
  com.fasterxml.jackson.databind.JsonNode templateProperties(String cluster, String service) {
    synchronized (state) {
      return service(cluster, service).templateProperties;
    }
  }

  /** Records the template properties a stack deploy left the service with. */
  void rememberTemplateProperties(
      String cluster, String service, com.fasterxml.jackson.databind.JsonNode properties) {
    synchronized (state) {
      service(cluster, service).templateProperties = properties.deepCopy();
      save();
    }
  }

  public UpdateServiceResponse updateService(UpdateServiceRequest r) {
    synchronized (state) {
      var s = service(r.cluster(), r.service());
      if (!s.status.equals("ACTIVE")) {
        throw EcsErrors.serviceNotActive(r.service());
      }
      if (r.desiredCount() != null) {
        if (r.desiredCount() < 0) {
          throw EcsErrors.invalidParameter("desiredCount must be >= 0, got " + r.desiredCount());
        }
        s.desiredCount = r.desiredCount();
      }
      if (r.deploymentConfiguration() != null) {
        s.configuration =
            ServiceSettings.configuration(s.configuration, r.deploymentConfiguration());
      }
      if (r.healthCheckGracePeriodSeconds() != null) {
        s.healthCheckGracePeriodSeconds = r.healthCheckGracePeriodSeconds();
      }
      var current = s.primary().taskDefinitionArn;
      var td =
          r.taskDefinition() == null ? null : TaskDefinitions.resolve(state, r.taskDefinition());
      if (td != null) {
        ServiceSettings.validateLoadBalancers(s.loadBalancers, td);
      }
      if (td != null && !td.taskDefinitionArn().equals(current)
          || Boolean.TRUE.equals(r.forceNewDeployment())) {
        deployments.start(s, td == null ? current : td.taskDefinitionArn());
      }
      save();
      return UpdateServiceResponse.builder()
          .service(EcsViews.service(s, state.tasks.values()))
          .build();
    }
  }

  public DescribeServicesResponse describeServices(DescribeServicesRequest r) {
    synchronized (state) {
      var c = cluster(r.cluster());
      var out = new ArrayList<Service>();
      var failures = new ArrayList<Failure>();
      for (var ref : r.services()) {
        var s = state.services.get(names.service(c.name(), EcsNames.lastSegment(ref)));
        if (s == null) {
          failures.add(Failure.builder().arn(ref).reason("MISSING").build());
        } else {
          out.add(EcsViews.service(s, state.tasks.values()));
        }
      }
      return DescribeServicesResponse.builder().services(out).failures(failures).build();
    }
  }

  public DeleteServiceResponse deleteService(DeleteServiceRequest r) {
    synchronized (state) {
      var s = service(r.cluster(), r.service());
      if (s.desiredCount > 0 && !Boolean.TRUE.equals(r.force())) {
        throw EcsErrors.invalidParameter(
            "The service cannot be stopped while it is scaled above 0; set desiredCount to 0 or"
                + " use force");
      }
      s.status = "DRAINING";
      s.desiredCount = 0;
      save();
      return DeleteServiceResponse.builder()
          .service(EcsViews.service(s, state.tasks.values()))
          .build();
    }
  }

  public ListTasksResponse listTasks(ListTasksRequest r) {
    return tasks.list(r);
  }

  public DescribeTasksResponse describeTasks(DescribeTasksRequest r) {
    return tasks.describe(r);
  }

  public StopTaskResponse stopTask(StopTaskRequest r) {
    return tasks.stop(r);
  }

  public ListServiceDeploymentsResponse listServiceDeployments(ListServiceDeploymentsRequest r) {
    synchronized (state) {
      var s = service(r.cluster(), r.service());
      var out =
          s.serviceDeployments.stream()
              .filter(d -> !r.hasStatus() || r.status().contains(d.status))
              .map(d -> EcsViews.brief(s, d))
              .toList();
      return ListServiceDeploymentsResponse.builder().serviceDeployments(out).build();
    }
  }

  public DescribeServiceDeploymentsResponse describeServiceDeployments(
      DescribeServiceDeploymentsRequest r) {
    synchronized (state) {
      var out = new ArrayList<ServiceDeployment>();
      var failures = new ArrayList<Failure>();
      for (var arn : r.serviceDeploymentArns()) {
        var found = false;
        for (var s : state.services.values()) {
          for (var d : s.serviceDeployments) {
            if (d.arn.equals(arn)) {
              out.add(EcsViews.serviceDeployment(s, d, state.tasks.values()));
              found = true;
            }
          }
        }
        if (!found) {
          failures.add(Failure.builder().arn(arn).reason("MISSING").build());
        }
      }
      return DescribeServiceDeploymentsResponse.builder()
          .serviceDeployments(out)
          .failures(failures)
          .build();
    }
  }

  private EcsState.Cluster cluster(String ref) {
    return state.cluster(ref);
  }

  private EcsState.Service service(String clusterRef, String serviceRef) {
    var c = cluster(clusterRef);
    if (serviceRef == null) {
      throw EcsErrors.invalidParameter("A service is required");
    }
    var s = state.services.get(names.service(c.name(), EcsNames.lastSegment(serviceRef)));
    if (s == null) {
      throw EcsErrors.serviceNotFound(serviceRef);
    }
    return s;
  }

  /**
   * Stops scheduling without stopping the tasks or saving anything, as a kill of local mode's
   * process does: the containers live on for the next start to adopt.
   */
  void abandon() {
    saved = null;
    scheduler.close();
  }

  /** Stops the scheduler and every task container (SIGTERM, then SIGKILL after stopTimeout). */
  @Override
  public void close() {
    // shutting down is not a change of the services: the next start runs them again
    saved = null;
    scheduler.close();
    synchronized (state) {
      for (var s : state.services.values()) {
        s.desiredCount = 0;
        s.status = "DRAINING";
      }
      for (var t : state.tasks.values()) {
        runner.requestStop(
            t, "Local mode is shutting down", TaskStopCode.SERVICE_SCHEDULER_INITIATED);
      }
    }
    workers.shutdown();
    try {
      workers.awaitTermination(3, TimeUnit.MINUTES);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    events.close();
  }
}
