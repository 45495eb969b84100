package dev.slipway.pipeline.bench;

import static dev.slipway.pipeline.bench.MetricsTimeline.BASELINE;
import static dev.slipway.pipeline.bench.MetricsTimeline.CANARY;

import dev.slipway.pipeline.CanaryAnalysis;
import dev.slipway.pipeline.CanaryAnalysis.CheckData;
import dev.slipway.pipeline.CanarySample;
import dev.slipway.pipeline.bench.MetricsTimeline.Datapoint;
import dev.slipway.pipeline.bench.MetricsTimeline.Serving;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.MetricCheck;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One canary rollout through the state machine's "Canary steps" (statemachines/pipeline.asl.json):
 * per step Shift traffic, Bake ({@code bakeSeconds}), Analyze canary; INCONCLUSIVE extends the bake
 * by {@code bakeSeconds} up to {@code maxBakeExtensions} times, then {@code inconclusiveCanary}
 * decides; FAIL rolls back. Each analysis asks the real {@code CanaryAnalysis.of(config)} with the
 * {@link CheckData} AnalyzeCanary would build from the simulated metrics: per check, every settled,
 * complete period since the canary's start (the end of its deploy, a moment before the first
 * shift).
 *
 * <p>Custom checks are answered from the service's own metrics ({@link DataMode#EMF_1S}): an {@code
 * errorRate} check from its per-period Requests and Errors, a {@code value} check from its Latency;
 * only the statistic {@code Average} is modelled.
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
  static final int MAX_DELAY = 2;

  private final PipelineConfig config;
  private final DataMode mode;
  private final double requestsPerSecond;
  private final Scenario scenario;
  private final CanaryAnalysis judge;

  DeploySimulator(
      PipelineConfig config, DataMode mode, double requestsPerSecond, Scenario scenario) {
    for (MetricCheck check : config.analysis().checks()) {
      if (check.source() != mode.source()) {
        throw new IllegalArgumentException(
            mode.label() + " has no data for check " + check.name() + " (" + check.source() + ")");
      }
      if (check.type() == MetricCheck.Type.VALUE && !check.statistic().equals("Average")) {
        throw new IllegalArgumentException(
            "check " + check.name() + ": only the statistic Average is simulated");
      }
    }
    this.config = config;
    this.mode = mode;
    this.requestsPerSecond = requestsPerSecond;
    this.scenario = scenario;
    this.judge = CanaryAnalysis.of(config);
  }

  Result run(SplittableRandom rng) {
    return run(rng, null);
  }

  /** One deploy; {@code verdicts}, if not null, receives every analysis's verdict in order. */
  Result run(SplittableRandom rng, List<CanaryVerdict> verdicts) {
    List<Integer> steps = config.canarySteps();
    int bake = config.bakeSeconds();
    int maxExtensions = config.maxBakeExtensions();
    int capacity = steps.size() * ((maxExtensions + 1) * (bake + MAX_DELAY) + MAX_DELAY) + 1;
    var timeline = new MetricsTimeline(MAX_DELAY, capacity, 60_000 + rng.nextInt(60), rng);
    var traffic = new Traffic(rng.nextInt(Scenario.CRASH_CYCLE_SECONDS));
    // the canary's deploy finished (production.finishedAt) just before the first shift
    int canaryStart = -delay(rng);
    int now = 0;
    int analyses = 0;
    for (int percent : steps) {
      timeline.generate(now, traffic);
      traffic.shift(percent);
      int extensions = 0;
      int at = now + bake + delay(rng);
      while (true) {
        timeline.generate(at, traffic);
        CanaryVerdict analysis = analyze(timeline, canaryStart, at, percent, extensions);
        if (verdicts != null) {
          verdicts.add(analysis);
        }
        Verdict verdict = analysis.verdict();
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
   * Mirrors {@code AnalyzeCanary.handle} and {@code read}: each check's window of both groups, the
   * datapoints CloudWatch has published by {@code now} in it, the samples built from them, judged
   * by {@code CanaryAnalysis.of(config)}. Times are relative to the first shift.
   */
  CanaryVerdict analyze(
      MetricsTimeline timeline, int canaryStart, int now, int percent, int extensions) {
    long start = canaryStart + timeline.offset();
    long wallNow = now + timeline.offset();
    List<CheckData> data = new ArrayList<>();
    for (MetricCheck check : config.analysis().checks()) {
      data.add(read(timeline, check, start, wallNow));
    }
    return judge.analyze(data, percent, extensions);
  }

  private CheckData read(MetricsTimeline timeline, MetricCheck check, long canaryStart, long now) {
    long[] window = window(check, canaryStart, now);
    if (window[1] <= window[0]) {
      return new CheckData(check, new CanarySample(0, 0, null), new CanarySample(0, 0, null));
    }
    int period = check.periodSeconds();
    List<Datapoint> b = timeline.datapoints(mode, BASELINE, window[0], window[1], period, now);
    List<Datapoint> c = timeline.datapoints(mode, CANARY, window[0], window[1], period, now);
    return new CheckData(
        check, sample(check, b), sample(check, c), unhealthy(check, b), unhealthy(check, c));
  }

  /**
   * A check's window [start, end) in wall-clock seconds, as {@code AnalyzeCanary.read}: from the
   * first period boundary at or after the canary's start to the last boundary {@code delaySeconds}
   * or more before now.
   */
  static long[] window(MetricCheck check, long canaryStart, long now) {
    long period = check.periodSeconds();
    long start = -Math.floorDiv(-canaryStart, period) * period;
    long end = Math.floorDiv(now - check.delaySeconds(), period) * period;
    return new long[] {start, end};
  }

  /**
   * Mirrors {@code AnalyzeCanary.sample}: an error-rate check sums requests and errors (for the
   * load balancer: 5xx plus connection errors) over the datapoints, errors capped at the requests;
   * a value check has one sample per datapoint (TargetResponseTime in milliseconds).
   */
  static CanarySample sample(MetricCheck check, List<Datapoint> points) {
    if (check.type() == MetricCheck.Type.ERROR_RATE) {
      double requests = 0;
      double errors = 0;
      for (Datapoint p : points) {
        requests += p.requests();
        errors += p.errors() + p.connectionErrors();
      }
      long n = Math.round(requests);
      return new CanarySample(n, Math.min(n, Math.round(errors)), null);
    }
    double[] values =
        points.stream().mapToDouble(Datapoint::latencyMs).filter(Double::isFinite).toArray();
    return new CanarySample(0, 0, values);
  }

  /** Mirrors {@code AnalyzeCanary.unhealthy}: read by the load balancer's error check only. */
  private static int unhealthy(MetricCheck check, List<Datapoint> points) {
    if (check.source() != MetricCheck.Source.ALB || check.type() != MetricCheck.Type.ERROR_RATE) {
      return 0;
    }
    return (int) points.stream().filter(Datapoint::unhealthy).count();
  }

  private static int delay(SplittableRandom rng) {
    return 1 + rng.nextInt(MAX_DELAY);
  }

  /** The step's weights: the canary group takes {@code percent} of the requests. */
  private final class Traffic implements MetricsTimeline.Source {
    private final int crashPhase;
    private Serving baseline;
    private Serving canary = Serving.IDLE;
    private double canaryRate;

    Traffic(int crashPhase) {
      this.crashPhase = crashPhase;
      this.baseline =
          new Serving(requestsPerSecond, Scenario.BASELINE_ERROR_RATE, scenario.baselineLatency());
    }

    void shift(int percent) {
      canaryRate = requestsPerSecond * percent / 100.0;
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
        return Serving.down(canaryRate);
      }
      return canary;
    }
  }
}
