package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

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
}
