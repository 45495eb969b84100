package dev.slipway.localcloud.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The graph layout: every state placed once, no overlaps, nesting inside its parent, flow down. */
class GraphLayoutTest {

  @Test
  void pipelineDefinitionIsLaidOutWithEveryStateAndItsMap() throws Exception {
    JsonNode asl =
        Json.MAPPER.readTree(
            Files.readString(
                Path.of(System.getProperty("slipway.root"), "statemachines/pipeline.asl.json")));
    ObjectNode graph = GraphLayout.layout(asl);
    Set<String> names = new HashSet<>();
    graph.path("nodes").forEach(n -> names.add(n.path("name").asText()));
    asl.path("States").properties().forEach(p -> assertThat(names).contains(p.getKey()));
    JsonNode canary = node(graph, "Canary steps");
    assertThat(canary.path("type").asText()).isEqualTo("Map");
    assertThat(children(graph, "Canary steps")).isNotEmpty();
    assertInvariants(graph);
    // Prepare is the start: it sits in the top row
    assertThat(node(graph, "Prepare").path("y").asInt()).isZero();
    assertThat(node(graph, "Deploy to production").path("y").asInt())
        .isGreaterThan(node(graph, "Build image").path("y").asInt());
  }

  @Test
  void parallelBranchesSitSideBySideInsideTheirState() throws Exception {
    JsonNode asl =
        Json.MAPPER.readTree(
            """
            {"StartAt":"P","States":{
              "P":{"Type":"Parallel","Next":"End","Branches":[
                {"StartAt":"A1","States":{"A1":{"Type":"Pass","Next":"A2"},"A2":{"Type":"Pass","End":true}}},
                {"StartAt":"B1","States":{"B1":{"Type":"Pass","End":true}}}]},
              "End":{"Type":"Succeed"}}}
            """);
    ObjectNode graph = GraphLayout.layout(asl);
    JsonNode a1 = node(graph, "A1");
    JsonNode b1 = node(graph, "B1");
    assertThat(a1.path("y").asInt()).isEqualTo(b1.path("y").asInt());
    assertThat(a1.path("x").asInt()).isNotEqualTo(b1.path("x").asInt());
    assertThat(node(graph, "A2").path("y").asInt()).isGreaterThan(a1.path("y").asInt());
    assertThat(a1.path("parent").asText()).isEqualTo("P");
    assertInvariants(graph);
  }

  @Test
  void loopsDoNotPushTheirTargetDown() throws Exception {
    JsonNode asl =
        Json.MAPPER.readTree(
            """
            {"StartAt":"Check","States":{
              "Check":{"Type":"Task","Resource":"x","Next":"Done?"},
              "Done?":{"Type":"Choice","Choices":[{"Variable":"$.d","BooleanEquals":true,"Next":"Ok"}],"Default":"Wait"},
              "Wait":{"Type":"Wait","Seconds":1,"Next":"Check"},
              "Ok":{"Type":"Succeed"}}}
            """);
    ObjectNode graph = GraphLayout.layout(asl);
    assertThat(node(graph, "Check").path("y").asInt()).isZero();
    assertThat(node(graph, "Wait").path("y").asInt()).isGreaterThan(0);
    assertInvariants(graph);
  }

  @Test
  void aDefinitionWithoutStatesIsRejectedWithTheReason() {
    assertThatThrownBy(() -> GraphLayout.layout(Json.MAPPER.createObjectNode()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("StartAt and States");
  }

  /** Seed 20261125: random definitions with choices, catches, loops and nested Parallel/Map. */
  static Stream<JsonNode> randomDefinitions() {
    Random random = new Random(20261125L);
    List<JsonNode> out = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      out.add(randomBlock(random, 0, "s" + i + "_"));
    }
    return out.stream();
  }

  @ParameterizedTest
  @MethodSource("randomDefinitions")
  void randomDefinitionsKeepTheInvariants(JsonNode asl) {
    ObjectNode graph = GraphLayout.layout(asl);
    assertInvariants(graph);
    int expected = countStates(asl);
    assertThat(graph.path("nodes").size()).isEqualTo(expected);
  }

  private static ObjectNode randomBlock(Random random, int depth, String prefix) {
    int n = 1 + random.nextInt(depth == 0 ? 9 : 4);
    ObjectNode block = Json.MAPPER.createObjectNode();
    block.put("StartAt", prefix + 0);
    ObjectNode states = block.putObject("States");
    for (int i = 0; i < n; i++) {
      ObjectNode s = states.putObject(prefix + i);
      int kind = random.nextInt(6);
      if (kind == 0 && depth < 2) {
        s.put("Type", "Parallel");
        for (int b = 0; b < 1 + random.nextInt(3); b++) {
          s.withArray("Branches").add(randomBlock(random, depth + 1, prefix + i + "b" + b + "_"));
        }
      } else if (kind == 1 && depth < 2) {
        s.put("Type", "Map");
        s.set("ItemProcessor", randomBlock(random, depth + 1, prefix + i + "m_"));
      } else if (kind == 2 && i + 1 < n) {
        s.put("Type", "Choice");
        s.putArray("Choices").addObject().put("Next", prefix + random.nextInt(n));
        s.put("Default", prefix + (i + 1));
        continue;
      } else {
        s.put("Type", "Task");
      }
      if (i + 1 < n) {
        s.put("Next", prefix + (i + 1));
      } else {
        s.put("End", true);
      }
      if (random.nextInt(4) == 0) {
        s.putArray("Catch").addObject().put("Next", prefix + random.nextInt(n));
      }
    }
    return block;
  }

  private static int countStates(JsonNode block) {
    int count = 0;
    for (var p : block.path("States").properties()) {
      count++;
      for (JsonNode b : GraphLayout.branches(p.getValue())) {
        count += countStates(b);
      }
    }
    return count;
  }

  /** No two sibling boxes overlap, children lie inside their parent, ids are unique. */
  static void assertInvariants(ObjectNode graph) {
    Map<String, JsonNode> byId = new HashMap<>();
    graph.path("nodes").forEach(n -> assertThat(byId.put(n.path("id").asText(), n)).isNull());
    List<JsonNode> nodes = new ArrayList<>(byId.values());
    for (JsonNode a : nodes) {
      assertThat(a.path("x").asInt() + a.path("w").asInt())
          .isLessThanOrEqualTo(graph.path("width").asInt());
      assertThat(a.path("y").asInt() + a.path("h").asInt())
          .isLessThanOrEqualTo(graph.path("height").asInt());
      if (a.has("parent")) {
        JsonNode p = byId.get(a.path("parent").asText());
        assertThat(p).as("parent of " + a).isNotNull();
        assertThat(a.path("x").asInt()).isGreaterThan(p.path("x").asInt());
        assertThat(a.path("y").asInt()).isGreaterThan(p.path("y").asInt());
        assertThat(a.path("x").asInt() + a.path("w").asInt())
            .isLessThan(p.path("x").asInt() + p.path("w").asInt());
        assertThat(a.path("y").asInt() + a.path("h").asInt())
            .isLessThan(p.path("y").asInt() + p.path("h").asInt());
      }
      for (JsonNode b : nodes) {
        if (a != b && a.path("parent").asText().equals(b.path("parent").asText())) {
          boolean apart =
              a.path("x").asInt() + a.path("w").asInt() <= b.path("x").asInt()
                  || b.path("x").asInt() + b.path("w").asInt() <= a.path("x").asInt()
                  || a.path("y").asInt() + a.path("h").asInt() <= b.path("y").asInt()
                  || b.path("y").asInt() + b.path("h").asInt() <= a.path("y").asInt();
          assertThat(apart).as(a.path("id") + " overlaps " + b.path("id")).isTrue();
        }
      }
    }
    graph
        .path("edges")
        .forEach(
            e -> {
              assertThat(byId).containsKey(e.path("from").asText());
              assertThat(byId).containsKey(e.path("to").asText());
            });
  }

  static JsonNode node(ObjectNode graph, String name) {
    for (JsonNode n : graph.path("nodes")) {
      if (n.path("name").asText().equals(name)) {
        return n;
      }
    }
    throw new AssertionError("no node " + name);
  }

  static List<JsonNode> children(ObjectNode graph, String parent) {
    List<JsonNode> out = new ArrayList<>();
    graph
        .path("nodes")
        .forEach(
            n -> {
              if (n.path("parent").asText().equals(parent)) {
                out.add(n);
              }
            });
    return out;
  }
}
