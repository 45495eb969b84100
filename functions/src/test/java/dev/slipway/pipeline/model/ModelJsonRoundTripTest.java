package dev.slipway.pipeline.model;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ModelJsonRoundTripTest {
  private static final ObjectMapper MAPPER = PipelineJson.mapper();

  static Stream<Arguments> records() {
    return Stream.of(
        Arguments.of(ModelFixtures.push(), PushEvent.class),
        Arguments.of(ModelFixtures.manualRollback(), ManualRollbackRequest.class),
        Arguments.of(ModelFixtures.config(), PipelineConfig.class),
        Arguments.of(PipelineConfig.defaults("hello", "acme/hello"), PipelineConfig.class),
        Arguments.of(ModelFixtures.prepare(), PrepareResult.class),
        Arguments.of(ModelFixtures.build(), BuildResult.class),
        Arguments.of(ModelFixtures.image(), ImageRef.class),
        Arguments.of(ModelFixtures.deployment("staging", 100), DeploymentResult.class),
        Arguments.of(ModelFixtures.smoke("staging"), SmokeResult.class),
        Arguments.of(ModelFixtures.approval(), ApprovalResult.class),
        Arguments.of(ModelFixtures.verdict(), CanaryVerdict.class),
        Arguments.of(ModelFixtures.record(), DeploymentRecord.class),
        Arguments.of(ModelFixtures.rollback(), RollbackResult.class),
        Arguments.of(new StepFailure("States.Timeout", "timed out"), StepFailure.class),
        Arguments.of(
            new DoraReport(
                "hello",
                "production",
                ModelFixtures.T0,
                ModelFixtures.T0.plusSeconds(86400),
                3,
                3.0,
                5400L,
                1,
                0.25,
                null,
                0,
                2,
                1),
            DoraReport.class),
        Arguments.of(
            new QueuedPush("hello-fd48986-d1", ModelFixtures.SHA, ModelFixtures.T0),
            QueuedPush.class),
        Arguments.of(
            new ServiceLock(
                "hello", "hello-fd48986-d1", ModelFixtures.SHA, ModelFixtures.T0, null, "stuck"),
            ServiceLock.class),
        Arguments.of(ModelFixtures.fullState(), PipelineState.class),
        Arguments.of(
            PipelineState.of(ModelFixtures.manualRollback(), "e-2", ModelFixtures.T0),
            PipelineState.class),
        Arguments.of(
            new StepInput(ModelFixtures.fullState(), "hello-fd48986-d1", "tok", "production", 25),
            StepInput.class));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("records")
  void survivesJsonRoundTrip(Object value, Class<?> type) throws Exception {
    String json = MAPPER.writeValueAsString(value);
    assertThat(MAPPER.readValue(json, type)).isEqualTo(value);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("records")
  void writesEveryNonNullComponentUnderItsExplicitNameAndLeavesNullsOut(Object value, Class<?> type)
      throws Exception {
    JsonNode json = MAPPER.valueToTree(value);
    List<String> present = new ArrayList<>();
    List<String> absent = new ArrayList<>();
    for (var component : type.getRecordComponents()) {
      JsonProperty named = component.getAccessor().getAnnotation(JsonProperty.class);
      assertThat(named)
          .as("%s.%s has @JsonProperty", type.getSimpleName(), component.getName())
          .isNotNull();
      (component.getAccessor().invoke(value) == null ? absent : present).add(named.value());
    }
    List<String> written = json.properties().stream().map(Map.Entry::getKey).toList();
    assertThat(written).containsAll(present);
    assertThat(written).filteredOn(absent::contains).isEmpty();
  }

  static Stream<Arguments> recordsReadFromOutside() {
    // config is strict on purpose: a typo must not be silently ignored (PipelineConfigsTest)
    return records().filter(a -> a.get()[1] != PipelineConfig.class);
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("recordsReadFromOutside")
  void ignoresUnknownFieldsFromOutside(Object value, Class<?> type) throws Exception {
    var json = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.valueToTree(value);
    json.put("addedByALaterVersion", 1);
    assertThat(MAPPER.treeToValue(json, type)).isEqualTo(value);
  }
}
