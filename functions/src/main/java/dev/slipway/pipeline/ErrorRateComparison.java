package dev.slipway.pipeline;

import org.apache.commons.math3.distribution.HypergeometricDistribution;

/**
 * One-sided Fisher's exact test of "the canary returns 5xx more often than the baseline": exact for
 * any sample size, so no normal approximation breaks down at low error counts.
 */
final class ErrorRateComparison {
  private ErrorRateComparison() {}

  /**
   * P(canary has at least this many of all errors | both groups share one error rate), from the
   * hypergeometric distribution of the errors over the two groups.
   */
  static double pValueCanaryWorse(CanarySample baseline, CanarySample canary) {
    long total = baseline.requests() + canary.requests();
    long errors = baseline.errors() + canary.errors();
    if (errors == 0 || canary.requests() == 0 || baseline.requests() == 0) {
      return 1.0;
    }
    if (total > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(total + " requests are too many for one analysis");
    }
    var distribution =
        new HypergeometricDistribution(null, (int) total, (int) errors, (int) canary.requests());
    return distribution.upperCumulativeProbability((int) canary.errors());
  }
}
