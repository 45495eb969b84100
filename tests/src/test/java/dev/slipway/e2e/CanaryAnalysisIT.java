package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.PipelineJson;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the canary analysis catches beyond errors: a change that only makes the service slower. The
 * demo's config judges the canary on the sample service's own one-second metrics (published in the
 * embedded metric format on stdout, which local mode extracts from the task's log stream as
 * CloudWatch Logs does), so a change adding 150 ms to every call is rolled back at its first step
 * by the {@code app-latency} check, while production keeps serving the baseline.
 *
 * <p>Then the load balancer's own metrics as CloudWatch serves them on AWS: one datapoint per
 * target group and minute, published a minute after the minute ends, nothing for a minute without
 * requests. With the analysis settings {@code infra/slipway.json} ships (the built-in checks, the
 * default budget) and a two-step canary, a healthy change is promoted once enough complete minutes
 * are settled, and a change failing a fifth of its calls is rolled back.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(5)
class CanaryAnalysisIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalModeRun used;

  @AfterAll
  static void deployTheDemoConfigAgain() throws Exception {
    if (used != null) {
      PipelineSettings.restoreDemo(used);
    }
  }

  /** The shipped example's canary and analysis settings (a two-step canary). */
  private static PipelineSettings shippedAnalysis(LocalModeRun local) throws Exception {
    used = local;
    JsonNode services = JSON.readTree(Files.readString(local.root.resolve("infra/slipway.json")));
    PipelineConfig shipped =
        PipelineConfigs.parse(services.path("services").get(0).path("pipeline").toString());
    return PipelineSettings.fromDemo(local, "shipped-analysis")
        .set("canarySteps", shipped.canarySteps())
        .set("bakeSeconds", shipped.bakeSeconds())
        .set("maxBakeExtensions", shipped.maxBakeExtensions())
        .set("inconclusiveCanary", "rollback")
        .set("analysis", PipelineJson.mapper().valueToTree(shipped.analysis()));
  }

  @Test
  @Order(1)
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

  @Test
  @Order(2)
  void onOneMinuteLoadBalancerDataAHealthyCanaryIsPromotedAndABrokenOneRolledBack(
      LocalModeRun local) throws Exception {
    shippedAnalysis(local).deploy(local);
    String baseline = local.ensureServing();
    local.load();

    local.repo.write("CHANGES.md", "# Changes\n\n- a healthy change judged on ALB minutes\n");
    Push healthy =
        Push.of(
            local,
            "A healthy change, judged on the load balancer's minutes",
            Duration.ofMinutes(25));
    assertThat(healthy.run().status())
        .as("cause %s, states %s", healthy.run().cause(), healthy.states())
        .isEqualTo("SUCCEEDED");
    assertThat(healthy.states())
        .containsSubsequence("Shift traffic (10 %)", "Shift traffic (100 %)", "Deployed");
    assertThat(Versions.serving(local)).isEqualTo(healthy.sha());

    local.repo.setFault("fail.percent", "20");
    Push broken;
    try {
      broken = Push.of(local, "Fail 20% of API calls (judged on the load balancer's minutes)");
    } finally {
      local.repo.setFault("fail.percent", "0");
    }
    assertThat(broken.run().status()).isEqualTo("FAILED");
    assertThat(broken.run().endState()).as("states %s", broken.states()).isEqualTo("Rolled back");
    assertThat(broken.run().cause())
        .contains("Slipway.CanaryFailed - Canary at 10% (step 1 of 2): FAIL - 5xx rate ")
        .contains("above the baseline (p = ");
    assertThat(Versions.serving(local)).isEqualTo(healthy.sha()).isNotEqualTo(baseline);
  }
}
