package dev.slipway.localcloud.containers;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Reads one element of {@code podman container inspect}'s JSON into a {@link ContainerState}. */
final class ContainerInspect {
  private ContainerInspect() {}

  static ContainerState parse(JsonNode c) {
    JsonNode state = c.path("State");
    String health = state.path("Health").path("Status").asText("");
    if (health.isEmpty()) {
      health = state.path("Healthcheck").path("Status").asText("");
    }
    Map<String, Integer> ports = new LinkedHashMap<>();
    c.path("NetworkSettings")
        .path("Ports")
        .properties()
        .forEach(
            e -> {
              JsonNode bindings = e.getValue();
              if (bindings.isArray() && !bindings.isEmpty()) {
                ports.put(e.getKey(), Integer.parseInt(bindings.get(0).path("HostPort").asText()));
              }
            });
    Map<String, String> labels = new LinkedHashMap<>();
    c.path("Config")
        .path("Labels")
        .properties()
        .forEach(e -> labels.put(e.getKey(), e.getValue().asText()));
    return new ContainerState(
        c.path("Id").asText(),
        c.path("Name").asText(),
        c.path("Image").asText(),
        c.path("ImageName").asText(),
        state.path("Status").asText(),
        state.path("Running").asBoolean(),
        state.path("ExitCode").asInt(),
        state.path("Pid").asLong(),
        time(state.path("StartedAt").asText("")),
        time(state.path("FinishedAt").asText("")),
        health.isEmpty() ? Optional.empty() : Optional.of(health),
        Map.copyOf(ports),
        Map.copyOf(labels));
  }

  /** Podman prints the zero time (year 1) for "never". */
  static Instant time(String text) {
    if (text.isEmpty() || text.startsWith("0001-01-01")) {
      return null;
    }
    return OffsetDateTime.parse(text).toInstant();
  }
}
