package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Each state's status, input, output, error and event ids, read from an execution's history events
 * (GetExecutionHistory's JSON). An event belongs to the state whose {@code *StateEntered} event its
 * {@code previousEventId} chain reaches first, which keeps parallel branches apart. States inside a
 * Map show their latest iteration.
 */
final class StateStatuses {
  private StateStatuses() {}

  /** {@code {stateName: {status, input, output, error, cause, events:[ids]}}}. */
  static ObjectNode of(List<JsonNode> events) {
    Map<Long, JsonNode> byId = new HashMap<>();
    events.forEach(e -> byId.put(e.path("id").asLong(), e));
    ObjectNode states = Json.MAPPER.createObjectNode();
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      JsonNode entered = e.path("stateEnteredEventDetails");
      if (entered.isObject()) {
        ObjectNode s = Json.MAPPER.createObjectNode();
        s.put("status", "RUNNING");
        s.put("enteredEventId", e.path("id").asLong());
        s.set("input", entered.path("input"));
        s.putArray("events").add(e.path("id").asLong());
        states.set(entered.path("name").asText(), s);
        continue;
      }
      String owner = owner(e, byId);
      if (owner == null || !states.has(owner)) {
        continue;
      }
      ObjectNode s = (ObjectNode) states.get(owner);
      s.withArray("events").add(e.path("id").asLong());
      JsonNode exited = e.path("stateExitedEventDetails");
      if (exited.isObject()) {
        s.put("status", s.has("error") ? "CAUGHT" : "SUCCEEDED");
        s.set("output", exited.path("output"));
      } else if (isFailure(type)) {
        s.put("status", "FAILED");
        JsonNode details = failureDetails(e);
        s.put("error", details.path("error").asText(""));
        s.put("cause", details.path("cause").asText(""));
      }
    }
    states.properties().forEach(p -> ((ObjectNode) p.getValue()).remove("enteredEventId"));
    return states;
  }

  /** The name of the state an event belongs to, or null (execution-level events). */
  static String owner(JsonNode event, Map<Long, JsonNode> byId) {
    JsonNode at = event;
    for (int hops = 0; hops < 10_000; hops++) {
      long prev = at.path("previousEventId").asLong();
      at = byId.get(prev);
      if (at == null) {
        return null;
      }
      if (at.path("stateEnteredEventDetails").isObject()) {
        return at.path("stateEnteredEventDetails").path("name").asText();
      }
      if (at.path("stateExitedEventDetails").isObject()) {
        // after a state exited, the next event starts something else
        return null;
      }
    }
    return null;
  }

  private static boolean isFailure(String type) {
    return type.endsWith("Failed") && !type.startsWith("Execution")
        || type.endsWith("TimedOut") && !type.startsWith("Execution");
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
