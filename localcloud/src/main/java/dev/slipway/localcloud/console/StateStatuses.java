package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
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
 * matching kind — the same attribution the AWS console's step details use. A state inside a Map
 * shows its latest iteration as its status and each iteration's under {@code iterations}; a Fail
 * state is failed once entered (it never exits).
 */
final class StateStatuses {
  private StateStatuses() {}

  /**
   * {@code {stateName: {status, type, input, output, error, cause, events:[ids],
   * iterations:[{index, label, status}]}}}.
   */
  static ObjectNode of(List<JsonNode> events) {
    ObjectNode states = Json.MAPPER.createObjectNode();
    Map<String, String> open = new LinkedHashMap<>();
    Map<String, ObjectNode> iterationOf = new LinkedHashMap<>();
    MapIterations iterations = new MapIterations();
    for (JsonNode e : events) {
      String type = e.path("type").asText();
      long id = e.path("id").asLong();
      JsonNode entered = e.path("stateEnteredEventDetails");
      JsonNode exited = e.path("stateExitedEventDetails");
      if (entered.isObject()) {
        String name = entered.path("name").asText();
        String kind = type.replace("StateEntered", "");
        JsonNode before = states.path(name).path("iterations");
        ObjectNode s = states.putObject(name);
        s.put("status", kind.equals("Fail") ? "FAILED" : "RUNNING").put("type", kind);
        s.set("input", entered.path("input"));
        s.putArray("events").add(id);
        ArrayNode its = before instanceof ArrayNode a ? a : Json.MAPPER.createArrayNode();
        s.set("iterations", its);
        ObjectNode iteration = iterations.entered(its, entered.path("input").asText());
        if (iteration == null) {
          s.remove("iterations");
          iterationOf.remove(name);
        } else {
          iteration.put("status", s.path("status").asText());
          iterationOf.put(name, iteration);
        }
        open.remove(name);
        if (!kind.equals("Fail")) {
          open.put(name, kind);
        }
      } else if (exited.isObject()) {
        String name = exited.path("name").asText();
        open.remove(name);
        if (states.get(name) instanceof ObjectNode s) {
          s.withArray("events").add(id);
          s.put("status", s.has("error") ? "CAUGHT" : "SUCCEEDED");
          s.set("output", exited.path("output"));
          setIteration(iterationOf, name, s);
        }
      } else if (type.startsWith("MapIteration")) {
        mapIteration(e, type, iterations);
        attribute(e, type, id, open, states, iterationOf);
      } else if (!type.startsWith("Execution")) {
        attribute(e, type, id, open, states, iterationOf);
      }
    }
    return states;
  }

  private static void mapIteration(JsonNode e, String type, MapIterations iterations) {
    String key = Character.toLowerCase(type.charAt(0)) + type.substring(1) + "EventDetails";
    if (type.equals("MapIterationStarted")) {
      iterations.started(e.path(key));
    } else {
      iterations.ended(e.path(key), type.equals("MapIterationSucceeded"));
    }
  }

  private static void setIteration(Map<String, ObjectNode> iterationOf, String name, ObjectNode s) {
    ObjectNode iteration = iterationOf.get(name);
    if (iteration != null) {
      iteration.put("status", s.path("status").asText());
    }
  }

  /** An event between a state's entry and exit: added to its owner, which it may fail. */
  private static void attribute(
      JsonNode e,
      String type,
      long id,
      Map<String, String> open,
      ObjectNode states,
      Map<String, ObjectNode> iterationOf) {
    String owner = owner(type, open);
    if (owner != null && states.get(owner) instanceof ObjectNode s) {
      s.withArray("events").add(id);
      if (isFailure(type)) {
        JsonNode details = failureDetails(e);
        s.put("status", "FAILED");
        s.put("error", details.path("error").asText(""));
        s.put("cause", details.path("cause").asText(""));
        setIteration(iterationOf, owner, s);
      }
    }
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
