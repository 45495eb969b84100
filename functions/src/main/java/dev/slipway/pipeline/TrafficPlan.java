package dev.slipway.pipeline;

import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.Strategy;
import java.util.List;
import java.util.OptionalInt;

/**
 * The traffic percentages production's new revision goes through: canary steps from config, a
 * single 100 % switch for rolling and blue-green, and a plain 100 % for a service's first deploy
 * (no baseline to compare a canary with).
 */
public final class TrafficPlan {
  private final List<Integer> steps;

  private TrafficPlan(List<Integer> steps) {
    this.steps = List.copyOf(steps);
  }

  /** The plan for production under this config. */
  public static TrafficPlan of(PipelineConfig config, boolean firstDeploy) {
    if (firstDeploy) {
      return new TrafficPlan(List.of(100));
    }
    return switch (config.strategy()) {
      case ROLLING, BLUE_GREEN -> new TrafficPlan(List.of(100));
      case CANARY -> new TrafficPlan(config.canarySteps());
    };
  }

  /** The percentages in order; the last is always 100. */
  public List<Integer> steps() {
    return steps;
  }

  /** The step after {@code current} percent, or empty when {@code current} is the last. */
  public OptionalInt next(int current) {
    for (int step : steps) {
      if (step > current) {
        return OptionalInt.of(step);
      }
    }
    return OptionalInt.empty();
  }

  /** Whether each step is followed by a bake and a canary analysis. */
  public static boolean analyzes(Strategy strategy, boolean firstDeploy) {
    return strategy == Strategy.CANARY && !firstDeploy;
  }
}
