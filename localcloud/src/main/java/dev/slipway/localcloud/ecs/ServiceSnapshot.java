package dev.slipway.localcloud.ecs;

import static dev.slipway.localcloud.ecs.EcsSnapshot.instant;
import static dev.slipway.localcloud.ecs.EcsSnapshot.pojo;
import static dev.slipway.localcloud.ecs.EcsSnapshot.put;
import static dev.slipway.localcloud.ecs.EcsSnapshot.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.ecs.model.DeploymentConfiguration;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;
import software.amazon.awssdk.services.ecs.model.LoadBalancer;
import software.amazon.awssdk.services.ecs.model.ServiceDeploymentStatus;

/**
 * One ECS service in the snapshot: its settings, its deployments (each pointing at its service
 * deployment by ARN, as a rollback shares the failed deployment's) and the last completed one.
 */
final class ServiceSnapshot {
  private ServiceSnapshot() {}

  static ObjectNode write(EcsState.Service s) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("arn", s.arn).put("name", s.name).put("clusterArn", s.clusterArn);
    s.loadBalancers.forEach(lb -> n.withArray("loadBalancers").add(pojo(lb)));
    put(n, "createdAt", s.createdAt);
    n.put("desiredCount", s.desiredCount);
    n.set("configuration", pojo(s.configuration));
    n.put("healthCheckGracePeriodSeconds", s.healthCheckGracePeriodSeconds);
    n.put("status", s.status);
    n.putArray("serviceDeployments");
    s.serviceDeployments.forEach(sd -> n.withArray("serviceDeployments").add(write(sd)));
    n.putArray("deployments");
    s.deployments.forEach(d -> n.withArray("deployments").add(write(d)));
    if (s.lastCompleted != null) {
      n.set("lastCompleted", write(s.lastCompleted));
    }
    if (s.templateProperties != null) {
      n.set("templateProperties", s.templateProperties);
    }
    return n;
  }

  static EcsState.Service read(JsonNode n) {
    List<LoadBalancer> lbs = new ArrayList<>();
    n.path("loadBalancers").forEach(lb -> lbs.add(pojo(lb, LoadBalancer.builder())));
    var s =
        new EcsState.Service(
            text(n, "arn"), text(n, "name"), text(n, "clusterArn"), lbs, instant(n, "createdAt"));
    s.desiredCount = n.path("desiredCount").asInt();
    s.configuration = pojo(n.path("configuration"), DeploymentConfiguration.builder());
    s.healthCheckGracePeriodSeconds = n.path("healthCheckGracePeriodSeconds").asInt();
    s.status = text(n, "status");
    s.templateProperties = n.hasNonNull("templateProperties") ? n.get("templateProperties") : null;
    Map<String, EcsState.ServiceDeployment> byArn = new HashMap<>();
    for (JsonNode sd : n.path("serviceDeployments")) {
      var read = readServiceDeployment(sd);
      byArn.put(read.arn, read);
      s.serviceDeployments.add(read);
    }
    for (JsonNode d : n.path("deployments")) {
      s.deployments.add(readDeployment(d, byArn));
    }
    if (n.has("lastCompleted")) {
      var id = text(n.get("lastCompleted"), "id");
      s.lastCompleted =
          s.deployments.stream()
              .filter(d -> d.id.equals(id))
              .findFirst()
              .orElseGet(() -> readDeployment(n.get("lastCompleted"), byArn));
    }
    return s;
  }

  private static ObjectNode write(EcsState.Deployment d) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("id", d.id).put("taskDefinitionArn", d.taskDefinitionArn);
    n.put("revisionArn", d.revisionArn);
    put(n, "createdAt", d.createdAt);
    n.put("serviceDeploymentArn", d.serviceDeployment.arn);
    n.put("status", d.status).put("rolloutState", d.rolloutState.toString());
    n.put("rolloutStateReason", d.rolloutStateReason);
    put(n, "updatedAt", d.updatedAt);
    n.put("failedTasks", d.failedTasks).put("rollback", d.rollback);
    d.adopted.stream().sorted().forEach(a -> n.withArray("adopted").add(a));
    return n;
  }

  private static EcsState.Deployment readDeployment(
      JsonNode n, Map<String, EcsState.ServiceDeployment> byArn) {
    var sdArn = text(n, "serviceDeploymentArn");
    var sd = byArn.get(sdArn);
    if (sd == null) {
      throw new IllegalStateException(
          "saved ECS deployment " + text(n, "id") + " names unknown service deployment " + sdArn);
    }
    var d =
        new EcsState.Deployment(
            text(n, "id"),
            text(n, "taskDefinitionArn"),
            text(n, "revisionArn"),
            instant(n, "createdAt"),
            sd);
    d.status = text(n, "status");
    d.rolloutState = DeploymentRolloutState.fromValue(text(n, "rolloutState"));
    d.rolloutStateReason = text(n, "rolloutStateReason");
    d.updatedAt = instant(n, "updatedAt");
    d.failedTasks = n.path("failedTasks").asInt();
    d.rollback = n.path("rollback").asBoolean();
    n.path("adopted").forEach(a -> d.adopted.add(a.asText()));
    return d;
  }

  private static ObjectNode write(EcsState.ServiceDeployment sd) {
    ObjectNode n = Json.MAPPER.createObjectNode();
    n.put("arn", sd.arn).put("targetRevisionArn", sd.targetRevisionArn);
    sd.sourceRevisionArns.forEach(a -> n.withArray("sourceRevisionArns").add(a));
    put(n, "createdAt", sd.createdAt);
    if (sd.configuration != null) {
      n.set("configuration", pojo(sd.configuration));
    }
    n.put("status", sd.status.toString()).put("statusReason", sd.statusReason);
    put(n, "finishedAt", sd.finishedAt);
    put(n, "updatedAt", sd.updatedAt);
    n.put("failureCount", sd.failureCount).put("threshold", sd.threshold);
    n.put("breakerTriggered", sd.breakerTriggered).put("rollbackReason", sd.rollbackReason);
    put(n, "rollbackStartedAt", sd.rollbackStartedAt);
    n.put("rollbackRevisionArn", sd.rollbackRevisionArn);
    return n;
  }

  private static EcsState.ServiceDeployment readServiceDeployment(JsonNode n) {
    List<String> sources = new ArrayList<>();
    n.path("sourceRevisionArns").forEach(a -> sources.add(a.asText()));
    var sd =
        new EcsState.ServiceDeployment(
            text(n, "arn"),
            text(n, "targetRevisionArn"),
            sources,
            instant(n, "createdAt"),
            n.has("configuration")
                ? pojo(n.get("configuration"), DeploymentConfiguration.builder())
                : null);
    sd.status = ServiceDeploymentStatus.fromValue(text(n, "status"));
    sd.statusReason = text(n, "statusReason");
    sd.finishedAt = instant(n, "finishedAt");
    sd.updatedAt = instant(n, "updatedAt");
    sd.failureCount = n.path("failureCount").asInt();
    sd.threshold = n.path("threshold").asInt();
    sd.breakerTriggered = n.path("breakerTriggered").asBoolean();
    sd.rollbackReason = text(n, "rollbackReason");
    sd.rollbackStartedAt = instant(n, "rollbackStartedAt");
    sd.rollbackRevisionArn = text(n, "rollbackRevisionArn");
    return sd;
  }
}
