package dev.slipway.infra;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Slipway's own rules for {@code statemachines/pipeline.asl.json}, beyond what the ASL schema
 * checks ({@code AslValidatorIT}): retries, catches into the rollback path, callbacks with
 * timeouts, readable state names, the payload contract.
 */
class PipelineDefinitionTest {
  static final Path ASL =
      Path.of(System.getProperty("slipway.root")).resolve("statemachines/pipeline.asl.json");
  private static final Set<String> LAMBDA_TRANSIENT =
      Set.of(
          "Lambda.ServiceException",
          "Lambda.AWSLambdaException",
          "Lambda.SdkClientException",
          "Lambda.TooManyRequestsException");

  private static JsonNode definition;

  /** Every state, the Map's inner states included, by name. */
  private static final Map<String, JsonNode> STATES = new LinkedHashMap<>();

  @BeforeAll
  static void load() throws IOException {
    definition = new ObjectMapper().readTree(ASL.toFile());
    collect(definition.get("States"));
  }

  private static void collect(JsonNode states) {
    states
        .properties()
        .forEach(
            e -> {
              STATES.put(e.getKey(), e.getValue());
              if (e.getValue().has("ItemProcessor")) {
                collect(e.getValue().get("ItemProcessor").get("States"));
              }
            });
  }

  static Stream<String> taskNames() {
    if (STATES.isEmpty()) {
      try {
        load();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    return STATES.entrySet().stream()
        .filter(e -> type(e.getValue()).equals("Task"))
        .map(Map.Entry::getKey);
  }

  private static String type(JsonNode state) {
    return state.get("Type").asText();
  }

  private static String function(JsonNode task) {
    String arn = task.at("/Arguments/FunctionName").asText();
    return arn.substring(2, arn.length() - "FunctionArn}".length());
  }

  @Test
  void isJsonataStartingAtPrepare() {
    assertThat(definition.get("QueryLanguage").asText()).isEqualTo("JSONata");
    assertThat(definition.get("StartAt").asText()).isEqualTo("Prepare");
  }

  @ParameterizedTest
  @MethodSource("taskNames")
  void everyTaskRetriesTransientLambdaErrorsWithBackoffAndFullJitter(String name) {
    JsonNode retry = STATES.get(name).get("Retry").get(0);
    var errors = new HashSet<String>();
    retry.get("ErrorEquals").forEach(e -> errors.add(e.asText()));
    assertThat(errors).containsAll(LAMBDA_TRANSIENT);
    assertThat(retry.get("JitterStrategy").asText()).isEqualTo("FULL");
    assertThat(retry.get("BackoffRate").asDouble()).isGreaterThan(1.0);
    assertThat(retry.get("MaxAttempts").asInt()).isGreaterThanOrEqualTo(3);
  }

  @ParameterizedTest
  @MethodSource("taskNames")
  void everyTaskInvokesAKnownHandlerWithTheStepInputPayload(String name) {
    JsonNode task = STATES.get(name);
    boolean callback = task.get("Resource").asText().endsWith(".waitForTaskToken");
    assertThat(task.get("Resource").asText()).startsWith("arn:aws:states:::lambda:invoke");
    assertThat(Stream.of(Handler.values()).map(Handler::className)).contains(function(task));
    JsonNode payload = task.at("/Arguments/Payload");
    assertThat(payload.has("state")).isTrue();
    assertThat(payload.get("execution").asText()).isEqualTo("{% $states.context.Execution.Name %}");
    assertThat(payload.has("taskToken")).isEqualTo(callback);
    if (callback) {
      assertThat(task.has("TimeoutSeconds")).as(name + " waits with a timeout").isTrue();
    }
  }

  @Test
  void deploySmokeTrafficAndCanaryStatesRollBackOnAnyError() {
    var guarded = new HashSet<String>();
    STATES.forEach(
        (name, state) -> {
          boolean forward =
              !name.contains("rollback")
                  && !name.startsWith("Roll back")
                  && !name.startsWith("Retire");
          boolean deployish =
              type(state).equals("Task")
                  && Set.of("DeployService", "SmokeTest", "ShiftTraffic").contains(function(state));
          if (forward && (deployish || type(state).equals("Map")) && !isInsideMap(name)) {
            guarded.add(name);
            JsonNode last = state.get("Catch").get(state.get("Catch").size() - 1);
            assertThat(last.get("ErrorEquals").get(0).asText()).as(name).isEqualTo("States.ALL");
            assertThat(last.get("Next").asText()).as(name).startsWith("Roll back ");
          }
        });
    assertThat(guarded)
        .contains(
            "Deploy to staging",
            "Smoke test staging",
            "Deploy to production",
            "Smoke test green",
            "Switch traffic to green",
            "Canary steps",
            "Smoke test production");
  }

  @Test
  void aFailedRollbackEndsInItsOwnFailStateWithAnActionableCause() {
    for (String name :
        List.of(
            "Roll back staging",
            "Roll back production",
            "Roll back on request",
            "Verify staging rollback",
            "Verify production rollback",
            "Verify requested rollback")) {
      JsonNode c = STATES.get(name).get("Catch").get(0);
      assertThat(c.get("Next").asText()).as(name).isEqualTo("Record failed rollback");
    }
    JsonNode fail = STATES.get("Rollback failed");
    assertThat(type(fail)).isEqualTo("Fail");
    assertThat(fail.get("Error").asText()).isEqualTo("Slipway.RollbackFailed");
    assertThat(fail.get("Cause").asText())
        .contains("lock is still held")
        .contains("slipway rollback --to");
    var failErrors = new HashSet<String>();
    STATES.values().stream()
        .filter(s -> type(s).equals("Fail") && !s.get("Error").asText().startsWith("{%"))
        .forEach(s -> assertThat(failErrors.add(s.get("Error").asText())).isTrue());
    assertThat(failErrors)
        .contains("Slipway.PipelineFailed", "Slipway.RolledBack", "Slipway.RollbackFailed");
  }

  @Test
  void buildWaitsForItsEventWithHeartbeatAndFallsBackToAStatusCheck() {
    JsonNode build = STATES.get("Build image");
    assertThat(build.get("Resource").asText()).endsWith(".waitForTaskToken");
    assertThat(build.has("HeartbeatSeconds")).isTrue();
    JsonNode timeout = build.get("Catch").get(0);
    assertThat(timeout.get("ErrorEquals").toString())
        .contains("States.Timeout")
        .contains("States.HeartbeatTimeout");
    assertThat(timeout.get("Next").asText()).isEqualTo("Check build status");
    assertThat(STATES.get("Check build status").at("/Arguments/Payload/check").asText())
        .isEqualTo("status");
  }

  @Test
  void canaryStepsComeFromTheConfigOneAtATimeWithBakeAndAnalysis() {
    JsonNode map = STATES.get("Canary steps");
    assertThat(map.get("MaxConcurrency").asInt()).isEqualTo(1);
    assertThat(map.get("Items").asText()).contains("prepare.config.canarySteps");
    JsonNode inner = map.at("/ItemProcessor/States");
    assertThat(inner.get("Bake").get("Seconds").asText()).contains("bakeSeconds");
    assertThat(inner.get("Shift traffic").get("Next").asText()).isEqualTo("Bake");
    assertThat(inner.get("Bake").get("Next").asText()).isEqualTo("Analyze canary");
    assertThat(inner.get("Extend bake").get("Next").asText()).isEqualTo("Analyze canary");
    assertThat(inner.get("Canary verdict").get("Choices").get(1).get("Condition").asText())
        .contains("INCONCLUSIVE")
        .contains("maxBakeExtensions");
  }

  @Test
  void aStepStillInconclusiveFollowsTheInconclusiveCanaryPolicy() {
    JsonNode inner = STATES.get("Canary steps").at("/ItemProcessor/States");
    JsonNode choices = inner.get("Canary verdict").get("Choices");
    assertThat(choices.get(2).get("Condition").asText()).contains("inconclusiveCanary = 'promote'");
    assertThat(choices.get(2).get("Next").asText()).isEqualTo("Promote inconclusive step");
    assertThat(choices.get(3).get("Condition").asText()).contains("inconclusiveCanary = 'pause'");
    assertThat(choices.get(3).get("Next").asText()).isEqualTo("Wait for canary approval");
    assertThat(inner.get("Canary verdict").get("Default").asText()).isEqualTo("Canary failed");
    JsonNode pause = inner.get("Wait for canary approval");
    assertThat(pause.get("Resource").asText()).endsWith(".waitForTaskToken");
    assertThat(pause.at("/Arguments/Payload/notification").asText()).isEqualTo("CANARY_PAUSED");
    assertThat(pause.get("TimeoutSeconds").asText()).contains("ApprovalTimeoutSeconds");
    assertThat(pause.get("Next").asText()).isEqualTo("Canary step passed");
    assertThat(pause.get("Catch").get(0).get("Next").asText()).isEqualTo("Canary rejected");
    assertThat(pause.get("Catch").get(1).get("Next").asText()).isEqualTo("Canary failed");
    assertThat(inner.get("Promote inconclusive step").get("Next").asText())
        .isEqualTo("Canary step passed");
    assertThat(STATES.get("Canary steps").get("Output").asText()).contains("canaryInconclusive");
  }

  @Test
  void manualRollbackRequestsTakeTheRollbackPath() {
    JsonNode first = STATES.get("Check decision").get("Choices").get(0);
    assertThat(first.get("Condition").asText()).contains("slipway.manual");
    assertThat(first.get("Next").asText()).isEqualTo("Roll back on request");
  }

  @Test
  void everyTransitionTargetExistsAndEveryStateIsReachable() {
    checkGraph(definition);
    checkGraph(STATES.get("Canary steps").get("ItemProcessor"));
  }

  private static void checkGraph(JsonNode machine) {
    JsonNode states = machine.get("States");
    var seen = new HashSet<String>();
    var todo = new ArrayDeque<String>(List.of(machine.get("StartAt").asText()));
    while (!todo.isEmpty()) {
      String name = todo.pop();
      assertThat(states.has(name)).as("transition target '" + name + "'").isTrue();
      if (!seen.add(name)) {
        continue;
      }
      JsonNode s = states.get(name);
      // transitions of this level only, not those of the Map's inner states
      for (JsonNode t : List.of(s, s.path("Choices"), s.path("Catch"))) {
        for (JsonNode x : t.isArray() ? t : List.of(t)) {
          if (x.has("Next")) {
            todo.push(x.get("Next").asText());
          }
        }
      }
      if (s.has("Default")) {
        todo.push(s.get("Default").asText());
      }
    }
    var all = new HashSet<String>();
    states.fieldNames().forEachRemaining(all::add);
    assertThat(seen).containsAll(all);
  }

  @Test
  void stateNamesReadAsSentences() {
    assertThat(STATES.keySet())
        .allSatisfy(name -> assertThat(name).matches("[A-Z][a-z]+( [a-z0-9%]+)*\\??"));
  }

  private static boolean isInsideMap(String name) {
    return STATES.get("Canary steps").at("/ItemProcessor/States").has(name);
  }
}
