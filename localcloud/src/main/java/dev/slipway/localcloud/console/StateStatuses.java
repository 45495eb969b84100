package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Each state's status, input, output, error and event ids, read from an execution's history events
 * (GetExecutionHistory's JSON). Entered and exited events name their state; the events in between
 * (TaskScheduled, MapIterationStarted, …) belong to the latest entered state still open of the
 * matching kind — the same attribution the AWS console's step details use. States inside a Map show
 * their latest iteration.
 */
final class StateStatuses {
  private StateStatuses() {}

  /** {@code {stateName: {status, type, input, output, error, cause, events:[ids]}}}. */
  static ObjectNode of(List<JsonNode> events) {
    ObjectNode states = Json.MAPPER.createObjectNode();
    Map<String, String> open = new LinkedHashMap<>();
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      long id = e.path("id").asLong();
      JsonNode entered = e.path("stateEnteredEventDetails");
      JsonNode exited = e.path("stateExitedEventDetails");
      if (entered.isObject()) {
        String name = entered.path("name").asText();
        String kind = type.replace("StateEntered", "");
        ObjectNode s = states.putObject(name);
        s.put("status", "RUNNING").put("type", kind);
        s.set("input", entered.path("input"));
        s.putArray("events").add(id);
        open.remove(name);
        open.put(name, kind);
      } else if (exited.isObject()) {
        String name = exited.path("name").asText();
        open.remove(name);
        if (states.get(name) instanceof ObjectNode s) {
          s.withArray("events").add(id);
          s.put("status", s.has("error") ? "CAUGHT" : "SUCCEEDED");
          s.set("output", exited.path("output"));
        }
      } else if (!type.startsWith("Execution")) {
        String owner = owner(type, open);
        if (owner != null && states.get(owner) instanceof ObjectNode s) {
          s.withArray("events").add(id);
          if (isFailure(type)) {
            JsonNode details = failureDetails(e);
            s.put("status", "FAILED");
            s.put("error", details.path("error").asText(""));
            s.put("cause", details.path("cause").asText(""));
          }
        }
      }
    }
    return states;
  }

  /** The latest open state of the event's kind: Map*, Parallel* or else a non-container. */
  private static String owner(String eventType, Map<String, String> open) {
    List<Map.Entry<String, String>> entries = new ArrayList<>(open.entrySet());
    for (int i = entries.size() - 1; i >= 0; i--) {
      String kind = entries.get(i).getValue();
      boolean container = kind.equals("Map") || kind.equals("Parallel");
      if (container
          ? eventType.startsWith(kind)
          : !eventType.startsWith("Map") && !eventType.startsWith("Parallel")) {
        return entries.get(i).getKey();
      }
    }
    return null;
  }

  private static boolean isFailure(String type) {
    return type.endsWith("Failed") || type.endsWith("TimedOut") || type.endsWith("Aborted");
  }

  private static JsonNode failureDetails(JsonNode e) {
    for (var p : e.properties()) {
      if (p.getKey().endsWith("EventDetails") && p.getValue().has("error")) {
        return p.getValue();
      }
    }
    return Json.MAPPER.createObjectNode();
  }
}
