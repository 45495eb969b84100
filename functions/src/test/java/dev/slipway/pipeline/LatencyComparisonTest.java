package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.commons.math3.stat.inference.MannWhitneyUTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LatencyComparisonTest {

  @Test
  void completelySeparatedLargeSamplesMatchTheHandComputedValue() {
    // 21 vs 21 (beyond the exact sizes): U = 441, E[U] = 220.5, Var[U] = 21*21*43/12 = 1580.25,
    // z = 220.5 / 39.753 = 5.547 -> p = 1.45e-8
    double[] low = IntStream.rangeClosed(1, 21).asDoubleStream().toArray();
    double[] high = IntStream.rangeClosed(22, 42).asDoubleStream().toArray();

    assertThat(LatencyComparison.pValueCanarySlower(low, high)).isCloseTo(1.45e-8, within(1e-9));
    assertThat(LatencyComparison.pValueCanarySlower(high, low))
        .isCloseTo(1 - 1.45e-8, within(1e-9));
  }

  @Test
  void marginInflatesTheBaseline() {
    double[] baseline = {10, 20, 30};
    double[] canary = {11, 22, 33};

    // exactly 10 % slower: against a 10 % margin every pair ties, so no evidence either way
    assertThat(LatencyComparison.pValueCanarySlower(baseline, canary, 0.1))
        .isCloseTo(0.5, within(1e-12));
    assertThat(LatencyComparison.pValueCanarySlower(baseline, canary, 0.0)).isLessThan(0.5);
    assertThat(LatencyComparison.pValueCanarySlower(baseline, canary, 0.5)).isGreaterThan(0.5);
  }

  @Test
  void allValuesTiedIsNoEvidence() {
    assertThat(LatencyComparison.pValueCanarySlower(new double[] {5, 5, 5}, new double[] {5, 5}))
        .isEqualTo(1.0);
  }

  @Test
  void tieCorrectionMakesTiedDataMoreSignificant() {
    double[] baseline = {10, 10, 10, 20, 20};
    double[] canary = {20, 20, 30, 30, 30};
    // hand: ranks 1-3 -> 2, 20s at 4-7 -> 5.5, 30s at 8-10 -> 9; canary rank sum 38, U = 23,
    // E = 12.5, tie term (27-3)+(64-4)+(27-3) = 108, Var = 25/12 * (11 - 108/90) = 20.4167
    var normal = new org.apache.commons.math3.distribution.NormalDistribution();
    double expected = 1 - normal.cumulativeProbability(10.5 / Math.sqrt(25.0 / 12 * (11 - 1.2)));
    double withoutCorrection = 1 - normal.cumulativeProbability(10.5 / Math.sqrt(25.0 / 12 * 11));

    double p = LatencyComparison.pValueCanarySlower(baseline, canary);
    assertThat(p).isCloseTo(expected, within(1e-12));
    assertThat(p).isLessThan(withoutCorrection);
  }

  static Stream<double[][]> continuousSamples() {
    // seed 7: lognormal latencies of random sizes, no ties
    var random = new Random(7L);
    return IntStream.range(0, 50)
        .mapToObj(
            i -> {
              double shift = random.nextDouble() * 0.6;
              return new double[][] {
                // beyond the exact test's sizes: the normal approximation commons-math uses
                lognormal(random, 21 + random.nextInt(44), 0),
                lognormal(random, 21 + random.nextInt(44), shift)
              };
            });
  }

  @ParameterizedTest
  @MethodSource("continuousSamples")
  void agreesWithCommonsMathsTwoSidedTest(double[][] samples) {
    double oneSided = LatencyComparison.pValueCanarySlower(samples[0], samples[1]);
    double twoSided = new MannWhitneyUTest().mannWhitneyUTest(samples[0], samples[1]);

    assertThat(2 * Math.min(oneSided, 1 - oneSided)).isCloseTo(twoSided, within(1e-9));
  }

  static double[] lognormal(Random random, int n, double shift) {
    double[] values = new double[n];
    for (int i = 0; i < n; i++) {
      values[i] = 50 * Math.exp(0.4 * random.nextGaussian() + shift);
    }
    return values;
  }

  @Test
  void smallSamplesWithoutTiesGetTheExactTail() {
    // every canary value above every baseline one: 1 / C(6, 3) and 1 / C(12, 6)
    assertThat(LatencyComparison.pValueCanarySlower(new double[] {1, 2, 3}, new double[] {4, 5, 6}))
        .isCloseTo(1 / 20.0, within(1e-12));
    double[] b = {1, 2, 3, 4, 5, 6};
    double[] c = {7, 8, 9, 10, 11, 12};
    assertThat(LatencyComparison.pValueCanarySlower(b, c)).isCloseTo(1 / 924.0, within(1e-12));
  }

  @Test
  void theExactTailCountsEveryOrdering() {
    // brute force over every way to place 4 canary values among 7: U = pairs canary > baseline
    int m = 4;
    int n = 3;
    int[] counts = new int[m * n + 1];
    for (int mask = 0; mask < 1 << (m + n); mask++) {
      if (Integer.bitCount(mask) != m) {
        continue;
      }
      int u = 0;
      int baselineBelow = 0;
      for (int position = 0; position < m + n; position++) {
        if ((mask & (1 << position)) != 0) {
          u += baselineBelow;
        } else {
          baselineBelow++;
        }
      }
      counts[u]++;
    }
    int tail = 0;
    for (int u = m * n; u >= 0; u--) {
      tail += counts[u];
      assertThat(dev.slipway.pipeline.model.MannWhitney.exactUpperTail(m, n, u))
          .isCloseTo(tail / 35.0, within(1e-12));
    }
  }
}
