package dev.slipway.pipeline.bench;

import static dev.slipway.pipeline.bench.MetricsTimeline.BASELINE;
import static dev.slipway.pipeline.bench.MetricsTimeline.CANARY;

import dev.slipway.pipeline.CanaryAnalysis;
import dev.slipway.pipeline.CanarySample;
import dev.slipway.pipeline.bench.MetricsTimeline.Datapoint;
import dev.slipway.pipeline.bench.MetricsTimeline.Serving;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.Verdict;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One canary rollout through the state machine's "Canary steps" (statemachines/pipeline.asl.json):
 * per step Shift traffic, Bake ({@code bakeSeconds}), Analyze canary; INCONCLUSIVE extends the bake
 * by {@code bakeSeconds} up to {@code maxBakeExtensions} times (each analysis then covers the whole
 * extended bake), then {@code inconclusiveCanary} decides; FAIL rolls back. Each analysis asks the
 * real {@link CanaryAnalysis} with the samples AnalyzeCanary would build from the simulated
 * metrics.
 */
final class DeploySimulator {
  /** How a simulated deploy ended. */
  enum Outcome {
    PROMOTED,
    ROLLED_BACK,
    /** inconclusiveCanary "pause": a person decides. */
    PAUSED
  }

  /**
   * @param failed ended by a FAIL verdict
   * @param inconclusive ended (rolled back or paused) by a step still INCONCLUSIVE after every
   *     extension
   * @param seconds from the first traffic shift to the last analysis
   */
  record Result(Outcome outcome, boolean failed, boolean inconclusive, int analyses, int seconds) {}

  /** Seconds between a state's end and the next one's effect (Lambda invoke, transitions). */
  private static final int MAX_DELAY = 2;

  /** aws-60s: a minute's datapoints appear this long after the minute ends. */
  static final double MIN_LAG_SECONDS = 60;

  static final double MAX_LAG_SECONDS = 180;

  private final PipelineConfig config;
  private final DataMode mode;
  private final double requestsPerSecond;
  private final Scenario scenario;
  private final CanaryAnalysis judge;

  DeploySimulator(
      PipelineConfig config, DataMode mode, double requestsPerSecond, Scenario scenario) {
    this.config = config;
    this.mode = mode;
    this.requestsPerSecond = requestsPerSecond;
    this.scenario = scenario;
    this.judge = new CanaryAnalysis(config.analysis());
  }

  Result run(SplittableRandom rng) {
    List<Integer> steps = config.canarySteps();
    int bake = config.bakeSeconds();
    int maxExtensions = config.maxBakeExtensions();
    int longestWindow = Math.max(bake * (maxExtensions + 1), 1);
    // at 100 % the baseline is judged on the window before the step's, which reaches before the
    // first shift when the earlier steps were shorter than it; a minute more for CloudWatch's
    // rounding of the start and local mode's publish interval
    int history = Math.max(0, longestWindow - (steps.size() - 1) * bake) + 180;
    int capacity = steps.size() * ((maxExtensions + 1) * (bake + MAX_DELAY) + MAX_DELAY) + 1;
    var timeline =
        new MetricsTimeline(
            history,
            capacity,
            60_000 + rng.nextInt(60),
            rng.nextDouble() * MetricsTimeline.LOCAL_PUBLISH_SECONDS,
            rng);
    var traffic = new Traffic(rng.nextInt(Scenario.CRASH_CYCLE_SECONDS));
    int now = 0;
    int analyses = 0;
    for (int percent : steps) {
      timeline.generate(now, traffic);
      traffic.shift(percent);
      int extensions = 0;
      int at = now + bake + delay(rng);
      while (true) {
        timeline.generate(at, traffic);
        Verdict verdict = analyze(timeline, at, percent, extensions, rng).verdict();
        analyses++;
        if (verdict == Verdict.PASS) {
          break;
        }
        if (verdict == Verdict.FAIL) {
          return new Result(Outcome.ROLLED_BACK, true, false, analyses, at);
        }
        if (extensions < maxExtensions) {
          extensions++;
          at += delay(rng) + bake;
          continue;
        }
        switch (config.inconclusiveCanary()) {
          case ROLLBACK -> {
            return new Result(Outcome.ROLLED_BACK, false, true, analyses, at);
          }
          case PAUSE -> {
            return new Result(Outcome.PAUSED, false, true, analyses, at);
          }
          case PROMOTE -> {}
        }
        break;
      }
      now = at + delay(rng);
    }
    return new Result(Outcome.PROMOTED, false, false, analyses, now);
  }

  /**
   * Mirrors {@code AnalyzeCanary.handle}: the state machine passes {@code bakeSeconds} ×
   * (extensions + 1) as the bake, the window is the last that many seconds before now, the period
   * is {@code AnalyzeCanary.period} without CANARY_METRIC_PERIOD_SECONDS (60 s for 180 s or more,
   * else 10 s), and at 100 % the baseline comes from the window just before.
   */
  CanaryVerdict analyze(
      MetricsTimeline timeline, int now, int percent, int extensions, SplittableRandom rng) {
    int bakeSeconds = config.bakeSeconds() * (extensions + 1);
    int window = Math.max(bakeSeconds, 1);
    int start = now - window;
    int period = period(bakeSeconds);
    double lag = MIN_LAG_SECONDS + rng.nextDouble() * (MAX_LAG_SECONDS - MIN_LAG_SECONDS);
    CanarySample baseline =
        sample(timeline.datapoints(mode, BASELINE, start, now, period, now, lag));
    if (percent >= 100) {
      baseline =
          sample(timeline.datapoints(mode, BASELINE, start - window, start, period, now, lag));
    }
    CanarySample canary = sample(timeline.datapoints(mode, CANARY, start, now, period, now, lag));
    return judge.analyze(baseline, canary, percent, extensions);
  }

  /** Mirrors {@code AnalyzeCanary.period} without CANARY_METRIC_PERIOD_SECONDS. */
  static int period(int bakeSeconds) {
    return bakeSeconds >= 180 ? 60 : 10;
  }

  /**
   * Mirrors {@code AnalyzeCanary.sample} (private): RequestCount and HTTPCode_Target_5XX_Count
   * summed over the datapoints (5xx capped at the requests), one latency sample in milliseconds per
   * TargetResponseTime datapoint. {@link CanarySample#fromPeriods} does the same arithmetic.
   */
  static CanarySample sample(List<Datapoint> points) {
    double[] requests = new double[points.size()];
    double[] errors = new double[points.size()];
    double[] latencySeconds = new double[points.size()];
    for (int i = 0; i < points.size(); i++) {
      requests[i] = points.get(i).requests();
      errors[i] = points.get(i).errors();
      latencySeconds[i] = points.get(i).latencySeconds();
    }
    return CanarySample.fromPeriods(requests, errors, latencySeconds);
  }

  private static int delay(SplittableRandom rng) {
    return 1 + rng.nextInt(MAX_DELAY);
  }

  /** The step's weights: the canary group takes {@code percent} of the requests. */
  private final class Traffic implements MetricsTimeline.Source {
    private final int crashPhase;
    private Serving baseline;
    private Serving canary = Serving.IDLE;

    Traffic(int crashPhase) {
      this.crashPhase = crashPhase;
      this.baseline =
          new Serving(requestsPerSecond, Scenario.BASELINE_ERROR_RATE, scenario.baselineLatency());
    }

    void shift(int percent) {
      double canaryRate = requestsPerSecond * percent / 100.0;
      baseline =
          new Serving(
              requestsPerSecond - canaryRate,
              Scenario.BASELINE_ERROR_RATE,
              scenario.baselineLatency());
      canary = new Serving(canaryRate, scenario.canaryErrorRate(), scenario.canaryLatency());
    }

    @Override
    public Serving serving(int group, int second) {
      if (group == BASELINE) {
        return baseline;
      }
      if (scenario.crashLoop()
          && Math.floorMod(second + crashPhase, Scenario.CRASH_CYCLE_SECONDS)
              >= Scenario.CRASH_UP_SECONDS) {
        return Serving.IDLE;
      }
      return canary;
    }
  }
}
