package dev.slipway.localcloud.ecs;

import dev.slipway.localcloud.protocol.SdkJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.model.Compatibility;
import software.amazon.awssdk.services.ecs.model.NetworkMode;
import software.amazon.awssdk.services.ecs.model.RegisterTaskDefinitionRequest;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.services.ecs.model.TaskDefinitionStatus;

/** Task definition families and revisions. The caller holds the state lock. */
final class TaskDefinitions {
  private TaskDefinitions() {}

  static TaskDefinition register(
      EcsState state, EcsNames names, RegisterTaskDefinitionRequest r, Instant now) {
    var family = r.family();
    if (family == null || !family.matches("[A-Za-z0-9_-]{1,255}")) {
      throw EcsErrors.clientException(
          "Family '" + family + "' must be 1-255 letters, digits, hyphens or underscores");
    }
    if (!r.hasContainerDefinitions() || r.containerDefinitions().isEmpty()) {
      throw EcsErrors.clientException(
          "Task definition " + family + " needs a container definition");
    }
    var seen = new java.util.HashSet<String>();
    for (var c : r.containerDefinitions()) {
      if (c.name() == null || c.image() == null || !seen.add(c.name())) {
        throw EcsErrors.clientException(
            "Container definitions need a unique name and an image; got name="
                + c.name()
                + " image="
                + c.image());
      }
      if (c.healthCheck() != null
          && (!c.healthCheck().hasCommand()
              || c.healthCheck().command().isEmpty()
              || !List.of("CMD", "CMD-SHELL").contains(c.healthCheck().command().get(0)))) {
        throw EcsErrors.clientException(
            "Health check command of container "
                + c.name()
                + " must start with CMD or CMD-SHELL; got "
                + c.healthCheck().command());
      }
    }
    var revisions = state.taskDefinitions.computeIfAbsent(family, k -> new ArrayList<>());
    var revision = revisions.size() + 1;
    var td =
        TaskDefinition.builder()
            .taskDefinitionArn(names.taskDefinition(family, revision))
            .family(family)
            .revision(revision)
            .containerDefinitions(r.containerDefinitions())
            .taskRoleArn(r.taskRoleArn())
            .executionRoleArn(r.executionRoleArn())
            .networkMode(r.networkMode() == null ? NetworkMode.AWSVPC : r.networkMode())
            .requiresCompatibilities(r.requiresCompatibilities())
            .compatibilities(Compatibility.EC2, Compatibility.FARGATE)
            .cpu(r.cpu())
            .memory(r.memory())
            .volumes(r.volumes())
            .status(TaskDefinitionStatus.ACTIVE)
            .registeredAt(now)
            .build();
    revisions.add(td);
    return td;
  }

  /** A task definition by ARN, {@code family:revision} or {@code family} (latest ACTIVE). */
  static TaskDefinition resolve(EcsState state, String ref) {
    if (ref == null || ref.isBlank()) {
      throw EcsErrors.clientException("A task definition is required");
    }
    var tail = ref.startsWith("arn:") ? ref.substring(ref.indexOf("task-definition/") + 16) : ref;
    var colon = tail.lastIndexOf(':');
    var family = colon < 0 ? tail : tail.substring(0, colon);
    var revisions = state.taskDefinitions.get(family);
    if (revisions == null || revisions.isEmpty()) {
      throw EcsErrors.clientException("Unable to describe task definition " + ref);
    }
    if (colon < 0) {
      return revisions.stream()
          .filter(t -> t.status() == TaskDefinitionStatus.ACTIVE)
          .reduce((a, b) -> b)
          .orElseThrow(() -> EcsErrors.clientException("No ACTIVE revision of " + family));
    }
    int rev;
    try {
      rev = Integer.parseInt(tail.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw EcsErrors.clientException("Invalid task definition revision in " + ref);
    }
    if (rev < 1 || rev > revisions.size()) {
      throw EcsErrors.clientException("Unable to describe task definition " + ref);
    }
    return revisions.get(rev - 1);
  }

  /**
   * The latest ACTIVE revision of the request's family registered with exactly what {@code r} asks
   * for, if any: a template deployed again with an unchanged task definition keeps its revision, as
   * CloudFormation keeps an unchanged resource, instead of registering one that would then be the
   * family's latest.
   */
  static Optional<TaskDefinition> identical(EcsState state, RegisterTaskDefinitionRequest r) {
    var wanted =
        registration(
            r.containerDefinitions(),
            r.taskRoleArn(),
            r.executionRoleArn(),
            r.networkMode() == null ? NetworkMode.AWSVPC : r.networkMode(),
            r.requiresCompatibilitiesAsStrings(),
            r.cpu(),
            r.memory(),
            r.volumes());
    return state.taskDefinitions.getOrDefault(r.family(), List.of()).stream()
        .filter(t -> t.status() == TaskDefinitionStatus.ACTIVE)
        .filter(
            t ->
                wanted.equals(
                    registration(
                        t.containerDefinitions(),
                        t.taskRoleArn(),
                        t.executionRoleArn(),
                        t.networkMode(),
                        t.requiresCompatibilitiesAsStrings(),
                        t.cpu(),
                        t.memory(),
                        t.volumes())))
        .reduce((a, b) -> b);
  }

  private static List<String> registration(
      List<? extends SdkPojo> containers,
      String taskRole,
      String executionRole,
      NetworkMode mode,
      List<String> compatibilities,
      String cpu,
      String memory,
      List<? extends SdkPojo> volumes) {
    var out = new ArrayList<String>();
    containers.forEach(c -> out.add(SdkJson.write(c)));
    out.add("|" + taskRole + "|" + executionRole + "|" + mode + "|" + compatibilities);
    out.add("|" + cpu + "|" + memory);
    volumes.forEach(v -> out.add(SdkJson.write(v)));
    return out;
  }

  static TaskDefinition byArn(EcsState state, String arn) {
    return resolve(state, arn);
  }
}
