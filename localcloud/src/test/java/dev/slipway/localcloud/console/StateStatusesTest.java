package dev.slipway.localcloud.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StateStatusesTest {
  private final List<JsonNode> events = new ArrayList<>();

  @Test
  void statesInsideAMapShowEachIterationWithItsTrafficStep() {
    entered("Map", "Canary steps", "{}");
    for (int i = 0; i < 3; i++) {
      iteration("Started", i);
      int percent = List.of(5, 25, 50).get(i);
      entered("Task", "Shift traffic", "{\"step\":{\"trafficPercent\":" + percent + "}}");
      exited("Task", "Shift traffic");
      entered("Wait", "Bake", "{}");
      if (i < 2) {
        exited("Wait", "Bake");
        iteration("Succeeded", i);
      }
    }

    ObjectNode states = StateStatuses.of(events);

    JsonNode shift = states.path("Shift traffic").path("iterations");
    assertThat(shift.findValuesAsText("label")).containsExactly("5 %", "25 %", "50 %");
    assertThat(shift.findValuesAsText("status"))
        .containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
    JsonNode bake = states.path("Bake").path("iterations");
    assertThat(bake.findValuesAsText("status"))
        .as("the third bake still runs")
        .containsExactly("SUCCEEDED", "SUCCEEDED", "RUNNING");
    assertThat(states.path("Bake").path("status").asText()).isEqualTo("RUNNING");
    assertThat(states.path("Canary steps").has("iterations")).as("outside any Map").isFalse();
  }

  @Test
  void aFailStateFailsOnEntryAndItsIterationFailsWithIt() {
    entered("Map", "Canary steps", "{}");
    iteration("Started", 0);
    entered("Task", "Analyze canary", "{\"step\":{\"trafficPercent\":5}}");
    exited("Task", "Analyze canary");
    entered("Task", "Analyze canary", "{\"step\":{\"trafficPercent\":5}}"); // extended bake
    entered("Fail", "Canary failed", "{}");
    iteration("Failed", 0);
    event("MapStateFailed", null, null);
    entered("Fail", "Rolled back", "{}");

    ObjectNode states = StateStatuses.of(events);

    assertThat(states.path("Canary failed").path("status").asText()).isEqualTo("FAILED");
    assertThat(states.path("Rolled back").path("status").asText()).isEqualTo("FAILED");
    assertThat(states.path("Analyze canary").path("iterations").findValuesAsText("status"))
        .as("one iteration, entered twice; it ended with the iteration's failure")
        .containsExactly("FAILED");
    assertThat(states.path("Canary failed").path("iterations").findValuesAsText("label"))
        .containsExactly("5 %");
    assertThat(states.path("Canary steps").path("status").asText()).isEqualTo("FAILED");
  }

  @Test
  void anIterationWithoutATrafficStepIsNamedByItsPosition() {
    assertThat(MapIterations.label(0, "{\"item\":\"a\"}")).isEqualTo("#1");
    assertThat(MapIterations.label(3, "not json")).isEqualTo("#4");
    assertThat(MapIterations.label(1, "{\"trafficPercent\":25}")).isEqualTo("25 %");
    assertThat(
            MapIterations.label(
                0,
                "{\"state\":{\"deploy\":{\"trafficPercent\":100}},\"step\":{\"trafficPercent\":5}}"))
        .as("the iteration's own step, not a value deeper in the state it carries")
        .isEqualTo("5 %");
    assertThat(MapIterations.label(2, "{\"state\":{\"trafficPercent\":100}}")).isEqualTo("#3");
  }

  private void entered(String kind, String name, String input) {
    ObjectNode d = Json.MAPPER.createObjectNode().put("name", name).put("input", input);
    event(kind + "StateEntered", "stateEnteredEventDetails", d);
  }

  private void exited(String kind, String name) {
    ObjectNode d = Json.MAPPER.createObjectNode().put("name", name).put("output", "{}");
    event(kind + "StateExited", "stateExitedEventDetails", d);
  }

  private void iteration(String what, int index) {
    ObjectNode d = Json.MAPPER.createObjectNode().put("name", "Canary steps").put("index", index);
    event("MapIteration" + what, "mapIteration" + what + "EventDetails", d);
  }

  private void event(String type, String key, ObjectNode details) {
    ObjectNode e = Json.MAPPER.createObjectNode().put("id", events.size() + 1).put("type", type);
    if (key != null) {
      e.set(key, details);
    }
    events.add(e);
  }
}
