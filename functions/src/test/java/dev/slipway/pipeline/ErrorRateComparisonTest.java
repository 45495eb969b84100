package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class ErrorRateComparisonTest {

  @Test
  void matchesFishersExactTestComputedByHand() {
    // 2x2 table: canary 3 of 4 failed, baseline 1 of 4; P(X >= 3) = (C(4,3)C(4,1) + 1) / C(8,4)
    double p =
        ErrorRateComparison.pValueCanaryWorse(
            new CanarySample(4, 1, null), new CanarySample(4, 3, null));

    assertThat(p).isCloseTo(17.0 / 70.0, within(1e-12));
  }

  @Test
  void marginTestsMatchTheWaldStatisticComputedByHand() {
    var normal = new org.apache.commons.math3.distribution.NormalDistribution();
    var baseline = new CanarySample(1000, 10, null);
    var canary = new CanarySample(1000, 30, null);
    // ratio 2: (0.03 - 2 * 0.01) / sqrt(0.03 * 0.97 / 1000 + 4 * 0.01 * 0.99 / 1000)
    double zRatio = 0.01 / Math.sqrt(0.0291 / 1000 + 4 * 0.0099 / 1000);
    // delta 0.005: (0.03 - 0.01 - 0.005) / sqrt(0.03 * 0.97 / 1000 + 0.01 * 0.99 / 1000)
    double zDelta = 0.015 / Math.sqrt(0.0291 / 1000 + 0.0099 / 1000);

    assertThat(ErrorRateComparison.pValueAboveRatio(baseline, canary, 2.0))
        .isCloseTo(1 - normal.cumulativeProbability(zRatio), within(1e-12))
        .isCloseTo(0.1138, within(1e-3));
    assertThat(ErrorRateComparison.pValueAboveDelta(baseline, canary, 0.005))
        .isCloseTo(1 - normal.cumulativeProbability(zDelta), within(1e-12))
        .isCloseTo(0.0082, within(1e-3));
  }

  @Test
  void marginTestsOfAnEntirelyFailingCanary() {
    var baseline = new CanarySample(100, 0, null);
    var canary = new CanarySample(100, 100, null);

    assertThat(ErrorRateComparison.pValueAboveRatio(baseline, canary, 2.0)).isZero();
    assertThat(ErrorRateComparison.pValueAboveDelta(baseline, canary, 0.005)).isZero();
    assertThat(ErrorRateComparison.pValueAboveDelta(canary, baseline, 0.005)).isEqualTo(1.0);
  }

  @Test
  void canaryWithFewerErrorsIsNotWorse() {
    double p =
        ErrorRateComparison.pValueCanaryWorse(
            new CanarySample(1000, 50, null), new CanarySample(1000, 10, null));

    assertThat(p).isGreaterThan(0.99);
  }

  @Test
  void noErrorsAnywhereIsNoEvidence() {
    assertThat(
            ErrorRateComparison.pValueCanaryWorse(
                new CanarySample(500, 0, null), new CanarySample(500, 0, null)))
        .isEqualTo(1.0);
  }

  @Test
  void largeCountsStayExactAndFast() {
    double p =
        ErrorRateComparison.pValueCanaryWorse(
            new CanarySample(1_000_000, 1_000, null), new CanarySample(50_000, 500, null));

    assertThat(p).isLessThan(1e-50);
  }
}
