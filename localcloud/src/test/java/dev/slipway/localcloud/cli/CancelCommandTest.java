package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.functions.CancelRequests;
import dev.slipway.functions.CodeBuildApi;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

class CancelCommandTest {
  private static final Instant T0 = Instant.parse("2025-03-07T14:00:00Z");
  private static final CancelRequests.Request BY_ROOT =
      new CancelRequests.Request("root", "wrong commit", T0);
  private static final String EXECUTION = "hello-abc1234-5f6e7d8c";

  private final List<HistoryEvent> events = new ArrayList<>();
  private int second;

  private void entered(String type, String name, String input) {
    events.add(
        HistoryEvent.builder()
            .timestamp(T0.plusSeconds(second++))
            .type(type + "StateEntered")
            .stateEnteredEventDetails(d -> d.name(name).input(input))
            .build());
  }

  private void scheduled(String token) {
    String parameters =
        "{\"FunctionName\":\"arn:aws:lambda:us-east-1:000000000000:function:slipway-hello-X\","
            + "\"Payload\":{\"state\":{},\"execution\":\""
            + EXECUTION
            + "\""
            + (token == null ? "" : ",\"taskToken\":\"" + token + "\"")
            + "}}";
    events.add(
        HistoryEvent.builder()
            .timestamp(T0.plusSeconds(second++))
            .type("TaskScheduled")
            .taskScheduledEventDetails(
                d ->
                    d.resource("invoke.waitForTaskToken")
                        .resourceType("lambda")
                        .parameters(parameters))
            .build());
  }

  private void exited(String type, String name) {
    events.add(
        HistoryEvent.builder()
            .timestamp(T0.plusSeconds(second++))
            .type(type + "StateExited")
            .stateExitedEventDetails(d -> d.name(name).output("{}"))
            .build());
  }

  private void task(String name, String token) {
    entered("Task", name, "{}");
    scheduled(token);
  }

  @Test
  void aRunWaitingForADeployHasThatWaitEnded() {
    task("Prepare", null);
    exited("Task", "Prepare");
    task("Build image", "build-token");
    exited("Task", "Build image");
    task("Deploy to production", "deploy-token");

    assertThat(CancelCommand.waitingTask(events))
        .hasValue(new ExecutionHistory.Waiting("Deploy to production", "deploy-token"));
  }

  @Test
  void aRetriedWaitHasItsNewestToken() {
    task("Build image", "first-token");
    scheduled("retried-token");

    assertThat(CancelCommand.waitingTask(events))
        .hasValue(new ExecutionHistory.Waiting("Build image", "retried-token"));
  }

  @Test
  void noTokenOnceTheWaitIsOverOrForAStepWithout() {
    task("Build image", "build-token");
    exited("Task", "Build image");
    task("Verify image", null);

    assertThat(CancelCommand.waitingTask(events)).isEmpty();
  }

  @Test
  void aRollbacksTokenIsNeverFailed() {
    task("Deploy to production", "deploy-token");
    exited("Task", "Deploy to production");
    task("Roll back production", "rollback-token");

    assertThat(CancelCommand.waitingTask(events)).isEmpty();
    assertThat(CancelCommand.whatNext("Roll back production")).isEmpty();
    assertThat(CancelCommand.whatNext("Verify production rollback")).isEmpty();
    assertThat(CancelCommand.whatNext("Record failure")).isEmpty();
    assertThat(CancelCommand.whatNext("Notify failure")).isEmpty();
    assertThat(CancelCommand.whatNext("Keep blue warm")).isEmpty();
    assertThat(CancelCommand.whatNext("Retire previous version")).isEmpty();
  }

  @Test
  void theApprovalWaitIsEnded() {
    task("Smoke test staging", null);
    exited("Task", "Smoke test staging");
    entered("Choice", "Approval required?", "{}");
    exited("Choice", "Approval required?");
    task("Wait for approval", "approval-token");

    assertThat(CancelCommand.waitingTask(events))
        .hasValue(new ExecutionHistory.Waiting("Wait for approval", "approval-token"));
    assertThat(CancelCommand.message(EXECUTION, BY_ROOT, "Wait for approval", events))
        .isEqualTo(
            "slipway: cancel of hello-abc1234-5f6e7d8c requested by root: wrong commit; the run"
                + " ends without deploying to production; `slipway status --watch` follows it");
  }

  @Test
  void midCanaryTheMessageSaysProductionRollsBackAfterTheBake() {
    entered("Map", "Canary steps", "{}");
    entered(
        "Wait",
        "Bake",
        "{\"state\":{},\"step\":{\"trafficPercent\":25,\"bakeSeconds\":300},\"stepNumber\":2,"
            + "\"stepCount\":4}");

    assertThat(CancelCommand.currentState(events)).hasValue("Bake");
    assertThat(CancelCommand.message(EXECUTION, BY_ROOT, "Bake", events))
        .isEqualTo(
            "slipway: cancel of hello-abc1234-5f6e7d8c requested by root: wrong commit; the run"
                + " rolls back production and ends once the current bake is over (canary at 25 %"
                + " (step 2 of 4), baking until 14:05:01Z); `slipway status --watch` follows it");
    assertThat(CancelCommand.message(EXECUTION, BY_ROOT, "Shift traffic", events))
        .contains("the run rolls back production and ends; ");
  }

  @Test
  void aQueuedRunEndsAtItsNextCheck() {
    assertThat(CancelCommand.whatNext("Wait for the running deploy"))
        .hasValue("the run ends without deploying at its next check of the queue");
    assertThat(CancelCommand.whatNext("Smoke test staging"))
        .hasValue("the run rolls back staging and ends");
  }

  /** A CodeBuild that has one build of {@link #EXECUTION} in {@code status}. */
  private static class OneBuild implements CodeBuildApi {
    final String status;
    final List<String> stopped = new ArrayList<>();

    OneBuild(String status) {
      this.status = status;
    }

    @Override
    public String startBuild(
        String project, String version, List<EnvironmentVariable> env, String token) {
      throw new UnsupportedOperationException();
    }

    @Override
    public java.util.Optional<Build> findBuild(String project, String execution) {
      return execution.equals(EXECUTION)
          ? java.util.Optional.of(new Build("slipway-hello:b1", status, null, T0, null, "abc"))
          : java.util.Optional.empty();
    }

    @Override
    public void stopBuild(String buildId) {
      stopped.add(buildId);
    }
  }

  @Test
  void aCancelledRunsBuildInProgressIsStoppedAndAFinishedOneLeftAlone() {
    OneBuild running = new OneBuild("IN_PROGRESS");
    assertThat(CancelCommand.stopBuild(running, "slipway-hello", EXECUTION))
        .contains("slipway: stopped build slipway-hello:b1 of " + EXECUTION);
    assertThat(running.stopped).containsExactly("slipway-hello:b1");

    OneBuild done = new OneBuild("SUCCEEDED");
    assertThat(CancelCommand.stopBuild(done, "slipway-hello", EXECUTION)).isEmpty();
    assertThat(done.stopped).isEmpty();
    assertThat(CancelCommand.stopBuild(running, "slipway-hello", "another-run")).isEmpty();
  }

  @Test
  void aBuildThatCannotBeStoppedIsSaidSo() {
    CodeBuildApi refusing =
        new OneBuild("IN_PROGRESS") {
          @Override
          public void stopBuild(String buildId) {
            throw new CodeBuildException("ResourceNotFoundException", 400, "Build not found");
          }
        };
    assertThat(CancelCommand.stopBuild(refusing, "slipway-hello", EXECUTION))
        .hasValueSatisfying(
            m -> assertThat(m).contains("could not be stopped", "Build not found", "on its own"));
    assertThat(CancelCommand.stopBuild(new OneBuild("IN_PROGRESS"), null, EXECUTION))
        .hasValueSatisfying(m -> assertThat(m).contains("no BuildProjectName output"));
  }
}
