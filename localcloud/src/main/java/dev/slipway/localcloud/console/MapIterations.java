package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Which Map iteration each state inside a Map ran in, so the graph can show a state's status per
 * iteration ("Shift traffic" at 5 / 25 / 50 / 100 %) rather than its latest only. The history
 * carries no iteration on a state's events: a state entered while an iteration is open belongs to
 * the innermost open one, which is exact for a Map with MaxConcurrency 1 (the canary steps) and the
 * latest started iteration otherwise.
 */
final class MapIterations {
  private final Deque<Open> open = new ArrayDeque<>();

  private static final class Open {
    final String map;
    final long index;
    String label;
    final List<ObjectNode> entries = new ArrayList<>();

    Open(String map, long index) {
      this.map = map;
      this.index = index;
    }
  }

  /** A {@code MapIterationStarted} event. */
  void started(JsonNode details) {
    open.push(new Open(details.path("name").asText(), details.path("index").asLong()));
  }

  /**
   * A {@code MapIteration{Succeeded,Failed,Aborted}} event: the iteration's entries still running
   * take its outcome (a Fail state inside it never exits).
   */
  void ended(JsonNode details, boolean succeeded) {
    String map = details.path("name").asText();
    long index = details.path("index").asLong();
    for (var it = open.iterator(); it.hasNext(); ) {
      Open o = it.next();
      if (o.map.equals(map) && o.index == index) {
        it.remove();
        for (ObjectNode e : o.entries) {
          if (e.path("status").asText().equals("RUNNING")) {
            e.put("status", succeeded ? "SUCCEEDED" : "FAILED");
          }
        }
        return;
      }
    }
  }

  /**
   * A state entered with {@code input} (JSON text): adds or reopens its entry for the innermost
   * open iteration in {@code iterations}; returns that entry, or null outside any Map.
   */
  ObjectNode entered(ArrayNode iterations, String input) {
    Open o = open.peek();
    if (o == null) {
      return null;
    }
    if (o.label == null) {
      o.label = label(o.index, input);
    }
    ObjectNode entry = null;
    for (JsonNode e : iterations) {
      if (e.path("index").asLong() == o.index && e instanceof ObjectNode n) {
        entry = n; // entered again within the same iteration (a loop such as "Extend bake")
      }
    }
    if (entry == null) {
      entry = iterations.addObject().put("index", o.index).put("label", o.label);
      o.entries.add(entry);
    }
    return entry.put("status", "RUNNING");
  }

  /**
   * What a person calls the iteration: its traffic step ("25 %", the pipeline's canary item {@code
   * step.trafficPercent}) when the input carries one, else its position ("#2").
   */
  static String label(long index, String input) {
    JsonNode in = ExecutionsView.parse(input);
    JsonNode percent = in.path("step").path("trafficPercent");
    if (!percent.isNumber()) {
      percent = in.path("trafficPercent");
    }
    return percent.isNumber() ? percent.asText() + " %" : "#" + (index + 1);
  }
}
