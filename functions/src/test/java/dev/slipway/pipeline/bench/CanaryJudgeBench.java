package dev.slipway.pipeline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.bench.DeploySimulator.Outcome;
import dev.slipway.pipeline.bench.DeploySimulator.Result;
import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.MetricCheck;
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
 * How often Slipway's canary judge is wrong: simulates deploys of identical and of regressed
 * versions through every canary step, with the metrics AnalyzeCanary would read (the load
 * balancer's one-minute datapoints on AWS and in local mode, or the service's own one-second
 * metrics), for the demo's config, the shipped {@code infra/slipway.json} and the code defaults,
 * and prints one table per config. Run it with {@code scripts/bench canary} (or {@code
 * functions/bench-canary [--deploys N] [--seed S] [--threads T] [--config FILE]... [--modes M,...]
 * [--rps R,...]}) from the repository root.
 */
public final class CanaryJudgeBench {
  static final double[] REQUESTS_PER_SECOND = {1, 5, 20, 100, 500};

  /** The targets: false rollbacks per deploy, missed regressions at enough traffic. */
  static final double MAX_FALSE_ROLLBACK_PERCENT = 2;

  static final double MAX_MISSED_PERCENT = 5;
  static final double TARGET_FROM_RPS = 20;

  static final String DEMO_FILE = "examples/hello-service/slipway.demo.json";

  /**
   * The demo's checks on the sample service's own one-second metrics (as in {@value #DEMO_FILE}).
   */
  static final String DEMO_CHECKS =
      """
      [{"name": "app-errors", "type": "errorRate", "namespace": "HelloService",
        "metric": "Errors", "requestsMetric": "Requests",
        "dimensions": {"Service": "hello", "Version": "{version}"},
        "periodSeconds": 1, "delaySeconds": 5},
       {"name": "app-latency", "type": "value", "namespace": "HelloService",
        "metric": "Latency", "statistic": "Average",
        "dimensions": {"Service": "hello", "Version": "{version}"},
        "periodSeconds": 1, "delaySeconds": 5, "tolerance": 0.2, "toleranceAbsolute": 10}]
      """;

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

  /** One table row: a data mode and traffic, a tally per scenario (identical first). */
  record Row(DataMode mode, double rps, List<Tally> cells) {}

  public static void main(String[] args) throws Exception {
    int deploys = 2000;
    long seed = 1;
    int threads = Runtime.getRuntime().availableProcessors();
    Path root = Path.of(".");
    List<String> configFiles = new ArrayList<>();
    List<DataMode> modes = List.of(DataMode.values());
    double[] rates = REQUESTS_PER_SECOND;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--deploys" -> deploys = Integer.parseInt(args[++i]);
        case "--seed" -> seed = Long.parseLong(args[++i]);
        case "--threads" -> threads = Integer.parseInt(args[++i]);
        case "--root" -> root = Path.of(args[++i]);
        case "--config" -> configFiles.add(args[++i]);
        case "--modes" ->
            modes = Arrays.stream(args[++i].split(",")).map(DataMode::ofLabel).toList();
        case "--rps" ->
            rates = Arrays.stream(args[++i].split(",")).mapToDouble(Double::parseDouble).toArray();
        default -> {
          System.err.println(
              "usage: CanaryJudgeBench [--deploys N] [--seed S] [--threads T] [--root DIR]"
                  + " [--config FILE]... [--modes aws-60s,local-60s,emf-1s] [--rps 1,5,20,100,500]");
          System.exit(2);
        }
      }
    }
    List<NamedConfig> configs = new ArrayList<>();
    if (configFiles.isEmpty()) {
      configs.add(demo(root));
      configs.add(fromFile(root, "shipped", "infra/slipway.json"));
      configs.add(
          new NamedConfig(
              "code defaults",
              "PipelineConfig defaults, strategy canary (steps, bake, extensions, analysis unset)",
              PipelineConfigs.parse(
                  "{\"service\": \"hello\", \"repository\": \"slipway-dev/hello-service\","
                      + " \"strategy\": \"canary\"}")));
    } else {
      for (String file : configFiles) {
        configs.add(fromFile(root, Path.of(file).getFileName().toString(), file));
      }
    }
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
    List<List<Row>> tables = new ArrayList<>();
    long simulated = 0;
    try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
      List<List<List<Future<Tally>>>> futures = new ArrayList<>();
      for (NamedConfig config : configs) {
        List<List<Future<Tally>>> table = new ArrayList<>();
        for (DataMode mode : fitting(config, modes)) {
          for (double rps : rates) {
            List<Future<Tally>> row = new ArrayList<>();
            for (Scenario scenario : scenarios) {
              var simulator = new DeploySimulator(config.config(), mode, rps, scenario);
              var rng = master.split();
              int n = deploys;
              row.add(pool.submit(() -> tally(simulator, n, rng)));
              simulated += n;
            }
            table.add(row);
          }
        }
        futures.add(table);
      }
      for (int c = 0; c < configs.size(); c++) {
        NamedConfig config = configs.get(c);
        header(config, fitting(config, modes));
        List<Row> rows = new ArrayList<>();
        int r = 0;
        for (DataMode mode : fitting(config, modes)) {
          for (double rps : rates) {
            List<Tally> cells = new ArrayList<>();
            for (Future<Tally> f : futures.get(c).get(r)) {
              cells.add(f.get());
            }
            r++;
            var row = new Row(mode, rps, cells);
            print(row, 100 * config.config().analysis().falseRollbackRate());
            rows.add(row);
          }
        }
        tables.add(rows);
      }
    }
    System.out.printf(
        Locale.ROOT,
        "%ntargets: false rollbacks (identical deploys rolled back, by FAIL or as inconclusive)"
            + " <= %.0f %% per deploy; missed regressions <= %.0f %% at >= %.0f req/s%n",
        MAX_FALSE_ROLLBACK_PERCENT,
        MAX_MISSED_PERCENT,
        TARGET_FROM_RPS);
    for (int c = 0; c < configs.size(); c++) {
      summary(configs.get(c), tables.get(c), scenarios);
    }
    System.out.printf(
        Locale.ROOT,
        "%nelapsed %.1f s for %d simulated deploys%n",
        (System.nanoTime() - started) / 1e9,
        simulated);
  }

  private static List<DataMode> fitting(NamedConfig config, List<DataMode> modes) {
    return DataMode.fitting(config.config()).stream().filter(modes::contains).toList();
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

  /** The demo's config: checks on the sample service's own one-second metrics. */
  static NamedConfig demo(Path root) throws IOException {
    return fromFile(root, "demo", DEMO_FILE);
  }

  /**
   * A config from a file: the {@code pipeline} of the first service in a slipway.json, or a bare
   * pipeline object (service, repository and strategy canary filled in when missing), through the
   * project's parser.
   */
  static NamedConfig fromFile(Path root, String name, String file) throws IOException {
    ObjectNode pipeline = (ObjectNode) pipelineOf(root.resolve(file));
    if (!pipeline.has("service")) {
      pipeline.put("service", "hello");
    }
    if (!pipeline.has("repository")) {
      pipeline.put("repository", "slipway-dev/hello-service");
    }
    if (!pipeline.has("strategy")) {
      pipeline.put("strategy", "canary");
    }
    return new NamedConfig(name, file, PipelineConfigs.parse(pipeline.toString()));
  }

  private static JsonNode pipelineOf(Path file) throws IOException {
    JsonNode json = PipelineJson.mapper().readTree(Files.readString(file));
    return json.has("services") ? json.path("services").path(0).path("pipeline") : json;
  }

  private static void describe(List<Scenario> scenarios) {
    System.out.println(
        "traffic: Poisson, total req/s split by the step's percent; baseline 5xx 0.1 %;"
            + " latency lognormal, the judge sees each period's average");
    System.out.printf(
        Locale.ROOT,
        "modes: aws-60s = the load balancer's one-minute datapoints, each published %.0f-%.0f s"
            + " after its minute; local-60s = the same, exactly %.0f s after; emf-1s = the"
            + " service's own per-second Requests, Errors and Latency, %.1f-%.1f s after the"
            + " second (only requests it answered); no datapoint for a period without requests%n",
        DataMode.AWS_60S.minLagSeconds(),
        DataMode.AWS_60S.maxLagSeconds(),
        DataMode.LOCAL_60S.minLagSeconds(),
        DataMode.EMF_1S.minLagSeconds(),
        DataMode.EMF_1S.maxLagSeconds());
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
                  "; up %d s of every %d s, down: connection errors, target unhealthy",
                  Scenario.CRASH_UP_SECONDS,
                  Scenario.CRASH_CYCLE_SECONDS)
              : "");
    }
    System.out.println(
        "columns: identical = % of deploys rolled back (false rollbacks), of them by a FAIL"
            + " verdict next to the per-deploy budget falseRollbackRate, % ended by a step still"
            + " INCONCLUSIVE after its extensions, median minutes from the first shift to the last"
            + " analysis; each regression = % of deploys promoted (missed), in brackets % rolled"
            + " back by a FAIL verdict (the rest: rolled back as inconclusive)");
  }

  private static void header(NamedConfig named, List<DataMode> modes) {
    PipelineConfig c = named.config();
    AnalysisThresholds a = c.analysis();
    int steps = c.canarySteps().size();
    int ext = c.maxBakeExtensions();
    System.out.printf(
        Locale.ROOT,
        "%n== %s (%s)%n   steps %s, bake %d s, maxBakeExtensions %d, inconclusiveCanary %s;"
            + " falseRollbackRate %.3g per deploy, per test %.2g (%d checks x %d steps x %d"
            + " bakes); minRequestsPerGroup %d, errors > %.1fx and +%.2f pp%n",
        named.name(),
        named.source(),
        c.canarySteps(),
        c.bakeSeconds(),
        ext,
        c.inconclusiveCanary().wireName(),
        a.falseRollbackRate(),
        a.alphaPerLook(steps, ext),
        a.checks().size(),
        steps,
        1 + ext,
        a.minRequestsPerGroup(),
        a.maxErrorRateRatio(),
        100 * a.maxErrorRateDelta());
    for (MetricCheck check : a.checks()) {
      double alpha = a.alphaOf(check, steps, ext);
      String detail =
          check.type() == MetricCheck.Type.ERROR_RATE
              ? "errorRate"
              : String.format(
                  Locale.ROOT,
                  "value (%s), > +%.0f %% and +%s, needs %d samples",
                  check.statistic(),
                  100 * check.tolerance(),
                  trim(check.toleranceAbsolute()),
                  check.minSamples() != null
                      ? check.minSamples()
                      : AnalysisThresholds.minSamplesToFail(alpha));
      System.out.printf(
          Locale.ROOT,
          "   check %s: %s %s, period %d s, delay %d s, p < %.2g%n",
          check.name(),
          check.source().name().toLowerCase(Locale.ROOT),
          detail,
          check.periodSeconds(),
          check.delaySeconds(),
          alpha);
    }
    if (modes.isEmpty()) {
      System.out.println("   (no selected data mode has data for every check)");
      return;
    }
    System.out.printf(
        Locale.ROOT,
        "%-10s %6s %7s  %-40s  %s%n",
        "",
        "",
        "",
        "identical",
        "missed regression % (rolled back by FAIL %)");
    var sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %6s %7s  %9s %5s %6s %8s %7s",
                "mode",
                "req/s",
                "deploys",
                "rollback%",
                "FAIL%",
                "budget",
                "inconcl%",
                "minutes"));
    for (Scenario s : Scenario.all()) {
      if (s.regression()) {
        sb.append(String.format(Locale.ROOT, "  %-13s", s.name()));
      }
    }
    System.out.println(sb.toString().stripTrailing());
  }

  private static void print(Row row, double budget) {
    Tally same = row.cells().getFirst();
    var sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "%-10s %6.0f %7d  %9.1f %5.1f %6.1f %8.1f %7.1f",
                row.mode().label(),
                row.rps(),
                same.deploys(),
                same.percent(same.rolledBack()),
                same.percent(same.failed()),
                budget,
                same.percent(same.inconclusive()),
                same.medianSeconds() / 60));
    for (Tally t : row.cells().subList(1, row.cells().size())) {
      sb.append(
          String.format(
              Locale.ROOT, "  %5.1f (%5.1f)", t.percent(t.promoted()), t.percent(t.failed())));
    }
    System.out.println(sb);
  }

  /** One line per config and data mode: which of the targets hold. */
  private static void summary(NamedConfig config, List<Row> rows, List<Scenario> scenarios) {
    for (DataMode mode : DataMode.values()) {
      List<Row> mine = rows.stream().filter(r -> r.mode() == mode).toList();
      if (mine.isEmpty()) {
        continue;
      }
      List<String> falseRollbacks = new ArrayList<>();
      double worstFail = 0;
      for (Row r : mine) {
        Tally same = r.cells().getFirst();
        worstFail = Math.max(worstFail, same.percent(same.failed()));
        if (same.percent(same.rolledBack()) > MAX_FALSE_ROLLBACK_PERCENT) {
          falseRollbacks.add(
              String.format(
                  Locale.ROOT, "%.0f req/s %.1f %%", r.rps(), same.percent(same.rolledBack())));
        }
      }
      List<String> held = new ArrayList<>();
      List<String> missed = new ArrayList<>();
      for (int s = 1; s < scenarios.size(); s++) {
        double worst = -1;
        double worstRps = 0;
        for (Row r : mine) {
          if (r.rps() >= TARGET_FROM_RPS) {
            double p = r.cells().get(s).percent(r.cells().get(s).promoted());
            if (p > worst) {
              worst = p;
              worstRps = r.rps();
            }
          }
        }
        if (worst < 0) {
          continue;
        }
        if (worst <= MAX_MISSED_PERCENT) {
          held.add(scenarios.get(s).name());
        } else {
          missed.add(
              String.format(
                  Locale.ROOT,
                  "%s (%.1f %% at %.0f req/s)",
                  scenarios.get(s).name(),
                  worst,
                  worstRps));
        }
      }
      System.out.printf(
          Locale.ROOT,
          "%s, %s: false rollbacks %s (by FAIL at most %.1f %%, budget %.1f %%); missed <= %.0f %%"
              + " at >= %.0f req/s: %s%s%n",
          config.name(),
          mode.label(),
          falseRollbacks.isEmpty()
              ? "hold at every simulated traffic"
              : "fail at " + String.join(", ", falseRollbacks),
          worstFail,
          100 * config.config().analysis().falseRollbackRate(),
          MAX_MISSED_PERCENT,
          TARGET_FROM_RPS,
          held.isEmpty() && missed.isEmpty()
              ? "no such traffic simulated"
              : held.isEmpty() ? "holds for none" : "holds for " + String.join(", ", held),
          missed.isEmpty() ? "" : "; fails for " + String.join(", ", missed));
    }
  }

  private static String trim(double value) {
    return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
  }
}
