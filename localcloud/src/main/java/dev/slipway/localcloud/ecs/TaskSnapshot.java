package dev.slipway.localcloud.ecs;

import static dev.slipway.localcloud.ecs.EcsSnapshot.instant;
import static dev.slipway.localcloud.ecs.EcsSnapshot.put;
import static dev.slipway.localcloud.ecs.EcsSnapshot.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.ecs.model.HealthStatus;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;

/**
 * One task in the snapshot: what it runs (task definition, deployment), its containers (runtime
 * ids, host ports, health) and the load balancer targets it registered. Task containers outlive a
 * crash of local mode's process, so the restarted ECS can adopt the live ones instead of stopping
 * the traffic they serve.
 */
final class TaskSnapshot {
  private TaskSnapshot() {}

  static ObjectNode write(EcsState.Task t) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("arn", t.arn).put("clusterArn", t.clusterArn).put("serviceArn", t.serviceArn);
    n.put("deploymentId", t.deploymentId);
    n.put("taskDefinitionArn", t.taskDefinition.taskDefinitionArn());
    put(n, "createdAt", t.createdAt);
    put(n, "startedAt", t.startedAt);
    put(n, "healthyAt", t.healthyAt);
    n.put("lastStatus", t.lastStatus).put("desiredStatus", t.desiredStatus);
    n.put("healthStatus", t.healthStatus.toString());
    n.put("everHealthy", t.everHealthy).put("counted", t.counted).put("version", t.version);
    for (var c : t.containers.values()) {
      ObjectNode cn = n.withArray("containers").addObject();
      cn.put("name", c.name).put("arn", c.arn).put("image", c.image);
      cn.put("runtimeId", c.runtimeId).put("lastStatus", c.lastStatus);
      cn.put("healthStatus", c.healthStatus.toString());
      ObjectNode ports = cn.putObject("hostPorts");
      c.hostPorts.forEach((container, host) -> ports.put(Integer.toString(container), host));
    }
    for (var r : t.targets) {
      n.withArray("targets")
          .addObject()
          .put("targetGroupArn", r.targetGroupArn())
          .put("port", r.port());
    }
    return n;
  }

  /** The task as saved, or empty when its task definition is no longer known. */
  static Optional<EcsState.Task> read(JsonNode n, Map<String, TaskDefinition> definitions) {
    TaskDefinition definition = definitions.get(text(n, "taskDefinitionArn"));
    if (definition == null) {
      return Optional.empty();
    }
    var t =
        new EcsState.Task(
            text(n, "arn"),
            text(n, "clusterArn"),
            text(n, "serviceArn"),
            text(n, "deploymentId"),
            definition,
            instant(n, "createdAt"));
    t.startedAt = instant(n, "startedAt");
    t.healthyAt = instant(n, "healthyAt");
    t.lastStatus = text(n, "lastStatus");
    t.desiredStatus = text(n, "desiredStatus");
    t.healthStatus = HealthStatus.fromValue(text(n, "healthStatus"));
    t.everHealthy = n.path("everHealthy").asBoolean();
    t.counted = n.path("counted").asBoolean();
    t.version = n.path("version").asLong(1);
    for (JsonNode cn : n.path("containers")) {
      var c = new EcsState.TaskContainer(text(cn, "name"), text(cn, "arn"), text(cn, "image"));
      c.runtimeId = text(cn, "runtimeId");
      c.lastStatus = text(cn, "lastStatus");
      c.healthStatus = HealthStatus.fromValue(text(cn, "healthStatus"));
      var ports = new HashMap<Integer, Integer>();
      cn.path("hostPorts")
          .properties()
          .forEach(e -> ports.put(Integer.parseInt(e.getKey()), e.getValue().asInt()));
      c.hostPorts = Map.copyOf(ports);
      t.containers.put(c.name, c);
    }
    for (JsonNode r : n.path("targets")) {
      t.targets.add(new EcsState.Registered(text(r, "targetGroupArn"), r.path("port").asInt()));
    }
    return Optional.of(t);
  }
}
