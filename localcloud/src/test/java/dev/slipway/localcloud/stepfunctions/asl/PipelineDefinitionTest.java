package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionParser;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Slipway's own pipeline definition validates and runs its short paths on the engine. */
class PipelineDefinitionTest {
  private final PipelineRun pipeline = new PipelineRun();

  @Test
  void pipelineDefinitionIsValid() throws Exception {
    StateMachine machine = DefinitionParser.parse(PipelineRun.pipelineDefinition());
    assertThat(machine.states().values()).anyMatch(s -> s instanceof State.Task);
  }

  @Test
  void skippedPushEndsQuietly() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                fn.equals("Prepare")
                    ? Map.of("decision", "SKIP", "reason", "no changes")
                    : Map.of());
    assertThat(r.status()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered()).containsExactly("Prepare", "Check decision", "Skipped");
    Map<String, Object> payload =
        Json.asObject(Json.asObject(pipeline.calls.get(0).parameters()).get("Payload"));
    assertThat(payload.get("execution")).isEqualTo("exec-1");
    assertThat(Json.asObject(payload.get("state")).get("source")).isEqualTo("slipway.github");
    assertThat(Json.asObject(r.output()).get("prepare"))
        .isEqualTo(Map.of("decision", "SKIP", "reason", "no changes"));
  }

  @Test
  void failingPrepareIsNotifiedAndFailsThePipeline() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                fn.equals("Prepare")
                    ? new TaskFailedException("IllegalStateException", "config missing")
                    : Map.of("sent", true));
    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(r.error()).isEqualTo("Slipway.PipelineFailed");
    assertThat(r.cause())
        .isEqualTo(
            "Pipeline for 0123456789012345678901234567890123456789 failed: IllegalStateException: config missing");
    assertThat(pipeline.statesEntered())
        .containsExactly("Prepare", "Notify failure", "Pipeline failed");
  }

  /** The build's callback carries the task token from $states.context.Task.Token. */
  @Test
  void failedBuildCallbackIsRecordedAndFailsThePipeline() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" ->
                      Map.of(
                          "decision",
                          "PROCEED",
                          "config",
                          Map.of("approvalRequired", false, "strategy", "rolling"));
                  case "StartBuild.callback" ->
                      new TaskFailedException("Slipway.BuildFailed", "unit tests failed");
                  default -> Map.of("ok", true);
                });
    assertThat(r.error()).isEqualTo("Slipway.PipelineFailed");
    assertThat(r.cause())
        .isEqualTo(
            "Pipeline for 0123456789012345678901234567890123456789 failed: Slipway.BuildFailed: unit tests failed");
    assertThat(pipeline.statesEntered())
        .containsExactly(
            "Prepare",
            "Check decision",
            "Build image",
            "Record failure",
            "Notify failure",
            "Pipeline failed");
    TaskInvocation build = pipeline.calls.get(1);
    assertThat(Json.asObject(Json.asObject(build.parameters()).get("Payload")).get("taskToken"))
        .isEqualTo(build.taskToken())
        .isNotNull();
    assertThat(build.resource()).endsWith(".waitForTaskToken");
  }

  /** A canary rollout: two steps, the first INCONCLUSIVE once (bake extended), then PASS. */
  @Test
  void canaryRolloutRunsEachStepAndRetiresThePreviousVersion() throws Exception {
    int[] analyses = {0};
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" ->
                      Map.of(
                          "decision",
                          "PROCEED",
                          "config",
                          PipelineRun.canaryConfig(List.of(25, 100), 2));
                  case "StartBuild.callback" -> Map.of("status", "SUCCEEDED");
                  case "DeployService.callback" -> Map.of("trafficPercent", 0);
                  case "SmokeTest" ->
                      Map.of("passed", true, "url", "http://x", "checks", List.of());
                  case "AnalyzeCanary" ->
                      Map.of(
                          "verdict",
                          analyses[0]++ == 0 ? "INCONCLUSIVE" : "PASS",
                          "reasons",
                          List.of());
                  default -> Map.of("ok", true);
                });
    assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Continue rollout",
            "Canary steps",
            "Shift traffic",
            "Bake",
            "Analyze canary",
            "Canary verdict",
            "Extend bake",
            "Analyze canary",
            "Canary verdict",
            "Canary step passed",
            "Shift traffic",
            "Canary step passed",
            "Smoke test production",
            "Previous version to retire?",
            "Retire previous version",
            "Record deployment",
            "Notify success",
            "Deployed");
    List<Object> analyzeBakes =
        pipeline.calls.stream()
            .filter(c -> PipelineRun.functionOf(c).equals("AnalyzeCanary"))
            .map(
                c -> Json.asObject(Json.asObject(c.parameters()).get("Payload")).get("bakeSeconds"))
            .toList();
    assertThat(analyzeBakes).containsExactly(60L, 120L, 60L);
    assertThat(pipeline.payloadOf("RecordDeployment").get("strategy")).isEqualTo("canary");
  }

  /** A failed smoke test raises $error in Output; the rollback gets it as the failure cause. */
  @Test
  void failedStagingSmokeTestRollsBackWithTheChecksInTheCause() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" ->
                      Map.of(
                          "decision",
                          "PROCEED",
                          "config",
                          Map.of(
                              "environments",
                              List.of("staging", "production"),
                              "strategy",
                              "rolling",
                              "approvalRequired",
                              false));
                  case "SmokeTest" ->
                      Map.of(
                          "passed",
                          false,
                          "url",
                          "http://staging",
                          "checks",
                          List.of(
                              Map.of("path", "/health", "passed", false, "detail", "HTTP 500"),
                              Map.of("path", "/ready", "passed", true, "detail", "ok")));
                  default -> Map.of("ok", true);
                });
    assertThat(pipeline.statesEntered()).contains("Roll back staging");
    Map<String, Object> failure = Json.asObject(pipeline.stateSentTo("Rollback").get("failure"));
    assertThat(failure.get("Error")).isEqualTo("States.QueryEvaluationError");
    assertThat((String) failure.get("Cause"))
        .contains("Smoke test of http://staging failed: /health HTTP 500");
    assertThat(r.status()).isEqualTo("FAILED");
  }

  /** Handlers of a rolling run that needs approval; the approval answers with {@code answer}. */
  static Object approvalRun(String fn, Map<String, Object> answer) {
    return switch (fn) {
      case "Prepare" ->
          Map.of(
              "decision",
              "PROCEED",
              "config",
              Map.of(
                  "environments",
                  List.of("staging", "production"),
                  "strategy",
                  "rolling",
                  "approvalRequired",
                  true));
      case "SmokeTest" -> Map.of("passed", true, "url", "http://staging", "checks", List.of());
      case "Notify.callback" -> answer;
      default -> Map.of("ok", true, "trafficPercent", 100);
    };
  }

  /** An approval result that does not approve this SHA cannot promote it to production. */
  @Test
  void anApprovalResultThatIsNotAYesForThisShaDeploysNothing() throws Exception {
    String sha = "0123456789012345678901234567890123456789";
    String other = "9876543210987654321098765432109876543210";
    for (Map<String, Object> answer :
        List.<Map<String, Object>>of(
            Map.of("approved", false, "sha", sha, "approver", "alice"),
            Map.of("approved", true, "sha", other, "approver", "bob"))) {
      pipeline.calls.clear();
      ExecutionResult r = pipeline.run(fn -> approvalRun(fn, answer));

      assertThat(r.status()).as("answer %s", answer).isEqualTo("FAILED");
      assertThat(pipeline.statesEntered())
          .as("answer %s", answer)
          .contains("Wait for approval", "Record failure", "Pipeline failed")
          .doesNotContain("Deploy to production");
      assertThat(r.cause()).contains("Deploy of " + sha + " was not approved");
    }
    assertThat(r(fn -> approvalRun(fn, Map.of("approved", true, "sha", sha))).status())
        .as("a yes for this SHA deploys")
        .isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered())
        .contains("Wait for approval", "Deploy to production", "Deployed");
  }

  private ExecutionResult r(Function<String, Object> handlers) throws Exception {
    pipeline.calls.clear();
    return pipeline.run(handlers);
  }

  /**
   * Handlers of a two-step canary (25 %, 100 %) whose first step stays INCONCLUSIVE through its one
   * bake extension, under the given inconclusiveCanary policy; a paused step is answered with
   * {@code pauseAnswer} (a result or a {@link TaskFailedException}).
   */
  static Object inconclusiveRun(String fn, String policy, Object pauseAnswer, int[] analyses) {
    return switch (fn) {
      case "Prepare" -> {
        Map<String, Object> config =
            new java.util.HashMap<>(PipelineRun.canaryConfig(List.of(25, 100), 1));
        if (policy != null) {
          config.put("inconclusiveCanary", policy);
        }
        yield Map.of("decision", "PROCEED", "config", config);
      }
      case "StartBuild.callback" -> Map.of("status", "SUCCEEDED");
      case "DeployService.callback" -> Map.of("trafficPercent", 0);
      case "SmokeTest" -> Map.of("passed", true, "url", "http://x", "checks", List.of());
      case "AnalyzeCanary" ->
          analyses[0]++ < 2
              ? Map.of(
                  "verdict",
                  "INCONCLUSIVE",
                  "reasons",
                  List.of("5 canary requests, fewer than 20"),
                  "bakeExtensions",
                  analyses[0] - 1)
              : Map.of("verdict", "PASS", "reasons", List.of());
      case "Notify.callback" -> pauseAnswer;
      case "Rollback" -> Map.of("environment", "production", "succeeded", true);
      default -> Map.of("ok", true);
    };
  }

  @Test
  void inconclusiveCanaryRollsBackByDefault() throws Exception {
    for (String policy : java.util.Arrays.asList("rollback", null)) {
      pipeline.calls.clear();
      int[] analyses = {0};
      ExecutionResult r = pipeline.run(fn -> inconclusiveRun(fn, policy, null, analyses));

      assertThat(pipeline.statesEntered())
          .as(policy)
          .containsSubsequence(
              "Extend bake",
              "Analyze canary",
              "Canary verdict",
              "Canary failed",
              "Roll back production",
              "Record rollback")
          .doesNotContain("Wait for canary approval", "Promote inconclusive step");
      assertThat(Json.asObject(pipeline.stateSentTo("RecordDeployment").get("failure")))
          .containsEntry("Error", "Slipway.CanaryInconclusive")
          .containsEntry(
              "Cause",
              "Canary at 25% (step 1 of 2): INCONCLUSIVE - 5 canary requests, fewer than 20");
      assertThat(r.status()).isEqualTo("FAILED");
    }
  }

  @Test
  void promotedInconclusiveStepGoesOnAndIsKeptForTheRecord() throws Exception {
    int[] analyses = {0};
    ExecutionResult r = pipeline.run(fn -> inconclusiveRun(fn, "promote", null, analyses));

    assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Extend bake",
            "Canary verdict",
            "Promote inconclusive step",
            "Canary step passed",
            "Shift traffic",
            "Canary step passed",
            "Record deployment",
            "Deployed")
        .doesNotContain("Wait for canary approval", "Canary failed", "Roll back production");
    assertThat(pipeline.stateSentTo("RecordDeployment").get("canaryInconclusive"))
        .isEqualTo(
            List.of(
                Map.of(
                    "trafficPercent", 25L,
                    "stepNumber", 1L,
                    "stepCount", 2L,
                    "policy", "promote",
                    "reasons", List.of("5 canary requests, fewer than 20"))));
  }

  @Test
  void pausedInconclusiveStepGoesOnWhenApproved() throws Exception {
    int[] analyses = {0};
    ExecutionResult r =
        pipeline.run(
            fn ->
                inconclusiveRun(
                    fn,
                    "pause",
                    Map.of("approved", true, "sha", PipelineRun.SHA, "approver", "alice"),
                    analyses));

    assertThat(r.status()).as(r.error() + ": " + r.cause()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Extend bake",
            "Canary verdict",
            "Wait for canary approval",
            "Canary step passed",
            "Shift traffic",
            "Canary step passed",
            "Record deployment",
            "Deployed")
        .doesNotContain("Canary failed", "Roll back production");
    Map<String, Object> pause = pipeline.payloadOf("Notify");
    assertThat(pause)
        .containsEntry("notification", "CANARY_PAUSED")
        .containsEntry("environment", "production")
        .containsEntry("trafficPercent", 25L)
        .containsEntry("stepNumber", 1L)
        .containsEntry("stepCount", 2L);
    assertThat(Json.asObject(pause.get("analysis"))).containsEntry("verdict", "INCONCLUSIVE");
    assertThat(pause.get("taskToken")).isNotNull();
    assertThat(pipeline.stateSentTo("RecordDeployment").get("canaryInconclusive"))
        .isEqualTo(
            List.of(
                Map.of(
                    "trafficPercent",
                    25L,
                    "stepNumber",
                    1L,
                    "stepCount",
                    2L,
                    "policy",
                    "pause",
                    "reasons",
                    List.of("5 canary requests, fewer than 20"),
                    "approver",
                    "alice")));
  }

  @Test
  void pausedInconclusiveStepRejectedRollsBackAsAChangeFailure() throws Exception {
    int[] analyses = {0};
    ExecutionResult r =
        pipeline.run(
            fn ->
                inconclusiveRun(
                    fn,
                    "pause",
                    new TaskFailedException(
                        "Slipway.ApprovalRejected", "Deploy of hello 0123456 rejected by alice"),
                    analyses));

    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Wait for canary approval",
            "Canary rejected",
            "Roll back production",
            "Record rollback")
        .doesNotContain("Canary step passed", "Record deployment");
    assertThat(Json.asObject(pipeline.stateSentTo("RecordDeployment").get("failure")))
        .containsEntry("Error", "Slipway.CanaryRejected")
        .containsEntry(
            "Cause",
            "Canary at 25% (step 1 of 2): INCONCLUSIVE - 5 canary requests, fewer than 20; paused"
                + " for approval, then rejected: Deploy of hello 0123456 rejected by alice");
    assertThat(r.status()).isEqualTo("FAILED");
  }

  @Test
  void pausedInconclusiveStepUnansweredOrWithdrawnRollsBackAsInconclusive() throws Exception {
    for (var answer :
        List.of(
            new TaskFailedException("States.Timeout", null),
            new TaskFailedException(
                "Slipway.Superseded", "approval of 0123456 withdrawn: a newer push"),
            Map.of("approved", true, "sha", "9876543210987654321098765432109876543210"))) {
      pipeline.calls.clear();
      int[] analyses = {0};
      pipeline.run(fn -> inconclusiveRun(fn, "pause", answer, analyses));

      assertThat(pipeline.statesEntered())
          .as("answer %s", answer)
          .containsSubsequence(
              "Wait for canary approval",
              "Canary failed",
              "Roll back production",
              "Record rollback")
          .doesNotContain("Canary step passed", "Canary rejected");
      Map<String, Object> failure =
          Json.asObject(pipeline.stateSentTo("RecordDeployment").get("failure"));
      assertThat(failure)
          .as("answer %s", answer)
          .containsEntry("Error", "Slipway.CanaryInconclusive");
      assertThat((String) failure.get("Cause"))
          .as("answer %s", answer)
          .startsWith(
              "Canary at 25% (step 1 of 2): INCONCLUSIVE - 5 canary requests, fewer than 20; paused"
                  + " for approval, then ");
    }
  }
}
