package dev.slipway.functions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.Deployment;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.DesiredStatus;
import software.amazon.awssdk.services.ecs.model.Service;
import software.amazon.awssdk.services.ecs.model.Task;

/** ECS service deployments: start one for a revision at most once, and look them up by id. */
final class EcsDeployments {
  private static final Logger LOG = LoggerFactory.getLogger(EcsDeployments.class);

  /** One deployment of a service. */
  record Started(String deploymentId, DeploymentRolloutState state, String reason) {}

  private final EcsClient ecs;

  EcsDeployments(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** The service's current task definition (its PRIMARY deployment's), if any. */
  Optional<String> currentTaskDefinition(String cluster, String service) {
    return Optional.ofNullable(describe(cluster, service).taskDefinition());
  }

  /**
   * Rolls {@code service} to {@code taskDefinitionArn}. When the PRIMARY deployment already runs
   * that revision (a retried invocation) it is returned instead of starting another one.
   */
  Started deploy(String cluster, String service, String taskDefinitionArn, int desiredCount) {
    Optional<Deployment> primary = primary(describe(cluster, service));
    if (primary.isPresent() && taskDefinitionArn.equals(primary.get().taskDefinition())) {
      LOG.info("Service {} already deploys {}: {}", service, taskDefinitionArn, primary.get().id());
      return started(primary.get());
    }
    Service updated =
        ecs.updateService(
                r ->
                    r.cluster(cluster)
                        .service(service)
                        .taskDefinition(taskDefinitionArn)
                        .desiredCount(desiredCount))
            .service();
    Deployment deployment =
        primary(updated)
            .orElseThrow(
                () ->
                    new IllegalStateException(
                        "ECS UpdateService on " + service + " returned no PRIMARY deployment"));
    LOG.info("Service {} deploying {} as {}", service, taskDefinitionArn, deployment.id());
    return started(deployment);
  }

  /** Which of the environment's services (blue, green) runs {@code taskDefinition} now. */
  Optional<String> serviceRunning(EnvironmentTarget target, String taskDefinition) {
    for (String service : new String[] {target.blueService(), target.greenService()}) {
      if (service != null
          && currentTaskDefinition(target.cluster(), service)
              .filter(taskDefinition::equals)
              .isPresent()) {
        return Optional.of(service);
      }
    }
    return Optional.empty();
  }

  /** The service's desired task count. */
  int desiredCount(String cluster, String service) {
    Integer count = describe(cluster, service).desiredCount();
    return count == null ? 0 : count;
  }

  /** Scales the service to {@code count} tasks without a new deployment. */
  void scale(String cluster, String service, int count) {
    ecs.updateService(r -> r.cluster(cluster).service(service).desiredCount(count));
    LOG.info("Service {} scaled to {}", service, count);
  }

  /** The state of one deployment of {@code service}, if ECS still lists it. */
  Optional<Started> find(String cluster, String service, String deploymentId) {
    return describe(cluster, service).deployments().stream()
        .filter(d -> deploymentId.equals(d.id()))
        .findFirst()
        .map(EcsDeployments::started);
  }

  /**
   * Why the deployment's tasks stopped, most frequent first, e.g. {@code "Task failed health checks
   * (3x)"}: what a user otherwise digs out of the stopped tasks. Empty when none stopped.
   */
  String stoppedTaskReasons(String cluster, String service, String deploymentId) {
    List<String> arns =
        ecs.listTasks(
                r ->
                    r.cluster(cluster)
                        .serviceName(service)
                        .desiredStatus(DesiredStatus.STOPPED)
                        .maxResults(100))
            .taskArns();
    if (arns.isEmpty()) {
      return "";
    }
    Map<String, Long> reasons =
        ecs.describeTasks(r -> r.cluster(cluster).tasks(arns)).tasks().stream()
            .filter(t -> deploymentId.equals(t.startedBy()))
            .map(EcsDeployments::whyStopped)
            .collect(Collectors.groupingBy(w -> w, LinkedHashMap::new, Collectors.counting()));
    return reasons.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .limit(3)
        .map(e -> e.getKey() + " (" + e.getValue() + "x)")
        .collect(Collectors.joining("; "));
  }

  private static String whyStopped(Task task) {
    String exits =
        task.containers().stream()
            .filter(c -> c.exitCode() != null)
            .map(c -> c.name() + " exited with " + c.exitCode())
            .collect(Collectors.joining(", "));
    String reason = task.stoppedReason() == null ? "stopped" : task.stoppedReason();
    return exits.isEmpty() ? reason : reason + ", " + exits;
  }

  private Service describe(String cluster, String service) {
    var services = ecs.describeServices(r -> r.cluster(cluster).services(service)).services();
    if (services.isEmpty()) {
      throw new IllegalStateException(
          "ECS service " + service + " not found in cluster " + cluster);
    }
    return services.getFirst();
  }

  private static Optional<Deployment> primary(Service service) {
    return service.deployments().stream().filter(d -> "PRIMARY".equals(d.status())).findFirst();
  }

  private static Started started(Deployment deployment) {
    return new Started(deployment.id(), deployment.rolloutState(), deployment.rolloutStateReason());
  }
}
