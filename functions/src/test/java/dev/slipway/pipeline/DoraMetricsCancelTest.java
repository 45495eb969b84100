package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.model.DeploymentOutcome;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A run someone cancelled ({@code slipway cancel}) is neither a deployment nor a failure. */
class DoraMetricsCancelTest {
  private static final Instant FROM = Instant.parse("2026-03-01T00:00:00Z");
  private static final Instant TO = Instant.parse("2026-03-08T00:00:00Z");

  @Test
  void aCancelledRunIsNotAChangeFailure() {
    var history =
        List.of(
            DoraMetricsTest.deploy(
                DeploymentOutcome.SUCCEEDED,
                "2026-03-02T08:00:00Z",
                "2026-03-02T09:00:00Z",
                "2026-03-02T09:20:00Z"),
            DoraMetricsTest.deploy(
                DeploymentOutcome.CANCELLED,
                "2026-03-03T08:00:00Z",
                "2026-03-03T09:00:00Z",
                "2026-03-03T09:10:00Z"),
            DoraMetricsTest.deploy(
                DeploymentOutcome.ROLLED_BACK,
                "2026-03-04T08:00:00Z",
                "2026-03-04T09:00:00Z",
                "2026-03-04T09:30:00Z"));

    var report = DoraMetrics.report(history, "hello", "production", FROM, TO);

    assertThat(report.deployments()).isEqualTo(1);
    assertThat(report.failedDeployments()).isEqualTo(1);
    assertThat(report.changeFailureRate()).isEqualTo(0.5);
    assertThat(report.timeToRestoreMedianSeconds()).isEqualTo(1800L);
  }
}
