package dev.slipway.functions;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.ecs.EcsClient;
import software.amazon.awssdk.services.ecs.model.ContainerDefinition;
import software.amazon.awssdk.services.ecs.model.KeyValuePair;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * Task definition revisions pinned to an image digest. Registering is idempotent: when the family's
 * latest revision already runs the same image with the same version, it is reused, so a retried
 * step does not create (and then deploy) a second revision.
 */
final class TaskDefinitions {
  private static final Logger LOG = LoggerFactory.getLogger(TaskDefinitions.class);

  /** The variable every deployed container gets: the commit SHA, which the smoke test checks. */
  static final String VERSION_VARIABLE = "SLIPWAY_VERSION";

  private final EcsClient ecs;

  TaskDefinitions(EcsClient ecs) {
    this.ecs = ecs;
  }

  /** The ARN of a revision of {@code family} whose {@code container} runs {@code image}. */
  String ensure(String family, String container, String image, String version) {
    TaskDefinition latest =
        ecs.describeTaskDefinition(r -> r.taskDefinition(family)).taskDefinition();
    ContainerDefinition current = container(latest, container);
    if (image.equals(current.image()) && version.equals(versionOf(current))) {
      LOG.info("Reusing {}: it already runs {}", latest.taskDefinitionArn(), image);
      return latest.taskDefinitionArn();
    }
    List<ContainerDefinition> containers = new ArrayList<>();
    for (ContainerDefinition definition : latest.containerDefinitions()) {
      containers.add(
          definition.name().equals(container) ? pinned(definition, image, version) : definition);
    }
    String arn =
        ecs.registerTaskDefinition(
                r ->
                    r.family(latest.family())
                        .taskRoleArn(latest.taskRoleArn())
                        .executionRoleArn(latest.executionRoleArn())
                        .networkMode(latest.networkMode())
                        .containerDefinitions(containers)
                        .volumes(latest.volumes())
                        .placementConstraints(latest.placementConstraints())
                        .requiresCompatibilitiesWithStrings(
                            latest.requiresCompatibilitiesAsStrings())
                        .cpu(latest.cpu())
                        .memory(latest.memory())
                        .pidMode(latest.pidMode())
                        .ipcMode(latest.ipcMode())
                        .proxyConfiguration(latest.proxyConfiguration())
                        .ephemeralStorage(latest.ephemeralStorage())
                        .runtimePlatform(latest.runtimePlatform()))
            .taskDefinition()
            .taskDefinitionArn();
    LOG.info("Registered {} for {}", arn, image);
    return arn;
  }

  /**
   * What a revision runs: its image and the commit it was deployed for (if Slipway registered it).
   */
  record Revision(String arn, String image, String version) {}

  /** The image and version the given revision runs in {@code container}. */
  Revision describe(String taskDefinitionArn, String container) {
    ContainerDefinition definition =
        container(
            ecs.describeTaskDefinition(r -> r.taskDefinition(taskDefinitionArn)).taskDefinition(),
            container);
    return new Revision(taskDefinitionArn, definition.image(), versionOf(definition));
  }

  private static ContainerDefinition container(TaskDefinition definition, String name) {
    return definition.containerDefinitions().stream()
        .filter(c -> name.equals(c.name()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "task definition "
                        + definition.taskDefinitionArn()
                        + " has no container named '"
                        + name
                        + "' (containerName in "
                        + ServiceEnvironments.VARIABLE
                        + ")"));
  }

  private static String versionOf(ContainerDefinition container) {
    return container.environment().stream()
        .filter(v -> VERSION_VARIABLE.equals(v.name()))
        .map(KeyValuePair::value)
        .findFirst()
        .orElse(null);
  }

  private static ContainerDefinition pinned(
      ContainerDefinition definition, String image, String version) {
    List<KeyValuePair> environment = new ArrayList<>(definition.environment());
    environment.removeIf(v -> VERSION_VARIABLE.equals(v.name()));
    environment.add(KeyValuePair.builder().name(VERSION_VARIABLE).value(version).build());
    return definition.toBuilder().image(image).environment(environment).build();
  }
}
