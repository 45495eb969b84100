package dev.slipway.pipeline;

import org.apache.commons.math3.distribution.HypergeometricDistribution;
import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * Error-rate tests of a canary against its baseline: Fisher's exact test of "higher at all" (exact
 * for any sample size), and one-sided Wald tests of "higher by more than a tolerance", which keep a
 * canary from failing on chance when it is merely as good as the baseline.
 */
final class ErrorRateComparison {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private ErrorRateComparison() {}

  /** One-sided p of "canary rate > {@code ratio} × baseline rate". */
  static double pValueAboveRatio(CanarySample baseline, CanarySample canary, double ratio) {
    double pc = canary.errorRate();
    double pb = baseline.errorRate();
    double variance =
        pc * (1 - pc) / canary.requests() + ratio * ratio * pb * (1 - pb) / baseline.requests();
    return upperTail(pc - ratio * pb, variance);
  }

  /** One-sided p of "canary rate > baseline rate + {@code delta}". */
  static double pValueAboveDelta(CanarySample baseline, CanarySample canary, double delta) {
    double pc = canary.errorRate();
    double pb = baseline.errorRate();
    double variance = pc * (1 - pc) / canary.requests() + pb * (1 - pb) / baseline.requests();
    return upperTail(pc - pb - delta, variance);
  }

  private static double upperTail(double excess, double variance) {
    if (excess <= 0) {
      return 1.0;
    }
    if (variance <= 0) {
      return 0.0; // e.g. every canary request failed and no baseline request did
    }
    return 1.0 - STANDARD_NORMAL.cumulativeProbability(excess / Math.sqrt(variance));
  }

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
