package dev.slipway.localcloud.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.protocol.SdkJson;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.services.ecs.model.TaskDefinition;
import software.amazon.awssdk.utils.builder.SdkBuilder;

/**
 * The durable part of {@link EcsState} as JSON: clusters, every task definition revision, each
 * service with its desired count, settings and deployments (ids, rollout states, circuit breaker
 * counts), and the tasks that have not stopped ({@link TaskSnapshot}). Task containers outlive a
 * crash of local mode's process: after a restart ECS adopts the tasks whose containers still run
 * and replaces the others from the deployments. The caller holds the state lock.
 */
final class EcsSnapshot {
  private EcsSnapshot() {}

  /** The state as JSON text. */
  static String write(EcsState state) {
    ObjectNode root = Json.MAPPER.createObjectNode();
    root.put("version", 1);
    ArrayNode clusters = root.putArray("clusters");
    state
        .clusters
        .values()
        .forEach(c -> clusters.addObject().put("arn", c.arn()).put("name", c.name()));
    ArrayNode definitions = root.putArray("taskDefinitions");
    state.taskDefinitions.values().forEach(list -> list.forEach(td -> definitions.add(pojo(td))));
    ArrayNode services = root.putArray("services");
    state.services.values().forEach(s -> services.add(ServiceSnapshot.write(s)));
    ArrayNode tasks = root.putArray("tasks");
    state.tasks.values().stream()
        .filter(t -> !t.lastStatus.equals("STOPPED"))
        .forEach(t -> tasks.add(TaskSnapshot.write(t)));
    try {
      return Json.MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ECS state is not serializable", e);
    }
  }

  /** Fills an empty {@code state} from {@link #write}'s text. */
  static void restore(String text, EcsState state) {
    JsonNode root;
    try {
      root = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException("the saved ECS state is not JSON", e);
    }
    if (root.path("version").asInt() != 1) {
      throw new IllegalStateException(
          "the saved ECS state has version "
              + root.path("version")
              + "; this local mode reads version 1 (remove the file to start from the template)");
    }
    for (JsonNode c : root.path("clusters")) {
      var name = c.path("name").asText();
      state.clusters.put(name, new EcsState.Cluster(c.path("arn").asText(), name));
    }
    for (JsonNode td : root.path("taskDefinitions")) {
      TaskDefinition definition = pojo(td, TaskDefinition.builder());
      state
          .taskDefinitions
          .computeIfAbsent(definition.family(), k -> new ArrayList<>())
          .add(definition);
    }
    for (JsonNode s : root.path("services")) {
      var service = ServiceSnapshot.read(s);
      state.services.put(service.arn, service);
    }
    var byArn = new java.util.HashMap<String, TaskDefinition>();
    state
        .taskDefinitions
        .values()
        .forEach(l -> l.forEach(td -> byArn.put(td.taskDefinitionArn(), td)));
    for (JsonNode t : root.path("tasks")) {
      TaskSnapshot.read(t, byArn).ifPresent(task -> state.tasks.put(task.arn, task));
    }
  }

  static JsonNode pojo(SdkPojo pojo) {
    try {
      return Json.MAPPER.readTree(SdkJson.write(pojo));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("SDK object is not serializable", e);
    }
  }

  static <T> T pojo(JsonNode node, SdkBuilder<?, ? extends T> builder) {
    return SdkJson.read(node.toString(), builder);
  }

  static void put(ObjectNode node, String field, Instant at) {
    if (at != null) {
      node.put(field, at.toString());
    }
  }

  static Instant instant(JsonNode node, String field) {
    var v = node.get(field);
    return v == null || v.isNull() ? null : Instant.parse(v.asText());
  }

  static String text(JsonNode node, String field) {
    var v = node.get(field);
    return v == null || v.isNull() ? null : v.asText();
  }
}
