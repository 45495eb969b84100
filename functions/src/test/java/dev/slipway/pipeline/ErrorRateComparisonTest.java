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
