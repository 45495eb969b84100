package dev.slipway.localcloud.ecs;

import java.util.List;
import software.amazon.awssdk.services.ecs.model.DeploymentCircuitBreaker;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/** Service settings with ECS's defaults and checks. */
final class ServiceSettings {
  private ServiceSettings() {}

  /**
   * {@code update} over {@code current}; ECS's defaults for a REPLICA service are 100 % minimum
   * healthy, 200 % maximum, circuit breaker off.
   */
  static DeploymentConfiguration configuration(
      DeploymentConfiguration current, DeploymentConfiguration update) {
    var min = 100;
    var max = 200;
    DeploymentCircuitBreaker cb =
        DeploymentCircuitBreaker.builder().enable(false).rollback(false).build();
    if (current != null) {
      min = current.minimumHealthyPercent();
      max = current.maximumPercent();
      cb = current.deploymentCircuitBreaker();
    }
    if (update != null) {
      min = update.minimumHealthyPercent() == null ? min : update.minimumHealthyPercent();
      max = update.maximumPercent() == null ? max : update.maximumPercent();
      cb = update.deploymentCircuitBreaker() == null ? cb : update.deploymentCircuitBreaker();
    }
    if (min < 0 || min > 100 || max < 100 || max > 200 * 10) {
      throw EcsErrors.invalidParameter(
          "minimumHealthyPercent must be 0-100 and maximumPercent at least 100; got "
              + min
              + " and "
              + max);
    }
    return DeploymentConfiguration.builder()
        .minimumHealthyPercent(min)
        .maximumPercent(max)
        .deploymentCircuitBreaker(cb)
        .build();
  }

  static void validateLoadBalancers(List<LoadBalancer> lbs, TaskDefinition td) {
    for (var lb : lbs) {
      var ok =
          td.containerDefinitions().stream()
              .anyMatch(
                  c ->
                      c.name().equals(lb.containerName())
                          && c.portMappings().stream()
                              .anyMatch(p -> p.containerPort().equals(lb.containerPort())));
      if (!ok) {
        throw EcsErrors.invalidParameter(
            "The container "
                + lb.containerName()
                + " did not have a container port "
                + lb.containerPort()
                + " defined in "
                + td.taskDefinitionArn());
      }
    }
  }
}
