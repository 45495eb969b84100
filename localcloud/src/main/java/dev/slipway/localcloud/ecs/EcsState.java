package dev.slipway.localcloud.ecs;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskStopCode;

/** Everything ECS knows: clusters, task definitions, services, their deployments, and tasks. */
final class EcsState {

  /** A cluster. */
  record Cluster(String arn, String name) {}

  /** A service; its deployments newest first (the first is PRIMARY). */
  static final class Service {
    final String arn;
    final String name;
    final String clusterArn;
    final List<LoadBalancer> loadBalancers;
    final Instant createdAt;
    int desiredCount;
    DeploymentConfiguration configuration;
    int healthCheckGracePeriodSeconds;
    String status = "ACTIVE";
    final List<Deployment> deployments = new ArrayList<>();
    final List<ServiceDeployment> serviceDeployments = new ArrayList<>();
    Deployment lastCompleted;

    /**
     * The resolved template properties the service was last deployed from by a stack, or null:
     * CloudFormation updates a service only when they change.
     */
    com.fasterxml.jackson.databind.JsonNode templateProperties;

    Service(
        String arn,
        String name,
        String clusterArn,
        List<LoadBalancer> loadBalancers,
        Instant createdAt) {
      this.arn = arn;
      this.name = name;
      this.clusterArn = clusterArn;
      this.loadBalancers = List.copyOf(loadBalancers);
      this.createdAt = createdAt;
    }

    Deployment primary() {
      return deployments.get(0);
    }
  }

  /** A deployment in DescribeServices' sense: one task definition the service runs tasks of. */
  static final class Deployment {
    final String id;
    final String taskDefinitionArn;
    final String revisionArn;
    final Instant createdAt;
    final ServiceDeployment serviceDeployment;
    String status = "PRIMARY";
    DeploymentRolloutState rolloutState = DeploymentRolloutState.IN_PROGRESS;
    String rolloutStateReason = "ECS deployment " + "in progress.";
    Instant updatedAt;
    int failedTasks;
    Instant nextLaunchAt;
    boolean rollback;

    /** Deployments whose tasks count as this one's (a rollback adopts the tasks it returns to). */
    final java.util.Set<String> adopted = new java.util.HashSet<>();

    Deployment(
        String id,
        String taskDefinitionArn,
        String revisionArn,
        Instant createdAt,
        ServiceDeployment serviceDeployment) {
      this.id = id;
      this.taskDefinitionArn = taskDefinitionArn;
      this.revisionArn = revisionArn;
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.serviceDeployment = serviceDeployment;
    }
  }

  /** A service deployment in ListServiceDeployments' sense: one CreateService or UpdateService. */
  static final class ServiceDeployment {
    final String arn;
    final String targetRevisionArn;
    final List<String> sourceRevisionArns;
    final Instant createdAt;
    final DeploymentConfiguration configuration;
    ServiceDeploymentStatus status = ServiceDeploymentStatus.IN_PROGRESS;
    String statusReason;
    Instant finishedAt;
    Instant updatedAt;
    int failureCount;
    int threshold;
    boolean breakerTriggered;
    String rollbackReason;
    Instant rollbackStartedAt;
    String rollbackRevisionArn;

    ServiceDeployment(
        String arn,
        String targetRevisionArn,
        List<String> sourceRevisionArns,
        Instant createdAt,
        DeploymentConfiguration configuration) {
      this.arn = arn;
      this.targetRevisionArn = targetRevisionArn;
      this.sourceRevisionArns = List.copyOf(sourceRevisionArns);
      this.createdAt = createdAt;
      this.updatedAt = createdAt;
      this.configuration = configuration;
    }
  }

  /** A task: one container per container definition. */
  static final class Task {
    final String arn;
    final String clusterArn;
    final String serviceArn;
    final String deploymentId;
    final TaskDefinition taskDefinition;
    final Instant createdAt;
    String lastStatus = "PROVISIONING";
    String desiredStatus = "RUNNING";
    HealthStatus healthStatus = HealthStatus.UNKNOWN;
    Instant startedAt;
    Instant healthyAt;
    Instant stoppingAt;
    Instant stoppedAt;
    String stoppedReason;
    TaskStopCode stopCode;
    long version = 1;
    boolean everHealthy;
    boolean counted;
    boolean stopClaimed;
    final Map<String, TaskContainer> containers = new LinkedHashMap<>();
    final List<Registered> targets = new ArrayList<>();

    Task(
        String arn,
        String clusterArn,
        String serviceArn,
        String deploymentId,
        TaskDefinition taskDefinition,
        Instant createdAt) {
      this.arn = arn;
      this.clusterArn = clusterArn;
      this.serviceArn = serviceArn;
      this.deploymentId = deploymentId;
      this.taskDefinition = taskDefinition;
      this.createdAt = createdAt;
    }

    String id() {
      return arn.substring(arn.lastIndexOf('/') + 1);
    }

    boolean stopRequested() {
      return desiredStatus.equals("STOPPED");
    }
  }

  /** A load balancer target this task registered (127.0.0.1:port in the group). */
  record Registered(String targetGroupArn, int port) {}

  /** One container of a task. */
  static final class TaskContainer {
    final String name;
    final String arn;
    final String image;
    String runtimeId;
    String lastStatus = "PENDING";
    Integer exitCode;
    String reason;
    HealthStatus healthStatus = HealthStatus.UNKNOWN;
    Map<Integer, Integer> hostPorts = Map.of();
    int consecutiveCheckFailures;
    Instant nextCheckAt;
    boolean checking;

    TaskContainer(String name, String arn, String image) {
      this.name = name;
      this.arn = arn;
      this.image = image;
    }
  }

  final Map<String, Cluster> clusters = new LinkedHashMap<>();
  final Map<String, List<TaskDefinition>> taskDefinitions = new LinkedHashMap<>();
  final Map<String, Service> services = new LinkedHashMap<>();
  final Map<String, Task> tasks = new LinkedHashMap<>();

  /** A cluster by name or ARN ({@code default} when null). */
  Cluster cluster(String ref) {
    var name = ref == null ? "default" : EcsNames.lastSegment(ref);
    var c = clusters.get(name);
    if (c == null) {
      throw EcsErrors.clusterNotFound(ref == null ? "default" : ref);
    }
    return c;
  }
}
