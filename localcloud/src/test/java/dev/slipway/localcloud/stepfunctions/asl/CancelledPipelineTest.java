package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * `slipway cancel` on Slipway's own pipeline definition: a step failing with Slipway.Cancelled (or
 * a cancelled task token) takes the run down its existing failure path, rollback first.
 */
class CancelledPipelineTest {
  private static final String CANCELLED = "Slipway.Cancelled";
  private final PipelineRun pipeline = new PipelineRun();

  private static Object canaryConfig() {
    return Map.of(
        "decision", "PROCEED", "config", PipelineRun.canaryConfig(List.of(10, 25, 100), 0));
  }

  private Map<String, Object> failureSeenBy(String function) {
    return Json.asObject(pipeline.stateSentTo(function).get("failure"));
  }

  @Test
  void aCancelMidCanaryRollsBackProductionThenRecordsAndNotifies() throws Exception {
    int[] shifts = {0};
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" -> canaryConfig();
                  case "StartBuild.callback" -> Map.of("status", "SUCCEEDED");
                  case "DeployService.callback" -> Map.of("trafficPercent", 0);
                  case "SmokeTest" ->
                      Map.of("passed", true, "url", "http://x", "checks", List.of());
                  case "AnalyzeCanary" -> Map.of("verdict", "PASS", "reasons", List.of());
                  case "ShiftTraffic" ->
                      shifts[0]++ == 0
                          ? Map.of("canaryPercent", 10)
                          : new TaskFailedException(
                              CANCELLED,
                              "{\"errorMessage\":\"cancelled by root: wrong commit\","
                                  + "\"errorType\":\"Slipway.Cancelled\"}");
                  default -> Map.of("ok", true);
                });

    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Canary steps",
            "Shift traffic",
            "Canary step passed",
            "Shift traffic",
            "Roll back production",
            "Verify production rollback",
            "Record rollback",
            "Notify rollback",
            "Rolled back")
        .doesNotContain("Smoke test production", "Record deployment");
    assertThat(failureSeenBy("Rollback").get("Error")).isEqualTo(CANCELLED);
    assertThat(failureSeenBy("RecordDeployment").get("Error")).isEqualTo(CANCELLED);
  }

  @Test
  void aCancelledDeployWaitRollsBackThatEnvironment() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" -> canaryConfig();
                  case "StartBuild.callback" -> Map.of("status", "SUCCEEDED");
                  case "DeployService.callback" ->
                      new TaskFailedException(CANCELLED, "cancelled by root: wrong commit");
                  default -> Map.of("ok", true);
                });

    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence(
            "Deploy to staging", "Roll back staging", "Record rollback", "Notify rollback");
    assertThat(failureSeenBy("RecordDeployment").get("Cause"))
        .isEqualTo("cancelled by root: wrong commit");
  }

  @Test
  void aCancelledBuildWaitEndsWithoutDeploying() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                switch (fn) {
                  case "Prepare" -> canaryConfig();
                  case "StartBuild.callback" ->
                      new TaskFailedException(CANCELLED, "cancelled by root: wrong commit");
                  default -> Map.of("ok", true);
                });

    assertThat(r.status()).isEqualTo("FAILED");
    assertThat(pipeline.statesEntered())
        .containsSubsequence("Build image", "Record failure", "Notify failure", "Pipeline failed")
        .doesNotContain("Deploy to staging");
  }

  @Test
  void aCancelledQueuedRunEndsQuietly() throws Exception {
    ExecutionResult r =
        pipeline.run(
            fn ->
                fn.equals("Prepare")
                    ? Map.of(
                        "decision",
                        "SKIP",
                        "reason",
                        "cancelled by root: wrong commit; nothing was deployed",
                        "config",
                        Map.of("environments", List.of("staging", "production")))
                    : Map.of("ok", true));

    assertThat(r.status()).isEqualTo("SUCCEEDED");
    assertThat(pipeline.statesEntered()).containsExactly("Prepare", "Check decision", "Skipped");
  }
}
