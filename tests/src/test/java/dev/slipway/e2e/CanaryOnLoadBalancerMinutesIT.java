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
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;

/**
 * The canary analysis on the load balancer's own metrics as CloudWatch serves them on AWS: one
 * datapoint per target group and minute, published a minute after the minute ends, nothing for a
 * minute without requests. With the analysis settings {@code infra/slipway.json} ships (the
 * built-in checks, the default budget) and its two-step canary, a healthy change is promoted once
 * enough complete minutes are settled, and a change failing a fifth of its calls is rolled back.
 *
 * <p>Minutes of data take minutes of real time, so this class has a local mode of its own (its own
 * state dir, port block and podman storage under {@code tests/target/e2e-minutes/}) and runs while
 * the other classes, in order, use the demo's.
 */
@Execution(ExecutionMode.CONCURRENT)
class CanaryOnLoadBalancerMinutesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalModeRun local;

  @BeforeAll
  static void ownLocalModeWithTheShippedAnalysis() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root")).toAbsolutePath().normalize();
    JsonNode services = JSON.readTree(Files.readString(root.resolve("infra/slipway.json")));
    PipelineConfig shipped =
        PipelineConfigs.parse(services.path("services").get(0).path("pipeline").toString());
    local =
        LocalModeRun.startOwn(
            "minutes",
            PipelineSettings.fromDemo(root, "shipped-analysis")
                .set("canarySteps", shipped.canarySteps())
                .set("bakeSeconds", shipped.bakeSeconds())
                .set("maxBakeExtensions", shipped.maxBakeExtensions())
                .set("inconclusiveCanary", "rollback")
                .set("analysis", PipelineJson.mapper().valueToTree(shipped.analysis())));
  }

  @AfterAll
  static void stopIt() throws Exception {
    if (local != null) {
      local.close();
    }
  }

  @Test
  void aHealthyCanaryIsPromotedAndABrokenOneRolledBack() {
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
    assertThat(DeploymentRecords.read(local.dynamo))
        .filteredOn(r -> r.sha().equals(broken.sha()))
        .filteredOn(r -> r.environment().equals(local.settings.production()))
        .singleElement()
        .satisfies(r -> assertThat(r.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK));
  }
}
