package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.Strategy;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class TrafficPlanTest {
  private static PipelineConfig config(String strategy, String steps) {
    return PipelineConfigs.parse(
        "{\"service\": \"hello\", \"repository\": \"acme/hello\", \"strategy\": \""
            + strategy
            + "\""
            + (steps == null ? "" : ", \"canarySteps\": " + steps)
            + "}");
  }

  @Test
  void canaryFollowsTheConfiguredSteps() {
    TrafficPlan plan = TrafficPlan.of(config("canary", "[10, 50, 100]"), false);

    assertThat(plan.steps()).containsExactly(10, 50, 100);
    assertThat(plan.next(0)).isEqualTo(OptionalInt.of(10));
    assertThat(plan.next(10)).isEqualTo(OptionalInt.of(50));
    assertThat(plan.next(30)).isEqualTo(OptionalInt.of(50));
    assertThat(plan.next(100)).isEmpty();
  }

  @Test
  void canaryDefaultsToFiveStepsUpToAHundred() {
    assertThat(TrafficPlan.of(config("canary", null), false).steps())
        .containsExactly(5, 25, 50, 100);
  }

  @Test
  void rollingAndBlueGreenSwitchAtOnce() {
    assertThat(TrafficPlan.of(config("rolling", null), false).steps()).containsExactly(100);
    assertThat(TrafficPlan.of(config("blue-green", null), false).steps()).containsExactly(100);
  }

  @Test
  void firstDeployHasNoBaselineSoNoCanary() {
    assertThat(TrafficPlan.of(config("canary", null), true).steps()).containsExactly(100);
    assertThat(TrafficPlan.analyzes(Strategy.CANARY, true)).isFalse();
    assertThat(TrafficPlan.analyzes(Strategy.CANARY, false)).isTrue();
    assertThat(TrafficPlan.analyzes(Strategy.BLUE_GREEN, false)).isFalse();
  }
}
