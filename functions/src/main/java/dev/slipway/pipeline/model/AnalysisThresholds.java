package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.HashSet;
import java.util.List;

/**
 * When a canary counts as worse than its baseline.
 *
 * <p>Errors: FAIL when the canary's 5xx rate is significantly (one-sided, {@code errorRatePValue})
 * higher than the baseline's, and significantly beyond both tolerances: more than {@code
 * maxErrorRateRatio} times the baseline rate and more than {@code maxErrorRateDelta} (absolute,
 * 0.005 = half a percentage point) above it. Latency: FAIL when the canary is significantly slower
 * than the baseline inflated by both tolerances: {@code latencyMinEffect} (relative, 0.2 = 20 %)
 * and {@code latencyMinEffectMs} (absolute, 10 ms: a fresh JVM a few milliseconds slower while it
 * warms up is no regression a user notices); Mann-Whitney U, {@code latencyPValue}. Testing against
 * the tolerance, not against equality, is what keeps equally good canaries from failing by chance.
 * Fewer than {@code minRequestsPerGroup} requests, or fewer than {@code minLatencySamples} latency
 * samples (e.g. one-minute CloudWatch datapoints), in either group: INCONCLUSIVE.
 *
 * <p>{@code falseRollbackRate} is the budget per deploy: the chance that an identical canary is
 * rolled back by a FAIL verdict, across all its steps, checks and bake extensions. It is spent
 * evenly (Bonferroni): each test runs at {@link #alphaPerLook}, the budget divided by checks ×
 * steps × (1 + maxBakeExtensions). {@code errorRatePValue} / {@code latencyPValue} override that
 * per-look level for the built-in checks, at the price of a budget nobody then controls.
 *
 * <p>{@code checks} lists what is compared ({@link MetricCheck}); without it the two built-in
 * checks on the load balancer's metrics: {@code alb-errors} and {@code alb-latency} (with the
 * latency tolerances and {@code minLatencySamples} above).
 */
public record AnalysisThresholds(
    @JsonProperty("minRequestsPerGroup") Integer minRequestsPerGroup,
    @JsonProperty("minLatencySamples") Integer minLatencySamples,
    @JsonProperty("maxErrorRateRatio") Double maxErrorRateRatio,
    @JsonProperty("maxErrorRateDelta") Double maxErrorRateDelta,
    @JsonProperty("errorRatePValue") Double errorRatePValue,
    @JsonProperty("latencyPValue") Double latencyPValue,
    @JsonProperty("latencyMinEffect") Double latencyMinEffect,
    @JsonProperty("latencyMinEffectMs") Double latencyMinEffectMs,
    @JsonProperty("falseRollbackRate") Double falseRollbackRate,
    @JsonProperty("checks") List<MetricCheck> checks) {

  /** The default per-deploy false-rollback budget. */
  public static final double DEFAULT_FALSE_ROLLBACK_RATE = 0.01;

  public AnalysisThresholds {
    minRequestsPerGroup = minRequestsPerGroup == null ? 100 : minRequestsPerGroup;

    maxErrorRateRatio = maxErrorRateRatio == null ? 2.0 : maxErrorRateRatio;
    maxErrorRateDelta = maxErrorRateDelta == null ? 0.005 : maxErrorRateDelta;
    latencyMinEffect = latencyMinEffect == null ? 0.2 : latencyMinEffect;
    latencyMinEffectMs = latencyMinEffectMs == null ? 10.0 : latencyMinEffectMs;
    Fields.atLeast("minRequestsPerGroup", minRequestsPerGroup, 1);
    if (minLatencySamples != null) {
      Fields.atLeast("minLatencySamples", minLatencySamples, 3);
    }
    if (maxErrorRateRatio < 1.0) {
      throw new InvalidFieldException(
          "maxErrorRateRatio", maxErrorRateRatio + " must be at least 1.0 (1.0 = no worse)");
    }
    between("maxErrorRateDelta", maxErrorRateDelta, 0.0, 1.0);
    if (errorRatePValue != null) {
      between("errorRatePValue", errorRatePValue, 1e-9, 0.5);
    }
    if (latencyPValue != null) {
      between("latencyPValue", latencyPValue, 1e-9, 0.5);
    }
    between("latencyMinEffect", latencyMinEffect, 0.0, 10.0);
    between("latencyMinEffectMs", latencyMinEffectMs, 0.0, 60_000.0);
    falseRollbackRate = falseRollbackRate == null ? DEFAULT_FALSE_ROLLBACK_RATE : falseRollbackRate;
    between("falseRollbackRate", falseRollbackRate, 1e-6, 0.2);
    checks =
        checks == null || checks.isEmpty()
            ? List.of(
                MetricCheck.albErrors(),
                MetricCheck.albLatency(latencyMinEffect, latencyMinEffectMs, minLatencySamples))
            : List.copyOf(checks);
    var names = new HashSet<String>();
    for (MetricCheck check : checks) {
      if (!names.add(check.name())) {
        throw new InvalidFieldException(
            "analysis.checks", "two checks are named '" + check.name() + "'; names must differ");
      }
    }
  }

  /**
   * The significance level of each test: the per-deploy budget spread evenly over every test a
   * deploy can run (each check, at each step, at each bake extension).
   */
  public double alphaPerLook(int steps, int maxBakeExtensions) {
    return falseRollbackRate / ((double) checks.size() * steps * (1 + maxBakeExtensions));
  }

  /** The level the given check is tested at, counting a per-look override of the built-ins. */
  public double alphaOf(MetricCheck check, int steps, int maxBakeExtensions) {
    if (MetricCheck.ALB_ERRORS.equals(check.name()) && errorRatePValue != null) {
      return errorRatePValue;
    }
    if (MetricCheck.ALB_LATENCY.equals(check.name()) && latencyPValue != null) {
      return latencyPValue;
    }
    return alphaPerLook(steps, maxBakeExtensions);
  }

  /**
   * The fewest per-period samples per group with which a one-sided Mann-Whitney test, as the
   * analysis computes it (exact for up to 20 × 20 samples without ties, 1 / C(2n, n) when every
   * canary value is above every baseline one; the normal approximation beyond), can reach {@code
   * alpha} at all: with fewer, even a canary worse in every period than the baseline in every
   * period could not fail.
   */
  public static int minSamplesToFail(double alpha) {
    for (int n = 2; n < 10_000; n++) {
      if (MannWhitney.smallestPValue(n) < alpha) {
        return n;
      }
    }
    throw new IllegalArgumentException("no sample size reaches p < " + alpha);
  }

  /** All defaults. */
  public static AnalysisThresholds defaults() {
    return new AnalysisThresholds(null, null, null, null, null, null, null, null, null, null);
  }

  private static void between(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidFieldException(field, value + " is not between " + min + " and " + max);
    }
  }
}
