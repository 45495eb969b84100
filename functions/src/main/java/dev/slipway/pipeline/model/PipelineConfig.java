package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * One service's pipeline settings. Omitted fields take defaults; parse external JSON with {@code
 * PipelineConfigs.parse}, which reports unknown fields and bad values by name.
 *
 * @param environments deployment environments in promotion order; the last one is production
 * @param paths path prefixes (repository-relative) whose changes deploy this service; empty = all
 * @param canarySteps traffic percentages for {@link Strategy#CANARY}, increasing, ending at 100
 * @param bakeSeconds how long each canary step (or blue-green's old blue) bakes before analysis
 * @param maxBakeExtensions how often an INCONCLUSIVE analysis may extend a bake before failing safe
 * @param inconclusiveCanary what a step still INCONCLUSIVE after those extensions does: roll back
 *     (default), pause for a person's approval, or promote
 * @param quietPeriodSeconds how long a push waits for newer pushes before taking the deploy lock
 */
public record PipelineConfig(
    @JsonProperty("service") String service,
    @JsonProperty("repository") String repository,
    @JsonProperty("branch") String branch,
    @JsonProperty("paths") List<String> paths,
    @JsonProperty("environments") List<String> environments,
    @JsonProperty("strategy") Strategy strategy,
    @JsonProperty("canarySteps") List<Integer> canarySteps,
    @JsonProperty("bakeSeconds") Integer bakeSeconds,
    @JsonProperty("maxBakeExtensions") Integer maxBakeExtensions,
    @JsonProperty("inconclusiveCanary") InconclusivePolicy inconclusiveCanary,
    @JsonProperty("quietPeriodSeconds") Integer quietPeriodSeconds,
    @JsonProperty("analysis") AnalysisThresholds analysis,
    @JsonProperty("scan") ScanThreshold scan,
    @JsonProperty("approvalRequired") Boolean approvalRequired,
    @JsonProperty("freezeWindows") List<FreezeWindow> freezeWindows,
    @JsonProperty("smokeChecks") List<SmokeCheck> smokeChecks,
    @JsonProperty("notifications") NotificationSettings notifications) {

  /**
   * How long a push waits for newer pushes before it competes for the deploy lock (latest wins),
   * like a CI server's quiet period: a burst of pushes deploys once.
   */
  public static final int DEFAULT_QUIET_PERIOD_SECONDS = 5;

  /** Default canary traffic steps. */
  public static final List<Integer> DEFAULT_CANARY_STEPS = List.of(5, 25, 50, 100);

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]{0,39}");
  private static final Pattern REPOSITORY = Pattern.compile("[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+");

  public PipelineConfig {
    name("service", service);
    Fields.text("repository", repository);
    if (!REPOSITORY.matcher(repository).matches()) {
      throw new InvalidFieldException(
          "repository", "'" + repository + "' is not a GitHub repository of the form owner/name");
    }
    branch = branch == null ? "main" : Fields.text("branch", branch);
    paths = Fields.list(paths);
    environments = Fields.list(environments, List.of("staging", "production"));
    environments(environments);
    strategy = strategy == null ? Strategy.ROLLING : strategy;
    canarySteps = Fields.list(canarySteps, DEFAULT_CANARY_STEPS);
    canarySteps(canarySteps);
    bakeSeconds = bakeSeconds == null ? 300 : Fields.atLeast("bakeSeconds", bakeSeconds, 0);
    maxBakeExtensions =
        maxBakeExtensions == null ? 2 : Fields.atLeast("maxBakeExtensions", maxBakeExtensions, 0);
    inconclusiveCanary =
        inconclusiveCanary == null ? InconclusivePolicy.ROLLBACK : inconclusiveCanary;
    quietPeriodSeconds =
        quietPeriodSeconds == null
            ? DEFAULT_QUIET_PERIOD_SECONDS
            : Fields.atLeast("quietPeriodSeconds", quietPeriodSeconds, 0);
    analysis = analysis == null ? AnalysisThresholds.defaults() : analysis;
    if (strategy == Strategy.CANARY) {
      canaryCanJudge(canarySteps, bakeSeconds, maxBakeExtensions, analysis);
    }
    scan = scan == null ? ScanThreshold.defaults() : scan;
    approvalRequired = approvalRequired != null && approvalRequired;
    freezeWindows = Fields.list(freezeWindows);
    freezeEnvironments(freezeWindows, environments);
    smokeChecks = Fields.list(smokeChecks);
    notifications = notifications == null ? NotificationSettings.defaults() : notifications;
  }

  /** A config with every optional setting at its default. */
  public static PipelineConfig defaults(String service, String repository) {
    return new PipelineConfig(
        service,
        repository,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null,
        null);
  }

  /** The last environment, which receives the configured strategy. */
  public String productionEnvironment() {
    return environments.getLast();
  }

  private static void name(String field, String value) {
    Fields.text(field, value);
    if (!NAME.matcher(value).matches()) {
      throw new InvalidFieldException(
          field,
          "'"
              + value
              + "' must be lowercase letters, digits and '-', starting with a letter,"
              + " at most 40 characters");
    }
  }

  private static void environments(List<String> environments) {
    if (environments.isEmpty()) {
      throw new InvalidFieldException("environments", "needs at least one environment");
    }
    var seen = new HashSet<String>();
    for (int i = 0; i < environments.size(); i++) {
      name("environments[" + i + "]", environments.get(i));
      if (!seen.add(environments.get(i))) {
        throw new InvalidFieldException(
            "environments[" + i + "]", "'" + environments.get(i) + "' is listed twice");
      }
    }
  }

  /**
   * Refuses a canary whose analysis could never decide: a step whose bake (with all its extensions)
   * holds no settled period of a check, or a latency-like check that needs more periods than a step
   * can give, or one told to judge on so few samples that it could never fail.
   */
  private static void canaryCanJudge(
      List<Integer> steps, int bakeSeconds, int extensions, AnalysisThresholds analysis) {
    long longest = (long) bakeSeconds * (1 + extensions);
    for (MetricCheck check : analysis.checks()) {
      int canFail =
          AnalysisThresholds.minSamplesToFail(analysis.alphaOf(check, steps.size(), extensions));
      int needed = check.type() == MetricCheck.Type.VALUE ? canFail : 1;
      String field = "analysis.checks[" + check.name() + "]";
      if (check.type() == MetricCheck.Type.VALUE && check.minSamples() != null) {
        if (check.minSamples() < canFail) {
          throw new InvalidFieldException(
              check.name().equals(MetricCheck.ALB_LATENCY)
                  ? "analysis.minLatencySamples"
                  : field + ".minSamples",
              String.format(
                  Locale.ROOT,
                  "%d samples per group can never fail this check: at p < %.2g per test (the"
                      + " false-rollback budget %s over %d checks x %d steps x %d bakes) a"
                      + " Mann-Whitney test needs at least %d; raise it to %d or leave it unset",
                  check.minSamples(),
                  analysis.alphaOf(check, steps.size(), extensions),
                  analysis.falseRollbackRate(),
                  analysis.checks().size(),
                  steps.size(),
                  1 + extensions,
                  canFail,
                  canFail));
        }
        needed = check.minSamples();
      }
      int available = check.periodsIn(longest);
      if (available < needed) {
        long bake =
            -Math.floorDiv(
                -((needed + 1L) * check.periodSeconds() + check.delaySeconds()), 1 + extensions);
        throw new InvalidFieldException(
            "bakeSeconds",
            String.format(
                Locale.ROOT,
                "%d s with %d extension(s) gives check %s at most %d settled period(s) of %d s"
                    + " per step (its datapoints are complete %d s after each period), but it"
                    + " needs %d to judge: raise bakeSeconds to at least %d, or judge on a"
                    + " high-resolution metric (a custom check with a shorter periodSeconds)",
                bakeSeconds,
                extensions,
                check.name(),
                available,
                check.periodSeconds(),
                check.delaySeconds(),
                needed,
                bake));
      }
    }
  }

  private static void canarySteps(List<Integer> steps) {
    if (steps.isEmpty()) {
      throw new InvalidFieldException("canarySteps", "needs at least one step, ending at 100");
    }
    int previous = 0;
    for (int i = 0; i < steps.size(); i++) {
      Integer step = steps.get(i);
      if (step == null || step <= previous || step > 100) {
        throw new InvalidFieldException(
            "canarySteps[" + i + "]",
            step + " must be above the previous step (" + previous + ") and at most 100");
      }
      previous = step;
    }
    if (previous != 100) {
      throw new InvalidFieldException(
          "canarySteps", steps + " must end at 100 so the canary is fully promoted");
    }
  }

  private static void freezeEnvironments(List<FreezeWindow> windows, List<String> environments) {
    for (int i = 0; i < windows.size(); i++) {
      List<String> named = windows.get(i).environments();
      for (int j = 0; j < named.size(); j++) {
        if (!environments.contains(named.get(j))) {
          throw new InvalidFieldException(
              "freezeWindows[" + i + "].environments[" + j + "]",
              "'" + named.get(j) + "' is not one of " + String.join(", ", environments));
        }
      }
    }
  }
}
