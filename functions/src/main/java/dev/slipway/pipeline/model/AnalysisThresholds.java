package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

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
 * samples (e.g. one-minute CloudWatch datapoints), in either group: INCONCLUSIVE. The p-value
 * defaults are strict (0.01) because a canary is analysed after every step of every deploy: a
 * looser test would roll back healthy releases by chance.
 */
public record AnalysisThresholds(
    @JsonProperty("minRequestsPerGroup") Integer minRequestsPerGroup,
    @JsonProperty("minLatencySamples") Integer minLatencySamples,
    @JsonProperty("maxErrorRateRatio") Double maxErrorRateRatio,
    @JsonProperty("maxErrorRateDelta") Double maxErrorRateDelta,
    @JsonProperty("errorRatePValue") Double errorRatePValue,
    @JsonProperty("latencyPValue") Double latencyPValue,
    @JsonProperty("latencyMinEffect") Double latencyMinEffect,
    @JsonProperty("latencyMinEffectMs") Double latencyMinEffectMs) {

  public AnalysisThresholds {
    minRequestsPerGroup = minRequestsPerGroup == null ? 100 : minRequestsPerGroup;
    minLatencySamples = minLatencySamples == null ? 10 : minLatencySamples;
    maxErrorRateRatio = maxErrorRateRatio == null ? 2.0 : maxErrorRateRatio;
    maxErrorRateDelta = maxErrorRateDelta == null ? 0.005 : maxErrorRateDelta;
    errorRatePValue = errorRatePValue == null ? 0.01 : errorRatePValue;
    latencyPValue = latencyPValue == null ? 0.01 : latencyPValue;
    latencyMinEffect = latencyMinEffect == null ? 0.2 : latencyMinEffect;
    latencyMinEffectMs = latencyMinEffectMs == null ? 10.0 : latencyMinEffectMs;
    Fields.atLeast("minRequestsPerGroup", minRequestsPerGroup, 1);
    Fields.atLeast("minLatencySamples", minLatencySamples, 3);
    if (maxErrorRateRatio < 1.0) {
      throw new InvalidFieldException(
          "maxErrorRateRatio", maxErrorRateRatio + " must be at least 1.0 (1.0 = no worse)");
    }
    between("maxErrorRateDelta", maxErrorRateDelta, 0.0, 1.0);
    between("errorRatePValue", errorRatePValue, 1e-9, 0.5);
    between("latencyPValue", latencyPValue, 1e-9, 0.5);
    between("latencyMinEffect", latencyMinEffect, 0.0, 10.0);
    between("latencyMinEffectMs", latencyMinEffectMs, 0.0, 60_000.0);
  }

  /** All defaults. */
  public static AnalysisThresholds defaults() {
    return new AnalysisThresholds(null, null, null, null, null, null, null, null);
  }

  private static void between(String field, double value, double min, double max) {
    if (!(value >= min && value <= max)) {
      throw new InvalidFieldException(field, value + " is not between " + min + " and " + max);
    }
  }
}
