package dev.slipway.localcloud.stepfunctions.asl.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** JSONPath with Jayway's semantics as Step Functions exposes them. */
class JsonPathTest {
  static final Object DOC =
      Json.parse(
          """
          {"store":{"book":[{"title":"A","price":8,"tags":["x"]},{"title":"B","price":12},
                            {"title":"C","price":5,"isbn":"1"}],
                    "bike":{"color":"red","price":20}},
           "weird key":{"a.b":1},"n":null}
          """);

  static Stream<Arguments> table() {
    return Stream.of(
        Arguments.of("$", DOC),
        Arguments.of("$.store.bike.color", "red"),
        Arguments.of("$['weird key']['a.b']", 1L),
        Arguments.of("$.n", null),
        Arguments.of("$.store.book[1].title", "B"),
        Arguments.of("$.store.book[-1].title", "C"),
        Arguments.of("$.store.book[*].title", List.of("A", "B", "C")),
        Arguments.of("$.store.book[0,2].price", List.of(8L, 5L)),
        Arguments.of("$.store.book[1:].title", List.of("B", "C")),
        Arguments.of("$.store.book[:2].title", List.of("A", "B")),
        Arguments.of("$..price", List.of(8L, 12L, 5L, 20L)),
        Arguments.of("$.store.book[?(@.price < 10)].title", List.of("A", "C")),
        Arguments.of("$.store.book[?(@.isbn)].title", List.of("C")),
        Arguments.of(
            "$.store.book[?(@.title == 'B' || @.price > 7 && @.price < 9)].title",
            List.of("A", "B")),
        Arguments.of("$.store.book.length()", 3L),
        Arguments.of("$.store.book[5].title.missing[*]", List.of()));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("table")
  void readsLikeJayway(String path, Object expected) {
    assertThat(JsonPath.compile(path).read(DOC)).isEqualTo(expected);
  }

  @Test
  void definiteMissingPathsNameTheBracketedPath() {
    assertThatThrownBy(() -> JsonPath.compile("$.store.car").read(DOC))
        .isInstanceOf(PathNotFoundException.class)
        .hasMessage("No results for path: $['store']['car']");
    assertThatThrownBy(() -> JsonPath.compile("$.nope.deeper").read(DOC))
        .hasMessage("Missing property in path $['nope']");
  }

  @Test
  void rejectsMalformedPaths() {
    for (String bad : List.of("store", "$.a[", "$.a[x]", "$..", "$.a[1:b]")) {
      assertThatThrownBy(() -> JsonPath.compile(bad))
          .as(bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("Invalid JSONPath '" + bad + "'");
    }
  }

  /** Seed 20261125: writing at a random definite path and reading it back returns the value. */
  static Stream<Arguments> randomDocuments() {
    Random random = new Random(20261125L);
    return IntStream.range(0, 200).mapToObj(i -> Arguments.of(i, randomObject(random, 3)));
  }

  @ParameterizedTest(name = "document {0}")
  @MethodSource("randomDocuments")
  void writeThenReadReturnsTheValue(int index, Map<String, Object> doc) {
    Random random = new Random(index);
    StringBuilder path = new StringBuilder("$");
    Object node = doc;
    while (node instanceof Map<?, ?> m && !m.isEmpty() && random.nextInt(3) > 0) {
      List<?> keys = new ArrayList<>(m.keySet());
      String key = (String) keys.get(random.nextInt(keys.size()));
      path.append('.').append(key);
      node = m.get(key);
    }
    path.append(".added").append(index);
    Object value = Map.of("v", (long) index);
    Object written = JsonPath.compile(path.toString()).write(doc, value);
    assertThat(JsonPath.compile(path.toString()).read(written)).isEqualTo(value);
    assertThat(written).as("the input is not modified").isNotSameAs(doc);
    assertThat(JsonPath.compile(path.toString()).readOr(doc, "absent")).isEqualTo("absent");
  }

  static Map<String, Object> randomObject(Random random, int depth) {
    Map<String, Object> m = new LinkedHashMap<>();
    int n = random.nextInt(4);
    for (int i = 0; i < n; i++) {
      String key = "k" + random.nextInt(10);
      m.put(
          key,
          depth == 0 || random.nextBoolean()
              ? (long) random.nextInt(100)
              : randomObject(random, depth - 1));
    }
    return m;
  }
}
