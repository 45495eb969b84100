package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.AnalysisThresholds;
import dev.slipway.pipeline.model.CanaryVerdict;
import dev.slipway.pipeline.model.Verdict;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class CanaryAnalysisTest {
  private static final CanaryAnalysis ANALYSIS = new CanaryAnalysis(AnalysisThresholds.defaults());

  @Test
  void healthyCanaryPassesWithReadableReasons() {
    var random = new Random(1L);
    CanaryVerdict verdict =
        ANALYSIS.analyze(
            new CanarySample(4000, 8, perMinute(random, 12, 40)),
            new CanarySample(1000, 2, perMinute(random, 12, 40)),
            25,
            0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.trafficPercent()).isEqualTo(25);
    assertThat(verdict.reasons()).hasSize(2);
    assertThat(verdict.reasons().get(0))
        .startsWith("5xx rate 0.20 % (2/1000) vs baseline 0.20 % (8/4000): no worse (p = ");
    assertThat(verdict.reasons().get(1))
        .startsWith("median latency ")
        .contains(": no worse (Mann-Whitney p = ");
    assertThat(verdict.canary().requests()).isEqualTo(1000);
    assertThat(verdict.baseline().errorRate()).isEqualTo(0.002);
    assertThat(verdict.canary().latencySamples()).isEqualTo(12);
  }

  @Test
  void brokenCanaryFailsNamingTheErrorRate() {
    CanaryVerdict verdict =
        ANALYSIS.analyze(new CanarySample(4000, 8, null), new CanarySample(1000, 90, null), 5, 0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.errorRatePValue()).isLessThan(1e-10);
    assertThat(verdict.reasons().getFirst())
        .startsWith("5xx rate 9.00 % (90/1000) vs baseline 0.20 % (8/4000)")
        .contains(": more than 2.00x and 0.50 % above the baseline (p = ");
    assertThat(verdict.reasons())
        .contains("no latency samples in either group; judged on 5xx rate only");
  }

  @Test
  void slowCanaryFailsNamingTheLatency() {
    var random = new Random(2L);
    CanaryVerdict verdict =
        ANALYSIS.analyze(
            new CanarySample(4000, 0, perMinute(random, 10, 40)),
            new CanarySample(1000, 0, perMinute(random, 10, 80)),
            50,
            1);

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.bakeExtensions()).isEqualTo(1);
    assertThat(verdict.reasons().getFirst())
        .contains(": more than 20 % and 10 ms slower (Mann-Whitney p = ");
  }

  /**
   * A freshly started canary answering in 9 ms where the warm baseline answers in 6 ms is 50 %
   * slower, significantly, but by 3 ms: within the absolute tolerance, so it passes.
   */
  @Test
  void aFewMillisecondsSlowerWhileWarmingUpPasses() {
    var random = new Random(3L);
    CanaryVerdict verdict =
        ANALYSIS.analyze(
            new CanarySample(4000, 0, perMinute(random, 10, 6)),
            new CanarySample(1000, 0, perMinute(random, 10, 9)),
            50,
            0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.reasons()).anySatisfy(r -> assertThat(r).contains("within tolerance"));
  }

  @Test
  void significantButSmallDifferencesAreTolerated() {
    // 0.30 % vs 0.20 %: significant with this much traffic, but only 1.5x and 0.1 points
    CanaryVerdict verdict =
        ANALYSIS.analyze(
            new CanarySample(2_000_000, 4_000, null),
            new CanarySample(2_000_000, 6_000, null),
            50,
            0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.PASS);
    assertThat(verdict.errorRatePValue()).isEqualTo(1.0);
    assertThat(verdict.reasons().getFirst())
        .matches(".*: higher \\(p = [0-9.e-]+\\), but within tolerance");
  }

  @Test
  void tooFewLatencySamplesIsInconclusive() {
    var random = new Random(3L);
    CanaryVerdict verdict =
        ANALYSIS.analyze(
            new CanarySample(4000, 0, perMinute(random, 10, 40)),
            new CanarySample(1000, 0, perMinute(random, 4, 40)),
            5,
            0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.reasons().getFirst())
        .isEqualTo("too few latency samples: canary 4, baseline 10; need 5 in each");
  }

  // ---- properties (fixed seeds, so a failure reproduces) ----

  static Stream<Arguments> identicalDistributions() {
    var random = new Random(20261125L);
    return IntStream.range(0, 300)
        .mapToObj(
            i -> {
              double errorRate = random.nextDouble() * 0.05;
              double latency = 20 + random.nextDouble() * 200;
              boolean perRequest = random.nextBoolean();
              int latencyCount = perRequest ? 30 + random.nextInt(500) : 10 + random.nextInt(20);
              double spread = perRequest ? 0.6 : 0.1;
              return Arguments.of(
                  sample(
                      random,
                      100 + random.nextInt(20_000),
                      errorRate,
                      latencyCount,
                      latency,
                      spread),
                  sample(
                      random,
                      100 + random.nextInt(5_000),
                      errorRate,
                      latencyCount,
                      latency,
                      spread));
            });
  }

  @ParameterizedTest
  @MethodSource("identicalDistributions")
  void identicalDistributionsNeverFail(CanarySample baseline, CanarySample canary) {
    assertThat(ANALYSIS.analyze(baseline, canary, 25, 0).verdict()).isNotEqualTo(Verdict.FAIL);
  }

  static Stream<Arguments> tenTimesTheErrorRate() {
    var random = new Random(424242L);
    return IntStream.range(0, 200)
        .mapToObj(
            i -> {
              double errorRate = 0.002 + random.nextDouble() * 0.048;
              return Arguments.of(
                  sample(random, 5_000 + random.nextInt(50_000), errorRate, 20, 50, 0.1),
                  sample(random, 5_000 + random.nextInt(10_000), 10 * errorRate, 20, 50, 0.1));
            });
  }

  @ParameterizedTest
  @MethodSource("tenTimesTheErrorRate")
  void tenTimesTheErrorRateAlwaysFails(CanarySample baseline, CanarySample canary) {
    CanaryVerdict verdict = ANALYSIS.analyze(baseline, canary, 25, 0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.FAIL);
    assertThat(verdict.reasons().getFirst()).startsWith("5xx rate");
  }

  static Stream<Arguments> tooFewRequests() {
    var random = new Random(99L);
    return IntStream.range(0, 100)
        .mapToObj(
            i -> {
              int few = random.nextInt(100);
              int many = 100 + random.nextInt(10_000);
              double canaryRate = random.nextDouble(); // even a canary failing every request
              boolean canaryIsSmall = random.nextBoolean();
              return Arguments.of(
                  sample(random, canaryIsSmall ? many : few, 0.01, 50, 40, 0.1),
                  sample(random, canaryIsSmall ? few : many, canaryRate, 50, 40, 0.1));
            });
  }

  @ParameterizedTest
  @MethodSource("tooFewRequests")
  void tooFewRequestsIsAlwaysInconclusive(CanarySample baseline, CanarySample canary) {
    CanaryVerdict verdict = ANALYSIS.analyze(baseline, canary, 5, 0);

    assertThat(verdict.verdict()).isEqualTo(Verdict.INCONCLUSIVE);
    assertThat(verdict.reasons().getFirst()).startsWith("too little traffic to judge");
  }

  /** A group with binomial errors and lognormal latencies around {@code latency} ms. */
  static CanarySample sample(
      Random random, int requests, double errorRate, int latencies, double latency, double spread) {
    int errors = 0;
    for (int i = 0; i < requests; i++) {
      errors += random.nextDouble() < errorRate ? 1 : 0;
    }
    double[] values = new double[latencies];
    for (int i = 0; i < latencies; i++) {
      values[i] = latency * Math.exp(spread * random.nextGaussian());
    }
    return new CanarySample(requests, errors, values);
  }

  /** One-minute average latencies: little spread around {@code latency}. */
  static double[] perMinute(Random random, int minutes, double latency) {
    double[] values = new double[minutes];
    for (int i = 0; i < minutes; i++) {
      values[i] = latency * Math.exp(0.1 * random.nextGaussian());
    }
    return values;
  }
}
