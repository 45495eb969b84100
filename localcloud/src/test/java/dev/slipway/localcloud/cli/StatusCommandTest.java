package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

class StatusCommandTest {

  @Test
  void aRunRefusedByAFreezeSaysWhy() {
    var refused =
        DescribeExecutionResponse.builder()
            .status("SUCCEEDED")
            .output(
                "{\"prepare\":{\"decision\":\"FROZEN\",\"reason\":\"production is in a deploy"
                    + " freeze Fri 15:00 → Mon 08:00 UTC; deploy refused, re-run it later\"}}")
            .build();

    assertThat(StatusCommand.outcome(refused))
        .hasValue(
            "FROZEN: production is in a deploy freeze Fri 15:00 → Mon 08:00 UTC;"
                + " deploy refused, re-run it later");
  }

  @Test
  void aFailedRunGivesItsCause() {
    var failed =
        DescribeExecutionResponse.builder()
            .status("FAILED")
            .cause("Pipeline for abc failed: Slipway.ApprovalRejected: rejected by alice")
            .build();

    assertThat(StatusCommand.outcome(failed))
        .hasValue("Pipeline for abc failed: Slipway.ApprovalRejected: rejected by alice");
  }

  @Test
  void aDeployedRunNeedsNoExplanation() {
    var deployed =
        DescribeExecutionResponse.builder()
            .status("SUCCEEDED")
            .output("{\"prepare\":{\"decision\":\"PROCEED\",\"reason\":\"deploying abc\"}}")
            .build();

    assertThat(StatusCommand.outcome(deployed)).isEmpty();
    assertThat(
            StatusCommand.outcome(DescribeExecutionResponse.builder().output("not json").build()))
        .isEmpty();
  }

  private static final Instant T0 = Instant.parse("2025-03-07T14:00:00Z");

  /** A state entered at {@code T0 + seconds}, with the input the ASL gives it. */
  private static HistoryEvent entered(String type, String name, int seconds, String input) {
    return HistoryEvent.builder()
        .timestamp(T0.plusSeconds(seconds))
        .type(type)
        .stateEnteredEventDetails(d -> d.name(name).input(input))
        .build();
  }

  private static HistoryEvent exited(String type, String name, int seconds) {
    return HistoryEvent.builder()
        .timestamp(T0.plusSeconds(seconds))
        .type(type)
        .stateExitedEventDetails(d -> d.name(name).output("{}"))
        .build();
  }

  /** The input of a state inside "Canary steps": the Map's ItemSelector, plus what came before. */
  private static String item(int percent, int number, int count) {
    return "{\"state\":{\"detail\":{\"sha\":\"abc1234\"},\"prepare\":{\"decision\":\"PROCEED\"}},"
        + "\"step\":{\"trafficPercent\":"
        + percent
        + ",\"bakeSeconds\":190},\"stepNumber\":"
        + number
        + ",\"stepCount\":"
        + count
        + ",\"traffic\":{\"canaryPercent\":"
        + percent
        + "}}";
  }

  /** A run up to the second canary step's Bake, as the history records it. */
  private static List<HistoryEvent> untilSecondBake() {
    List<HistoryEvent> events = new ArrayList<>();
    events.add(entered("TaskStateEntered", "Deploy to production", 0, "{}"));
    events.add(exited("TaskStateExited", "Deploy to production", 1));
    events.add(entered("MapStateEntered", "Canary steps", 2, "{}"));
    events.add(entered("TaskStateEntered", "Shift traffic", 3, item(10, 1, 4)));
    events.add(exited("TaskStateExited", "Shift traffic", 4));
    events.add(entered("WaitStateEntered", "Bake", 4, item(10, 1, 4)));
    events.add(exited("WaitStateExited", "Bake", 194));
    events.add(entered("TaskStateEntered", "Analyze canary", 194, item(10, 1, 4)));
    events.add(exited("TaskStateExited", "Analyze canary", 195));
    events.add(entered("SucceedStateEntered", "Canary step passed", 195, item(10, 1, 4)));
    events.add(exited("SucceedStateExited", "Canary step passed", 195));
    events.add(entered("TaskStateEntered", "Shift traffic", 196, item(25, 2, 4)));
    events.add(exited("TaskStateExited", "Shift traffic", 200));
    events.add(entered("WaitStateEntered", "Bake", 200, item(25, 2, 4)));
    return events;
  }

  @Test
  void aBakingCanarySaysItsStepAndWhenTheBakeEnds() {
    assertThat(StatusCommand.canary(untilSecondBake()))
        .hasValue("canary at 25 % (step 2 of 4), baking until 14:06:30Z");
  }

  @Test
  void aCanaryShiftingOrAnalyzingSaysSo() {
    List<HistoryEvent> events = untilSecondBake();
    events.add(exited("WaitStateExited", "Bake", 390));
    events.add(entered("TaskStateEntered", "Analyze canary", 390, item(25, 2, 4)));
    assertThat(StatusCommand.canary(events)).hasValue("canary at 25 % (step 2 of 4), analyzing");

    events.add(exited("TaskStateExited", "Analyze canary", 391));
    events.add(entered("WaitStateEntered", "Extend bake", 391, item(25, 2, 4)));
    assertThat(StatusCommand.canary(events))
        .hasValue(
            "canary at 25 % (step 2 of 4), too few requests to judge, baking again until"
                + " 14:09:41Z");

    assertThat(StatusCommand.canary(untilSecondBake().subList(0, 12)))
        .hasValue("canary at 25 % (step 2 of 4), shifting traffic");
  }

  @Test
  void noCanaryLineBeforeOrAfterTheCanarySteps() {
    assertThat(StatusCommand.canary(untilSecondBake().subList(0, 3))).isEmpty();

    List<HistoryEvent> passed = untilSecondBake();
    passed.add(exited("MapStateExited", "Canary steps", 600));
    assertThat(StatusCommand.canary(passed)).isEmpty();

    List<HistoryEvent> rolledBack = untilSecondBake();
    rolledBack.add(
        HistoryEvent.builder().timestamp(T0.plusSeconds(300)).type("MapStateFailed").build());
    rolledBack.add(entered("TaskStateEntered", "Roll back production", 300, "{}"));
    assertThat(StatusCommand.canary(rolledBack)).isEmpty();
  }
}
