package dev.slipway.pipeline;

import dev.slipway.pipeline.model.MannWhitney;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

/**
 * One-sided Mann-Whitney U test of "canary latencies tend to be higher than baseline ones": exact
 * for small samples without ties, otherwise the normal approximation with its tie correction
 * ({@link MannWhitney} says which; commons-math's own {@code MannWhitneyUTest} is two-sided only).
 */
final class LatencyComparison {
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
    if (MannWhitney.exact(n1, n2) && tieTerm(ranks) == 0) {
      return MannWhitney.exactUpperTail(n2, n1, (int) Math.round(u));
    }
    double mean = n1 * (double) n2 / 2.0;
    double variance =
        n1 * (double) n2 / 12.0 * ((n1 + n2 + 1) - tieTerm(ranks) / ((n1 + n2) * (n1 + n2 - 1.0)));
    if (variance <= 0) {
      return 1.0; // every value equal: no evidence either way
    }
    return MannWhitney.normalUpperTail((u - mean) / Math.sqrt(variance));
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
