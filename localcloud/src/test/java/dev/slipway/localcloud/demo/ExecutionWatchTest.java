package dev.slipway.localcloud.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

class ExecutionWatchTest {
  private static final Instant T0 = Instant.parse("2026-11-25T18:00:00Z");

  private static HistoryEvent entered(int s, String name, String input) {
    return HistoryEvent.builder()
        .timestamp(T0.plusSeconds(s))
        .type("TaskStateEntered")
        .stateEnteredEventDetails(d -> d.name(name).input(input))
        .build();
  }

  private static HistoryEvent exited(int s, String name) {
    return HistoryEvent.builder()
        .timestamp(T0.plusSeconds(s))
        .type("TaskStateExited")
        .stateExitedEventDetails(d -> d.name(name))
        .build();
  }

  @Test
  void canaryIterationsAreLabelledWithTheirTrafficShareAndAFailedStateIsMarked() {
    List<HistoryEvent> history =
        List.of(
            entered(0, "Prepare", "{}"),
            exited(1, "Prepare"),
            entered(2, "Canary steps", "{}"),
            entered(2, "Shift traffic", "{\"step\":{\"trafficPercent\":5,\"bakeSeconds\":30}}"),
            exited(3, "Shift traffic"),
            entered(3, "Shift traffic", "{\"step\":{\"trafficPercent\":25,\"bakeSeconds\":30}}"),
            HistoryEvent.builder().timestamp(T0.plusSeconds(9)).type("TaskFailed").build());

    List<StateSpan> spans = ExecutionWatch.spans(history);

    assertThat(spans)
        .extracting(StateSpan::label)
        .containsExactly("Prepare", "Canary steps", "Shift traffic (5 %)", "Shift traffic (25 %)");
    assertThat(spans.get(0).duration()).hasSeconds(1);
    assertThat(spans.get(2).exitedAt()).isEqualTo(T0.plusSeconds(3));
    assertThat(spans.get(3).failed()).isTrue();
    assertThat(spans.get(1).exitedAt()).as("the Map state still runs").isNull();
  }
}
