package dev.slipway.pipeline;

import org.apache.commons.math3.distribution.NormalDistribution;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * One-sided Mann-Whitney U test of "canary latencies tend to be higher than baseline ones": exact
 * for small samples without ties (per-period statistics such as one-minute CloudWatch datapoints,
 * where the normal approximation is off by a factor of two), otherwise the normal approximation
 * with its tie correction (commons-math's own {@code MannWhitneyUTest} is two-sided only).
 */
final class LatencyComparison {
  private static final NormalDistribution STANDARD_NORMAL = new NormalDistribution(null, 0, 1);

  private LatencyComparison() {}

  /**
   * One-sided p of "canary latencies tend to exceed baseline latencies × (1 + {@code margin})"; a
   * margin of 0 tests "slower at all".
   */
  static double pValueCanarySlower(double[] baseline, double[] canary, double margin) {
    return pValueCanarySlower(baseline, canary, margin, 0);
  }

  /**
   * One-sided p-value that the canary is slower than the baseline inflated by the larger of a
   * relative {@code margin} and an absolute {@code marginMs}.
   */
  static double pValueCanarySlower(
      double[] baseline, double[] canary, double margin, double marginMs) {
    double[] inflated = baseline.clone();
    for (int i = 0; i < inflated.length; i++) {
      inflated[i] = Math.max(inflated[i] * (1 + margin), inflated[i] + marginMs);
    }
    return pValueCanarySlower(inflated, canary);
  }

  static double pValueCanarySlower(double[] baseline, double[] canary) {
    int n1 = baseline.length;
    int n2 = canary.length;
    if (n1 == 0 || n2 == 0) {
      return 1.0;
    }
    double[] all = new double[n1 + n2];
    System.arraycopy(baseline, 0, all, 0, n1);
    System.arraycopy(canary, 0, all, n1, n2);
    double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(all);

    double canaryRankSum = 0;
    for (int i = n1; i < all.length; i++) {
      canaryRankSum += ranks[i];
    }
    double u = canaryRankSum - n2 * (n2 + 1) / 2.0;
    if ((long) n1 * n2 <= EXACT_LIMIT && tieTerm(ranks) == 0) {
      return exactUpperTail(n2, n1, (int) Math.round(u));
    }
    double mean = n1 * (double) n2 / 2.0;
    double variance =
        n1 * (double) n2 / 12.0 * ((n1 + n2 + 1) - tieTerm(ranks) / ((n1 + n2) * (n1 + n2 - 1.0)));
    if (variance <= 0) {
      return 1.0; // every value equal: no evidence either way
    }
    return 1.0 - STANDARD_NORMAL.cumulativeProbability((u - mean) / Math.sqrt(variance));
  }

  /** Largest n1 × n2 for which the exact distribution of U is computed. */
  static final int EXACT_LIMIT = 400;

  /**
   * P(U ≥ u) for the U statistic of a group of {@code m} against one of {@code n} under the null
   * hypothesis (every ordering equally likely): the count of orderings with each U, built up one
   * element at a time, over the count of all orderings.
   */
  static double exactUpperTail(int m, int n, int u) {
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

  /** Sum of t³ − t over groups of t tied ranks (ranks of a tie group are equal averages). */
  private static double tieTerm(double[] ranks) {
    double[] sorted = ranks.clone();
    java.util.Arrays.sort(sorted);
    double sum = 0;
    int i = 0;
    while (i < sorted.length) {
      int j = i;
      while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
        j++;
      }
      double t = j - i + 1;
      sum += t * t * t - t;
      i = j + 1;
    }
    return sum;
  }
}
