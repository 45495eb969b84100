package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionException;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bad definitions are refused with AWS's InvalidDefinition shape and never crash the engine:
 * conformance definitions mutated at random (fields dropped, values swapped for other JSON types),
 * seed 853. A definition that still validates must run to an AWS-shaped end.
 */
class MalformedDefinitionTest {
  static final long SEED = 853L;
  static final List<Object> ODD_VALUES =
      List.of(
          "", "$.", "$$.nope", "{% $x + %}", "States.Format(", -1L, 1.5, true, List.of(), Map.of());

  static Stream<Object[]> mutations() throws Exception {
    // one case per template, so every state shape gets mutated, not mostly Choice operators
    Map<Object, Object> byTemplate = new LinkedHashMap<>();
    for (Object c :
        Json.asArray(Json.parse(Files.readString(AslConformanceTest.conformanceIndex())))) {
      byTemplate.putIfAbsent(Json.asObject(c).get("template"), c);
    }
    List<Object> cases = new ArrayList<>(byTemplate.values());
    Random random = new Random(SEED);
    List<Object[]> out = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      Map<String, Object> c = Json.asObject(cases.get(random.nextInt(cases.size())));
      Object definition = Json.copy(c.get("definition"));
      int edits = 1 + random.nextInt(3);
      for (int e = 0; e < edits; e++) {
        mutate(definition, random);
      }
      out.add(new Object[] {i, Json.write(definition), c.get("input")});
    }
    return out.stream();
  }

  /** Picks a random object in the tree and drops, or retypes, one of its fields. */
  static void mutate(Object root, Random random) {
    List<Map<String, Object>> objects = new ArrayList<>();
    collect(root, objects);
    Map<String, Object> target = objects.get(random.nextInt(objects.size()));
    if (target.isEmpty()) {
      return;
    }
    List<String> keys = new ArrayList<>(target.keySet());
    String key = keys.get(random.nextInt(keys.size()));
    if (random.nextBoolean()) {
      target.remove(key);
    } else {
      target.put(key, Json.copy(ODD_VALUES.get(random.nextInt(ODD_VALUES.size()))));
    }
  }

  static void collect(Object node, List<Map<String, Object>> out) {
    if (node instanceof Map<?, ?> m) {
      out.add(Json.asObject(m));
      new LinkedHashMap<>(Json.asObject(m)).values().forEach(v -> collect(v, out));
    } else if (node instanceof List<?> l) {
      l.forEach(v -> collect(v, out));
    }
  }

  @ParameterizedTest(name = "mutation {0}")
  @MethodSource("mutations")
  void badDefinitionsAreRefusedOrRunCleanly(int index, String definition, Object input) {
    try {
      DefinitionParser.parse(definition);
    } catch (DefinitionException e) {
      assertThat(e.getMessage()).startsWith("Invalid State Machine Definition: '");
      assertThat(e.problems()).allMatch(p -> p.matches("[A-Z_]+: .*"));
      return;
    }
    ExecutionResult r = new AslHarness().run(Json.parse(definition), input);
    assertThat(r.status()).isIn("SUCCEEDED", "FAILED");
    if (r.status().equals("FAILED")) {
      assertThat(r.error() == null || !r.error().isEmpty()).isTrue();
    }
  }
}
