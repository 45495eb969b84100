package dev.slipway.localcloud.ecs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequest;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/**
 * ECS's events as AWS sends them to the default bus ("Amazon ECS events" in the ECS developer
 * guide): {@code source = aws.ecs}, the service or task ARN in {@code resources}.
 */
final class EcsEvents {
  static final String DEPLOYMENT = "ECS Deployment State Change";
  static final String TASK = "ECS Task State Change";
  private static final ObjectMapper JSON = new ObjectMapper();

  private final EventSink sink;

  /**
   * Events are built under the state lock (a consistent snapshot) but delivered on their own
   * thread, in order: a bus that synchronously runs a target which calls back into ECS must not
   * wait for the lock the scheduler holds.
   */
  private final ExecutorService delivery =
      Executors.newSingleThreadExecutor(
          r -> {
            var t = new Thread(r, "ecs-events");
            t.setDaemon(true);
            return t;
          });

  EcsEvents(EventSink sink) {
    this.sink = sink;
  }

  /** Delivers what is queued, then stops. */
  void close() {
    delivery.shutdown();
    try {
      delivery.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** {@code eventName}: SERVICE_DEPLOYMENT_IN_PROGRESS, _COMPLETED or _FAILED. */
  void deployment(
      String serviceArn, String eventName, String deploymentId, Instant at, String reason) {
    var detail = new LinkedHashMap<String, Object>();
    detail.put("eventType", eventName.endsWith("FAILED") ? "ERROR" : "INFO");
    detail.put("eventName", eventName);
    detail.put("deploymentId", deploymentId);
    detail.put("updatedAt", at.toString());
    detail.put("reason", reason);
    put(DEPLOYMENT, serviceArn, detail, at);
  }

  void task(EcsState.Task t, Instant at) {
    put(TASK, t.arn, taskDetail(t, at), at);
  }

  static Map<String, Object> taskDetail(EcsState.Task t, Instant at) {
    var d = new LinkedHashMap<String, Object>();
    d.put("clusterArn", t.clusterArn);
    d.put("taskArn", t.arn);
    d.put("taskDefinitionArn", t.taskDefinition.taskDefinitionArn());
    d.put("group", t.serviceArn == null ? null : "service:" + EcsNames.lastSegment(t.serviceArn));
    d.put("startedBy", t.deploymentId);
    d.put("lastStatus", t.lastStatus);
    d.put("desiredStatus", t.desiredStatus);
    d.put("healthStatus", t.healthStatus.toString());
    d.put("launchType", "FARGATE");
    d.put("createdAt", str(t.createdAt));
    d.put("startedAt", str(t.startedAt));
    d.put("stoppingAt", str(t.stoppingAt));
    d.put("stoppedAt", str(t.stoppedAt));
    d.put("stoppedReason", t.stoppedReason);
    d.put("stopCode", t.stopCode == null ? null : t.stopCode.toString());
    d.put("updatedAt", at.toString());
    d.put("version", t.version);
    var containers = new ArrayList<Map<String, Object>>();
    for (var c : t.containers.values()) {
      var m = new LinkedHashMap<String, Object>();
      m.put("containerArn", c.arn);
      m.put("name", c.name);
      m.put("image", c.image);
      m.put("imageDigest", EcsViews.digestOf(c.image));
      m.put("runtimeId", c.runtimeId);
      m.put("lastStatus", c.lastStatus);
      m.put("exitCode", c.exitCode);
      m.put("reason", c.reason);
      m.put("healthStatus", c.healthStatus.toString());
      m.put("taskArn", t.arn);
      m.values().removeIf(java.util.Objects::isNull);
      containers.add(m);
    }
    d.put("containers", containers);
    d.values().removeIf(java.util.Objects::isNull);
    return d;
  }

  private static String str(Instant i) {
    return i == null ? null : i.toString();
  }

  private void put(String detailType, String resource, Map<String, Object> detail, Instant at) {
    String json;
    try {
      json = JSON.writeValueAsString(detail);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("ECS event detail is not serializable", e);
    }
    var request =
        PutEventsRequest.builder()
            .entries(
                PutEventsRequestEntry.builder()
                    .source("aws.ecs")
                    .detailType(detailType)
                    .resources(List.of(resource))
                    .time(at)
                    .detail(json)
                    .build())
            .build();
    if (delivery.isShutdown()) {
      return;
    }
    delivery.execute(
        () -> {
          try {
            sink.putEvents(request);
          } catch (RuntimeException e) {
            // a bus that is down must not stop ECS; the state stays readable through the API
            System.err.println("ecs: could not put " + detailType + " event: " + e.getMessage());
          }
        });
  }
}
