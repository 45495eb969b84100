package dev.slipway.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.pipeline.bench.DeploySimulator.Outcome;
import dev.slipway.pipeline.bench.DeploySimulator.Result;
import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * How often Slipway's canary judge is wrong on realistic ALB data: simulates deploys of identical
 * and of regressed versions through every canary step, with the metrics AnalyzeCanary would read in
 * local mode (10-s datapoints at once) and on AWS (one-minute datapoints, 1 to 3 minutes late), for
 * the demo's config, the shipped {@code infra/slipway.json} and the code defaults, and prints one
 * table per config. Run it with {@code scripts/bench canary} (or {@code functions/bench-canary
 * [--deploys N] [--seed S] [--threads T]}) from the repository root.
 */
public final class CanaryJudgeBench {
  static final double[] REQUESTS_PER_SECOND = {1, 5, 20, 100, 500};

  private CanaryJudgeBench() {}

  /** One config the bench judges with. */
  record NamedConfig(String name, String source, PipelineConfig config) {}

  /**
   * One table cell's tally.
   *
   * @param medianSeconds median time from the first traffic shift to the deploy's last analysis
   */
  record Tally(
      int deploys,
      int promoted,
      int rolledBack,
      int failed,
      int inconclusive,
      double medianSeconds) {
    double percent(int count) {
      return 100.0 * count / deploys;
    }
  }

  public static void main(String[] args) throws Exception {
    int deploys = 2000;
    long seed = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    Path root = Path.of(".");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--deploys" -> deploys = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--root" -> root = Path.of(args[++i]);
        default -> {
          System.err.println(
              "usage: CanaryJudgeBench [--deploys N] [--seed S] [--threads T] [--root DIR]");
          System.exit(2);
        }
      }
    }
    List<NamedConfig> configs =
        List.of(
            fromServicesFile(root, "demo", "examples/hello-service/slipway.demo.json"),
            fromServicesFile(root, "shipped", "infra/slipway.json"),
            new NamedConfig(
                "code defaults",
                "PipelineConfig.defaults (canarySteps, bake, extensions, analysis unset)",
                PipelineConfig.defaults("hello", "slipway-dev/hello-service")));
    List<Scenario> scenarios = Scenario.all();
    long started = System.nanoTime();
    System.out.printf(
        Locale.ROOT,
        "canary judge benchmark: %d deploys per cell, seed %d (rerun with --seed %d), %d"
            + " threads%n",
        deploys,
        seed,
        seed,
        threads);
    describe(scenarios);

    var master = new SplittableRandom(seed);
    List<Future<Tally>> futures = new ArrayList<>();
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      for (NamedConfig config : configs) {
        for (DataMode mode : DataMode.values()) {
          for (double rps : REQUESTS_PER_SECOND) {
            for (Scenario scenario : scenarios) {
              var simulator = new DeploySimulator(config.config(), mode, rps, scenario);
              var rng = master.split();
              int n = deploys;
              futures.add(pool.submit(() -> tally(simulator, n, rng)));
            }
          }
        }
      }
      int cell = 0;
      for (NamedConfig config : configs) {
        header(config);
        for (DataMode mode : DataMode.values()) {
          for (double rps : REQUESTS_PER_SECOND) {
            List<Tally> row = new ArrayList<>();
            for (int s = 0; s < scenarios.size(); s++) {
              row.add(futures.get(cell++).get());
            }
            row(mode, rps, row);
          }
        }
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%nelapsed %.1f s for %d simulated deploys%n",
        (System.nanoTime() - started) / 1e9,
        (long) deploys
            * configs.size()
            * DataMode.values().length
            * REQUESTS_PER_SECOND.length
            * scenarios.size());
  }

  static Tally tally(DeploySimulator simulator, int deploys, SplittableRandom rng) {
    int promoted = 0;
    int rolledBack = 0;
    int failed = 0;
    int inconclusive = 0;
    int[] seconds = new int[deploys];
    for (int i = 0; i < deploys; i++) {
      Result result = simulator.run(rng);
      seconds[i] = result.seconds();
      promoted += result.outcome() == Outcome.PROMOTED ? 1 : 0;
      rolledBack += result.outcome() == Outcome.ROLLED_BACK ? 1 : 0;
      failed += result.failed() ? 1 : 0;
      inconclusive += result.inconclusive() ? 1 : 0;
    }
    Arrays.sort(seconds);
    double median = deploys == 0 ? 0 : (seconds[(deploys - 1) / 2] + seconds[deploys / 2]) / 2.0;
    return new Tally(deploys, promoted, rolledBack, failed, inconclusive, median);
  }

  /** The {@code pipeline} of the first service in a slipway.json, through the project's parser. */
  static NamedConfig fromServicesFile(Path root, String name, String file) throws IOException {
    JsonNode services = PipelineJson.mapper().readTree(Files.readString(root.resolve(file)));
    JsonNode pipeline = services.path("services").path(0).path("pipeline");
    return new NamedConfig(name, file, PipelineConfigs.parse(pipeline.toString()));
  }

  private static void describe(List<Scenario> scenarios) {
    System.out.println(
        "traffic: Poisson, total req/s split by the step's percent; baseline 5xx 0.1 %;"
            + " latency lognormal, the judge sees TargetResponseTime's per-period average");
    System.out.printf(
        Locale.ROOT,
        "modes: local-10s = local mode's ~%.1f-s datapoints, visible at once; aws-60s ="
            + " one-minute datapoints, published %.0f-%.0f s after the minute ends, none for"
            + " a minute without requests%n",
        MetricsTimeline.LOCAL_PUBLISH_SECONDS,
        DeploySimulator.MIN_LAG_SECONDS,
        DeploySimulator.MAX_LAG_SECONDS);
    for (Scenario s : scenarios) {
      System.out.printf(
          Locale.ROOT,
          "  %-12s canary 5xx %.1f %%, latency median %.1f ms p99 %.0f ms vs baseline median"
              + " %.1f ms p99 %.0f ms%s%n",
          s.name(),
          100 * s.canaryErrorRate(),
          s.canaryLatency().medianMs(),
          s.canaryLatency().p99Ms(),
          s.baselineLatency().medianMs(),
          s.baselineLatency().p99Ms(),
          s.crashLoop()
              ? String.format(
                  Locale.ROOT,
                  "; up %d s of every %d s, else no target answers (no data)",
                  Scenario.CRASH_UP_SECONDS,
                  Scenario.CRASH_CYCLE_SECONDS)
              : "");
    }
    System.out.println(
        "columns: identical = % of deploys rolled back (false rollbacks) and % ended by a step"
            + " still INCONCLUSIVE after its extensions, median minutes from the first shift to the"
            + " last analysis; each regression = % of deploys promoted"
            + " (missed), in brackets % rolled back by a FAIL verdict (the rest: rolled back as"
            + " inconclusive)");
  }

  private static void header(NamedConfig named) {
    PipelineConfig c = named.config();
    AnalysisThresholds a = c.analysis();
    System.out.printf(
        Locale.ROOT,
        "%n== %s (%s)%n   steps %s, bake %d s, maxBakeExtensions %d, inconclusiveCanary %s;"
            + " minRequestsPerGroup %d, minLatencySamples %d, 5xx > %.1fx and +%.2f pp"
            + " (p %.2g), latency > +%.0f %% and +%.0f ms (p %.2g); GetMetricData period per"
            + " analysis of a step %s s%n",
        named.name(),
        named.source(),
        c.canarySteps(),
        c.bakeSeconds(),
        c.maxBakeExtensions(),
        c.inconclusiveCanary().wireName(),
        a.minRequestsPerGroup(),
        a.minLatencySamples(),
        a.maxErrorRateRatio(),
        100 * a.maxErrorRateDelta(),
        a.errorRatePValue(),
        100 * a.latencyMinEffect(),
        a.latencyMinEffectMs(),
        a.latencyPValue(),
        periods(c));
    System.out.printf(
        Locale.ROOT,
        "%-10s %6s %7s  %-27s  %s%n",
        "",
        "",
        "",
        "identical",
        "missed regression % (rolled back by FAIL %)");
    var sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %6s %7s  %9s %9s %7s",
                "mode",
                "req/s",
                "deploys",
                "rollback%",
                "inconcl%",
                "minutes"));
    for (Scenario s : Scenario.all()) {
      if (s.regression()) {
        sb.append(String.format(Locale.ROOT, "  %-13s", s.name()));
      }
    }
    System.out.println(sb.toString().stripTrailing());
  }

  /** AnalyzeCanary's period for each analysis of a step: the bake, then each extended one. */
  private static String periods(PipelineConfig c) {
    var periods = new ArrayList<String>();
    for (int e = 0; e <= c.maxBakeExtensions(); e++) {
      periods.add(String.valueOf(DeploySimulator.period(c.bakeSeconds() * (e + 1))));
    }
    return String.join("/", periods);
  }

  private static void row(DataMode mode, double rps, List<Tally> cells) {
    Tally same = cells.getFirst();
    var sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %6.0f %7d  %9.1f %9.1f %7.1f",
                mode.label(),
                rps,
                same.deploys(),
                same.percent(same.rolledBack()),
                same.percent(same.inconclusive()),
                same.medianSeconds() / 60));
    for (Tally t : cells.subList(1, cells.size())) {
      sb.append(
          String.format(
              Locale.ROOT, "  %5.1f (%5.1f)", t.percent(t.promoted()), t.percent(t.failed())));
    }
    System.out.println(sb);
  }
}
