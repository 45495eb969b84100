package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.pipeline.model.DeploymentOutcome;
import java.time.Duration;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the canary analysis catches beyond errors: a change that only makes the service slower. The
 * demo's config judges the canary on the sample service's own one-second metrics (published in the
 * embedded metric format on stdout, which local mode extracts from the task's log stream as
 * CloudWatch Logs does), so a change adding 150 ms to every call is rolled back at its first step
 * by the {@code app-latency} check, while production keeps serving the baseline. The load
 * balancer's one-minute data is {@link CanaryOnLoadBalancerMinutesIT}'s.
 */
@ExtendWith(LocalMode.class)
@Order(5)
class CanaryAnalysisIT {

  @Test
  void aCanaryAdding150MillisecondsIsRolledBackOnTheServicesOwnLatencyMetric(LocalModeRun local)
      throws Exception {
    String baseline = local.ensureServing();
    local.load(); // both groups need traffic for the analysis
    local.repo.setFault("latency.ms", "150");
    Push slow;
    try {
      slow = Push.of(local, "Add 150 ms to every API call");
    } finally {
      local.repo.setFault("latency.ms", "0");
    }

    assertThat(slow.run().status()).as("cause %s", slow.run().cause()).isEqualTo("FAILED");
    assertThat(slow.run().endState()).as("states %s", slow.states()).isEqualTo("Rolled back");
    assertThat(slow.states()).contains("Shift traffic (5 %)", "Roll back production");
    assertThat(slow.run().cause())
        .contains("Slipway.CanaryFailed - Canary at 5% (step 1 of 4): FAIL - median app-latency")
        .contains("more than 20 % and 10 higher (Mann-Whitney p = ");
    assertThat(Versions.serving(local)).isEqualTo(baseline);
    assertThat(Versions.sample(local, Duration.ofSeconds(3)).versions())
        .as("only the baseline answers after the rollback")
        .containsOnlyKeys(baseline);
    assertThat(DeploymentRecords.read(local.dynamo))
        .filteredOn(r -> r.sha().equals(slow.sha()))
        .filteredOn(r -> r.environment().equals(local.settings.production()))
        .singleElement()
        .satisfies(r -> assertThat(r.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK));
  }
}
