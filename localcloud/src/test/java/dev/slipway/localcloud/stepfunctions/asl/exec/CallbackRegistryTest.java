package dev.slipway.localcloud.stepfunctions.asl.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * A token keeps naming its state machine after its task ended: a late SendTaskHeartbeat (a build
 * watcher's last beat) is authorized against that state machine, as on AWS, not against "*".
 */
class CallbackRegistryTest {
  private static final String MACHINE =
      "arn:aws:states:us-east-1:000000000000:stateMachine:slipway-hello-pipeline";

  @Test
  void aClosedTokenStillNamesItsStateMachineButTakesNoResult() {
    CallbackRegistry callbacks = new CallbackRegistry();
    callbacks.open("t-1", Instant.EPOCH, MACHINE);
    assertThat(callbacks.stateMachineOf("t-1")).contains(MACHINE);

    callbacks.close("t-1");

    assertThat(callbacks.stateMachineOf("t-1")).contains(MACHINE);
    assertThat(callbacks.heartbeat("t-1", Instant.EPOCH)).isFalse();
    assertThat(callbacks.succeed("t-1", "{}")).isFalse();
    assertThat(callbacks.stateMachineOf("never-issued")).isEmpty();
    assertThat(callbacks.stateMachineOf(null)).isEmpty();
  }
}
