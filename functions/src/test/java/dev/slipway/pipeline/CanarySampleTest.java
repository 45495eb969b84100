package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class CanarySampleTest {

  @Test
  void sumsCountSeriesAndConvertsLatencyToMilliseconds() {
    CanarySample sample =
        CanarySample.fromPeriods(
            new double[] {120, 80, 100},
            new double[] {1, 0, 2},
            new double[] {0.012, Double.NaN, 0.020});

    assertThat(sample.requests()).isEqualTo(300);
    assertThat(sample.errors()).isEqualTo(3);
    assertThat(sample.errorRate()).isEqualTo(0.01);
    assertThat(sample.latenciesMs()).containsExactly(12.0, 20.0);
  }

  @Test
  void errorsNeverExceedRequestsWhenMetricsDisagree() {
    // 5xx from the load balancer can be counted in a period whose requests landed in the next
    CanarySample sample =
        CanarySample.fromPeriods(new double[] {2}, new double[] {3}, new double[0]);

    assertThat(sample.errors()).isEqualTo(2);
  }

  @Test
  void latenciesAreCopiedNotShared() {
    double[] latencies = {10, 20};
    CanarySample sample = new CanarySample(10, 0, latencies);
    latencies[0] = 999;
    sample.latenciesMs()[1] = 999;

    assertThat(sample.latenciesMs()).containsExactly(10.0, 20.0);
  }

  @Test
  void rejectsImpossibleCounts() {
    assertThatThrownBy(() -> new CanarySample(1, 2, null))
        .hasMessageContaining("2 errors out of 1");
  }
}
