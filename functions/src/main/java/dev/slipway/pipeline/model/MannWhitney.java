package dev.slipway.pipeline.model;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * The one-sided Mann-Whitney U distribution as the canary analysis uses it: exact for small samples
 * without ties (per-period statistics such as one-minute CloudWatch datapoints, where the normal
 * approximation is off by a factor of two), the normal approximation beyond. The test itself
 * ({@code LatencyComparison}) and the synth-time check that a test can fail at all ({@link
 * AnalysisThresholds#minSamplesToFail}) both switch here, so they cannot disagree.
 */
public final class MannWhitney {
  /** Largest n1 × n2 for which the exact distribution of U is computed. */
  public static final int EXACT_LIMIT = 400;

  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private MannWhitney() {}

  /** Whether the exact distribution is used for groups of {@code n1} and {@code n2}, no ties. */
  public static boolean exact(int n1, int n2) {
    return (long) n1 * n2 <= EXACT_LIMIT;
  }

  /** P(Z ≥ z) for a standard normal Z. */
  public static double normalUpperTail(double z) {
    return 1.0 - STANDARD_NORMAL.cumulativeProbability(z);
  }

  /**
   * The smallest one-sided p two groups of {@code n} per-period values can give: every value of one
   * above every value of the other (U = n²), exact or normal as the test computes it.
   */
  public static double smallestPValue(int n) {
    if (exact(n, n)) {
      double orderings = 1; // C(2n, n)
      for (int k = 1; k <= n; k++) {
        orderings = orderings * (n + k) / k;
      }
      return 1 / orderings;
    }
    return normalUpperTail((n / 2.0) * Math.sqrt(12.0 / (2 * n + 1)));
  }

  /**
   * P(U ≥ u) for the U statistic of a group of {@code m} against one of {@code n} under the null
   * hypothesis (every ordering equally likely): the count of orderings with each U, built up one
   * element at a time, over the count of all orderings.
   */
  public static double exactUpperTail(int m, int n, int u) {
    int max = m * n;
    // counts[j][k]: orderings of j elements of the first group and the current i of the second
    // with U = k; doubles hold C(40, 20) and beyond without overflow
    double[][] counts = new double[m + 1][max + 1];
    for (int j = 0; j <= m; j++) {
      counts[j][0] = 1;
    }
    for (int i = 1; i <= n; i++) {
      double[][] next = new double[m + 1][max + 1];
      next[0][0] = 1;
      for (int j = 1; j <= m; j++) {
        for (int k = 0; k <= j * i; k++) {
          // the largest element belongs to the first group (adding i to U) or to the second
          next[j][k] = (k >= i ? next[j - 1][k - i] : 0) + counts[j][k];
        }
      }
      counts = next;
    }
    double total = 0;
    double tail = 0;
    for (int k = 0; k <= max; k++) {
      total += counts[m][k];
      if (k >= u) {
        tail += counts[m][k];
      }
    }
    return tail / total;
  }
}
