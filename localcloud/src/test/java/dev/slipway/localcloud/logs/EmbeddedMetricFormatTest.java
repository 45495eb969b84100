package dev.slipway.localcloud.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.MetricDatum;
import software.amazon.awssdk.services.cloudwatch.model.StandardUnit;

class EmbeddedMetricFormatTest {
  private static final Instant NOW = Instant.parse("2026-03-01T12:00:30Z");
  private static final long TS = Instant.parse("2026-03-01T12:00:29Z").toEpochMilli();

  /** A document with one directive of {@code metrics} and {@code dimensions}, and root members. */
  private static String doc(String dimensions, String metrics, String members) {
    return """
        {"_aws":{"Timestamp":%d,"CloudWatchMetrics":[{"Namespace":"HelloService",\
        "Dimensions":%s,"Metrics":%s}]},%s}"""
        .formatted(TS, dimensions, metrics, members);
  }

  private static EmbeddedMetricFormat.Extraction extract(String line) {
    return EmbeddedMetricFormat.extract(line, NOW);
  }

  private static List<MetricDatum> datums(String line) {
    var e = extract(line);
    assertThat(e.problem()).isNull();
    assertThat(e.valid()).isTrue();
    return e.requests().stream().flatMap(r -> r.metricData().stream()).toList();
  }

  private static String invalid(String line) {
    var e = extract(line);
    assertThat(e.emf()).isTrue();
    assertThat(e.valid()).isFalse();
    assertThat(e.requests()).isEmpty();
    return e.problem();
  }

  @Test
  void extractsAHighResolutionDocumentWithValueArrays() {
    var line =
        doc(
            "[[\"Service\",\"Version\"]]",
            "[{\"Name\":\"Requests\",\"Unit\":\"Count\",\"StorageResolution\":1},"
                + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":1}]",
            "\"Service\":\"hello\",\"Version\":\"abc\",\"Requests\":3,"
                + "\"Latency\":[1.5,2,300.25],\"requestId\":\"ignored\"");
    var e = extract(line);
    assertThat(e.requests())
        .singleElement()
        .satisfies(r -> assertThat(r.namespace()).isEqualTo("HelloService"));
    var d = datums(line);
    assertThat(d).hasSize(2);
    var requests = d.get(0);
    assertThat(requests.metricName()).isEqualTo("Requests");
    assertThat(requests.value()).isEqualTo(3.0);
    assertThat(requests.unit()).isEqualTo(StandardUnit.COUNT);
    assertThat(requests.storageResolution()).isEqualTo(1);
    assertThat(requests.timestamp()).isEqualTo(Instant.ofEpochMilli(TS));
    assertThat(requests.dimensions())
        .containsExactly(
            Dimension.builder().name("Service").value("hello").build(),
            Dimension.builder().name("Version").value("abc").build());
    var latency = d.get(1);
    assertThat(latency.value()).isNull();
    assertThat(latency.values()).containsExactly(1.5, 2.0, 300.25);
    assertThat(latency.unit()).isEqualTo(StandardUnit.MILLISECONDS);
  }

  @Test
  void theSampleServicesLineGivesItsThreeHighResolutionMetrics() {
    // the example in examples/hello-service/README.md, as the service prints it
    var line =
        "{\"_aws\":{\"Timestamp\":1772366407000,\"CloudWatchMetrics\":[{\"Namespace\":"
            + "\"HelloService\",\"Dimensions\":[[\"Service\",\"Version\"]],\"Metrics\":["
            + "{\"Name\":\"Requests\",\"Unit\":\"Count\",\"StorageResolution\":1},"
            + "{\"Name\":\"Errors\",\"Unit\":\"Count\",\"StorageResolution\":1},"
            + "{\"Name\":\"Latency\",\"Unit\":\"Milliseconds\",\"StorageResolution\":1}]}]},"
            + "\"Service\":\"hello\",\"Version\":\"3f9c2e1d7a6b5c4d3e2f1a0b9c8d7e6f5a4b3c2d\","
            + "\"Requests\":3,\"Errors\":1,\"Latency\":[1.532,251.004,2.870]}";
    var d = datums(line);
    assertThat(d)
        .extracting(MetricDatum::metricName)
        .containsExactly("Requests", "Errors", "Latency");
    assertThat(d).allSatisfy(x -> assertThat(x.storageResolution()).isEqualTo(1));
    assertThat(d.get(0).value()).isEqualTo(3.0);
    assertThat(d.get(1).value()).isEqualTo(1.0);
    assertThat(d.get(2).values()).containsExactly(1.532, 251.004, 2.87);
    assertThat(d.get(2).timestamp()).isEqualTo(Instant.ofEpochMilli(1772366407000L));
  }

  @Test
  void standardResolutionIsKeptAndAbsentResolutionAndUnitTakeTheDefaults() {
    var d =
        datums(
            doc(
                "[[]]",
                "[{\"Name\":\"A\",\"StorageResolution\":60},{\"Name\":\"B\"}]",
                "\"A\":1,\"B\":2"));
    assertThat(d.get(0).storageResolution()).isEqualTo(60);
    assertThat(d.get(1).storageResolution()).isNull();
    assertThat(d.get(1).unit()).isEqualTo(StandardUnit.NONE);
    assertThat(d.get(0).dimensions()).isEmpty();
  }

  @Test
  void everyDimensionSetGivesEachMetric() {
    var d =
        datums(
            doc(
                "[[\"Service\"],[\"Service\",\"Version\"],[]]",
                "[{\"Name\":\"Errors\",\"Unit\":\"Count\"}]",
                "\"Service\":\"hello\",\"Version\":\"v2\",\"Errors\":1"));
    assertThat(d).hasSize(3);
    assertThat(d).extracting(x -> x.dimensions().size()).containsExactly(1, 2, 0);
  }

  @Test
  void severalDirectivesGiveOneRequestPerNamespace() {
    var line =
        """
        {"_aws":{"Timestamp":%d,"CloudWatchMetrics":[
        {"Namespace":"A","Dimensions":[[]],"Metrics":[{"Name":"x"}]},
        {"Namespace":"B","Dimensions":[[]],"Metrics":[{"Name":"x"}]}]},"x":1}"""
            .formatted(TS)
            .replace("\n", "");
    assertThat(extract(line).requests()).extracting(r -> r.namespace()).containsExactly("A", "B");
  }

  @Test
  void plainLogLinesAreNotEmf() {
    for (var line :
        List.of(
            "2026-03-01T12:00:00Z hello-service: listening on 8080",
            "",
            "{\"message\":\"json but no _aws\"}",
            "[{\"_aws\":{}}]",
            "{\"_aws\":{\"Timestamp\":1}} trailing text",
            "prefix {\"_aws\":{\"Timestamp\":1,\"CloudWatchMetrics\":[]}}",
            "{\"_aws\": broken")) {
      var e = extract(line);
      assertThat(e.emf()).as(line).isFalse();
      assertThat(e.requests()).isEmpty();
    }
  }

  @Test
  void anInvalidDocumentGivesNoMetricAtAll() {
    // the second metric breaks a rule: the first is not extracted either
    assertThat(
            invalid(
                doc(
                    "[[]]",
                    "[{\"Name\":\"Good\"},{\"Name\":\"Bad\",\"StorageResolution\":5}]",
                    "\"Good\":1,\"Bad\":2")))
        .contains("StorageResolution of Bad must be 1 or 60");
  }

  @Test
  void metadataMustHaveATimestampAndDirectives() {
    assertThat(invalid("{\"_aws\":{\"CloudWatchMetrics\":[]}}")).contains("Timestamp is missing");
    assertThat(invalid("{\"_aws\":{\"Timestamp\":\"now\",\"CloudWatchMetrics\":[]}}"))
        .contains("whole number");
    assertThat(invalid("{\"_aws\":{\"Timestamp\":" + TS + "}}")).contains("CloudWatchMetrics");
    assertThat(invalid("{\"_aws\":[]}")).contains("_aws must be an object");
    var old = NOW.minusSeconds(15 * 24 * 3600).toEpochMilli();
    assertThat(invalid("{\"_aws\":{\"Timestamp\":" + old + ",\"CloudWatchMetrics\":[]}}"))
        .contains("two weeks");
    var ahead = NOW.plusSeconds(3 * 3600).toEpochMilli();
    assertThat(invalid("{\"_aws\":{\"Timestamp\":" + ahead + ",\"CloudWatchMetrics\":[]}}"))
        .contains("two hours");
    assertThat(extract("{\"_aws\":{\"Timestamp\":" + TS + ",\"CloudWatchMetrics\":[]}}").valid())
        .isTrue();
  }

  @Test
  void namespacesFollowPutMetricDataRules() {
    var metric = "[{\"Name\":\"x\"}]";
    assertThat(invalid(doc("[[]]", metric, "\"x\":1").replace("HelloService", "AWS/Mine")))
        .contains("reserved");
    assertThat(invalid(doc("[[]]", metric, "\"x\":1").replace("HelloService", ":x")))
        .contains("':'");
    assertThat(invalid(doc("[[]]", metric, "\"x\":1").replace("\"HelloService\"", "\"\"")))
        .contains("1 to 255");
    assertThat(invalid(doc("[[]]", metric, "\"x\":1").replace("\"HelloService\"", "3")))
        .contains("Namespace must be a string");
  }

  @Test
  void dimensionSetsAreLimitedToThirtyStringMembers() {
    var thirty = IntStream.range(0, 30).mapToObj(i -> "d" + i).toList();
    var members =
        thirty.stream().map(k -> "\"" + k + "\":\"v\"").collect(Collectors.joining(","))
            + ",\"x\":1";
    var set = thirty.stream().map(k -> "\"" + k + "\"").collect(Collectors.joining(","));
    assertThat(datums(doc("[[" + set + "]]", "[{\"Name\":\"x\"}]", members)))
        .singleElement()
        .satisfies(d -> assertThat(d.dimensions()).hasSize(30));
    assertThat(
            invalid(
                doc("[[" + set + ",\"d30\"]]", "[{\"Name\":\"x\"}]", members + ",\"d30\":\"v\"")))
        .contains("at most 30 dimensions");
    assertThat(invalid(doc("[]", "[{\"Name\":\"x\"}]", "\"x\":1"))).contains("at least one");
    assertThat(invalid(doc("[[\"S\"]]", "[{\"Name\":\"x\"}]", "\"x\":1")))
        .contains("dimension S must be a member of the root with a string value");
    assertThat(invalid(doc("[[\"S\"]]", "[{\"Name\":\"x\"}]", "\"S\":7,\"x\":1")))
        .contains("string value");
    assertThat(invalid(doc("[[\"S\"]]", "[{\"Name\":\"x\"}]", "\"S\":\"  \",\"x\":1")))
        .contains("value CloudWatch does not take");
    assertThat(invalid(doc("[[\"S\"]]", "[{\"Name\":\"x\"}]", "\"S\":\"caf\u00e9\",\"x\":1")))
        .contains("value CloudWatch does not take");
    assertThat(invalid(doc("[\"S\"]", "[{\"Name\":\"x\"}]", "\"S\":\"a\",\"x\":1")))
        .contains("must be an array of dimension names");
  }

  @Test
  void targetsAreRootMembersNeverNestedOnes() {
    assertThat(datums(doc("[[]]", "[{\"Name\":\"A.a\"}]", "\"A.a\":4")))
        .singleElement()
        .satisfies(d -> assertThat(d.value()).isEqualTo(4.0));
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"A.a\"}]", "\"A\":{\"a\":4}")))
        .contains("no member of that name");
  }

  @Test
  void metricsAreLimitedToAHundredDefinitionsAndAHundredValues() {
    var hundred =
        IntStream.range(0, 100)
            .mapToObj(i -> "{\"Name\":\"m" + i + "\"}")
            .collect(Collectors.joining(",", "[", "]"));
    var members =
        IntStream.range(0, 101).mapToObj(i -> "\"m" + i + "\":1").collect(Collectors.joining(","));
    assertThat(datums(doc("[[]]", hundred, members))).hasSize(100);
    var hundredAndOne = hundred.replace("]", ",{\"Name\":\"m100\"}]");
    assertThat(invalid(doc("[[]]", hundredAndOne, members))).contains("at most 100 metric");
    var values = IntStream.range(0, 100).mapToObj(i -> "1").collect(Collectors.joining(","));
    assertThat(datums(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":[" + values + "]")))
        .singleElement()
        .satisfies(d -> assertThat(d.values()).hasSize(100));
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":[" + values + ",1]")))
        .contains("more than 100 values");
  }

  @Test
  void valuesMustBeNumbersInCloudWatchsRange() {
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":\"12\"")))
        .contains("must be a number");
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":[1,\"2\"]")))
        .contains("must be a number");
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":1e200"))).contains("2^360");
    assertThat(datums(doc("[[]]", "[{\"Name\":\"x\"}]", "\"x\":[]"))).isEmpty();
  }

  @Test
  void unitsAreCloudWatchUnitsAndCaseSensitive() {
    assertThat(datums(doc("[[]]", "[{\"Name\":\"x\",\"Unit\":\"Count/Second\"}]", "\"x\":1")))
        .singleElement()
        .satisfies(d -> assertThat(d.unit()).isEqualTo(StandardUnit.COUNT_SECOND));
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\",\"Unit\":\"count\"}]", "\"x\":1")))
        .contains("not a CloudWatch unit");
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\",\"Unit\":\"ms\"}]", "\"x\":1")))
        .contains("not a CloudWatch unit");
    assertThat(invalid(doc("[[]]", "[{\"Name\":\"x\",\"StorageResolution\":\"1\"}]", "\"x\":1")))
        .contains("1 or 60");
    assertThat(invalid(doc("[[]]", "[{\"Unit\":\"Count\"}]", "\"x\":1"))).contains("string Name");
  }
}
