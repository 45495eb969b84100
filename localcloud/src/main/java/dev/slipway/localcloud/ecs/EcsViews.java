package dev.slipway.localcloud.ecs;

import java.util.ArrayList;
import java.util.Collection;
import software.amazon.awssdk.services.ecs.model.Container;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentController;
import software.amazon.awssdk.services.ecs.model.DeploymentControllerType;
import software.amazon.awssdk.services.ecs.model.LaunchType;
import software.amazon.awssdk.services.ecs.model.NetworkBinding;
import software.amazon.awssdk.services.ecs.model.Rollback;
import software.amazon.awssdk.services.ecs.model.SchedulingStrategy;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.ServiceDeployment;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentBrief;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentRollbackMonitorsStatus;
import software.amazon.awssdk.services.ecs.model.ServiceRevisionSummary;
import software.amazon.awssdk.services.ecs.model.Task;
import software.amazon.awssdk.services.ecs.model.TransportProtocol;

/** Local records as the SDK's response shapes. */
final class EcsViews {
  private EcsViews() {}

  static Task task(EcsState.Task t) {
    var containers = new ArrayList<Container>();
    for (var c : t.containers.values()) {
      var bindings = new ArrayList<NetworkBinding>();
      c.hostPorts.forEach(
          (container, host) ->
              bindings.add(
                  NetworkBinding.builder()
                      .bindIP("127.0.0.1")
                      .containerPort(container)
                      .hostPort(host)
                      .protocol(TransportProtocol.TCP)
                      .build()));
      containers.add(
          Container.builder()
              .containerArn(c.arn)
              .taskArn(t.arn)
              .name(c.name)
              .image(c.image)
              .imageDigest(digestOf(c.image))
              .runtimeId(c.runtimeId)
              .lastStatus(c.lastStatus)
              .exitCode(c.exitCode)
              .reason(c.reason)
              .healthStatus(c.healthStatus)
              .networkBindings(bindings)
              .build());
    }
    return Task.builder()
        .taskArn(t.arn)
        .clusterArn(t.clusterArn)
        .taskDefinitionArn(t.taskDefinition.taskDefinitionArn())
        .group(t.serviceArn == null ? "family:" + t.taskDefinition.family() : "service:" + name(t))
        .startedBy(t.deploymentId)
        .lastStatus(t.lastStatus)
        .desiredStatus(t.desiredStatus)
        .healthStatus(t.healthStatus)
        .createdAt(t.createdAt)
        .startedAt(t.startedAt)
        .stoppingAt(t.stoppingAt)
        .stoppedAt(t.stoppedAt)
        .stoppedReason(t.stoppedReason)
        .stopCode(t.stopCode)
        .launchType(LaunchType.FARGATE)
        .cpu(t.taskDefinition.cpu())
        .memory(t.taskDefinition.memory())
        .version(t.version)
        .containers(containers)
        .build();
  }

  private static String name(EcsState.Task t) {
    return EcsNames.lastSegment(t.serviceArn);
  }

  static String digestOf(String image) {
    var at = image.indexOf("@sha256:");
    return at < 0 ? null : image.substring(at + 1);
  }

  /** The newest deployment a task runs for (a rollback adopts older deployments' tasks). */
  static EcsState.Deployment owner(EcsState.Service s, EcsState.Task t) {
    for (var d : s.deployments) {
      if (Deployments.belongs(d, t)) {
        return d;
      }
    }
    return null;
  }

  static Service service(EcsState.Service s, Collection<EcsState.Task> tasks) {
    var deployments = new ArrayList<Deployment>();
    var running = 0;
    var pending = 0;
    for (var d : s.deployments) {
      var dRunning = 0;
      var dPending = 0;
      for (var t : tasks) {
        if (owner(s, t) == d && !t.stopRequested()) {
          if (t.lastStatus.equals("RUNNING")) {
            dRunning++;
          } else {
            dPending++;
          }
        }
      }
      running += dRunning;
      pending += dPending;
      deployments.add(
          Deployment.builder()
              .id(d.id)
              .status(d.status)
              .taskDefinition(d.taskDefinitionArn)
              .desiredCount(d.status.equals("PRIMARY") ? s.desiredCount : dRunning + dPending)
              .runningCount(dRunning)
              .pendingCount(dPending)
              .failedTasks(d.failedTasks)
              .createdAt(d.createdAt)
              .updatedAt(d.updatedAt)
              .launchType(LaunchType.FARGATE)
              .rolloutState(d.rolloutState)
              .rolloutStateReason(d.rolloutStateReason)
              .build());
    }
    var primary = s.deployments.isEmpty() ? null : s.primary();
    return Service.builder()
        .serviceArn(s.arn)
        .serviceName(s.name)
        .clusterArn(s.clusterArn)
        .loadBalancers(s.loadBalancers)
        .status(s.status)
        .desiredCount(s.desiredCount)
        .runningCount(running)
        .pendingCount(pending)
        .launchType(LaunchType.FARGATE)
        .taskDefinition(primary == null ? null : primary.taskDefinitionArn)
        .deploymentConfiguration(s.configuration)
        .deployments(deployments)
        .createdAt(s.createdAt)
        .healthCheckGracePeriodSeconds(s.healthCheckGracePeriodSeconds)
        .schedulingStrategy(SchedulingStrategy.REPLICA)
        .deploymentController(
            DeploymentController.builder().type(DeploymentControllerType.ECS).build())
        .currentServiceDeployment(primary == null ? null : primary.serviceDeployment.arn)
        .build();
  }

  static ServiceDeployment serviceDeployment(
      EcsState.Service s, EcsState.ServiceDeployment d, Collection<EcsState.Task> tasks) {
    var b =
        ServiceDeployment.builder()
            .serviceDeploymentArn(d.arn)
            .serviceArn(s.arn)
            .clusterArn(s.clusterArn)
            .createdAt(d.createdAt)
            .startedAt(d.createdAt)
            .finishedAt(d.finishedAt)
            .updatedAt(d.updatedAt)
            .status(d.status)
            .statusReason(d.statusReason)
            .deploymentConfiguration(d.configuration)
            .targetServiceRevision(revision(d.targetRevisionArn, s, tasks))
            .sourceServiceRevisions(
                d.sourceRevisionArns.stream().map(a -> revision(a, s, tasks)).toList());
    var cb = d.configuration.deploymentCircuitBreaker();
    b.deploymentCircuitBreaker(
        ServiceDeploymentCircuitBreaker.builder()
            .status(
                cb == null || !Boolean.TRUE.equals(cb.enable())
                    ? ServiceDeploymentRollbackMonitorsStatus.DISABLED
                    : d.breakerTriggered
                        ? ServiceDeploymentRollbackMonitorsStatus.TRIGGERED
                        : d.finishedAt == null
                            ? ServiceDeploymentRollbackMonitorsStatus.MONITORING
                            : ServiceDeploymentRollbackMonitorsStatus.MONITORING_COMPLETE)
            .failureCount(d.failureCount)
            .threshold(d.threshold)
            .build());
    if (d.rollbackStartedAt != null) {
      b.rollback(
          Rollback.builder()
              .reason(d.rollbackReason)
              .startedAt(d.rollbackStartedAt)
              .serviceRevisionArn(d.rollbackRevisionArn)
              .build());
    }
    return b.build();
  }

  static ServiceDeploymentBrief brief(EcsState.Service s, EcsState.ServiceDeployment d) {
    return ServiceDeploymentBrief.builder()
        .serviceDeploymentArn(d.arn)
        .serviceArn(s.arn)
        .clusterArn(s.clusterArn)
        .createdAt(d.createdAt)
        .startedAt(d.createdAt)
        .finishedAt(d.finishedAt)
        .targetServiceRevisionArn(d.targetRevisionArn)
        .status(d.status)
        .statusReason(d.statusReason)
        .build();
  }

  private static ServiceRevisionSummary revision(
      String revisionArn, EcsState.Service s, Collection<EcsState.Task> tasks) {
    var deployment =
        s.deployments.stream().filter(x -> x.revisionArn.equals(revisionArn)).findFirst();
    var running = 0;
    var pending = 0;
    for (var t : tasks) {
      if (deployment.isPresent() && owner(s, t) == deployment.get() && !t.stopRequested()) {
        if (t.lastStatus.equals("RUNNING")) {
          running++;
        } else {
          pending++;
        }
      }
    }
    return ServiceRevisionSummary.builder()
        .arn(revisionArn)
        .runningTaskCount(running)
        .pendingTaskCount(pending)
        .requestedTaskCount(
            deployment.map(x -> x.status.equals("PRIMARY") ? s.desiredCount : 0).orElse(0))
        .build();
  }
}
