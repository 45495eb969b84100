package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The suite's happy path is {@code slipway demo} itself, run as a user runs it: a first deploy, a
 * healthy canary, a broken canary rolled back, each a {@code git push} under steady load. These
 * tests check what the demo reported ({@code report.json}) against what local mode shows: the
 * execution per push, its states, the deployment records, the serving version and the load
 * balancer's weights once the broken canary is rolled back. They run first, while the demo's last
 * state is what serves.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class DemoIT {

  @Test
  @Order(1)
  void firstDeployRollsOutPlainlyAndServesItsSha(LocalModeRun local) throws Exception {
    JsonNode first = local.demoPushes().get(0);
    String sha = first.path("sha").asText();

    assertThat(first.path("status").asText()).as("states %s", states(first)).isEqualTo("SUCCEEDED");
    assertThat(first.path("endState").asText()).isEqualTo("Deployed");
    assertThat(states(first))
        .as("no baseline yet: a plain roll-out, no canary steps")
        .contains("Build image", "Deploy to staging", "Deploy to production")
        .noneMatch(s -> s.startsWith("Shift traffic"));
    assertThat(first.path("servingAfter").asText()).isEqualTo(sha);
    assertThat(local.watch.executionsOf(sha)).as("one execution for one push").hasSize(1);
    assertThat(records(local))
        .anySatisfy(
            r -> {
              assertThat(r.sha()).isEqualTo(sha);
              assertThat(r.kind()).isEqualTo(DeploymentKind.DEPLOY);
              assertThat(r.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
            });
  }

  @Test
  @Order(2)
  void healthyCanaryIsPromotedStepByStepAndDropsNoRequest(LocalModeRun local) throws Exception {
    List<JsonNode> pushes = local.demoPushes();
    String baseline = pushes.get(0).path("sha").asText();
    JsonNode healthy = pushes.get(1);
    String sha = healthy.path("sha").asText();

    assertThat(healthy.path("status").asText())
        .as("states %s", states(healthy))
        .isEqualTo("SUCCEEDED");
    assertThat(states(healthy))
        .containsSubsequence(
            "Shift traffic (5 %)",
            "Shift traffic (25 %)", "Shift traffic (50 %)", "Shift traffic (100 %)", "Deployed");
    JsonNode load = healthy.path("load");
    assertThat(load.path("requests").asLong()).as("steady load ran").isPositive();
    assertThat(load.path("failed").asLong()).as("failed requests during the canary").isZero();
    assertThat(fieldNames(load.path("versions")))
        .as("both versions answered during the canary")
        .contains(baseline, sha);
    assertThat(healthy.path("servingAfter").asText()).isEqualTo(sha);
    assertThat(local.watch.executionsOf(sha)).as("one execution for one push").hasSize(1);
  }

  @Test
  @Order(3)
  void brokenCanaryIsRolledBackAndTheBaselineTakesAllTrafficAgain(LocalModeRun local)
      throws Exception {
    List<JsonNode> pushes = local.demoPushes();
    String baseline = pushes.get(1).path("sha").asText();
    JsonNode broken = pushes.get(2);
    String sha = broken.path("sha").asText();

    assertThat(broken.path("status").asText()).isEqualTo("FAILED");
    assertThat(broken.path("endState").asText()).isEqualTo("Rolled back");
    assertThat(broken.path("cause").asText()).containsIgnoringCase("canary");
    assertThat(states(broken)).contains("Shift traffic (5 %)", "Roll back production");
    assertThat(broken.path("servingAfter").asText()).isEqualTo(baseline);
    LoadCounts after = Versions.sample(local, Duration.ofSeconds(5));
    assertThat(after.failed()).as("nothing fails once the baseline is back").isZero();
    assertThat(after.versions()).containsOnlyKeys(baseline);
    assertThat(Versions.liveWeights(local)).containsExactly(100, 0);
    assertThat(records(local))
        .anySatisfy(
            r -> {
              assertThat(r.sha()).isEqualTo(sha);
              assertThat(r.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
            });
  }

  private static List<String> states(JsonNode push) {
    List<String> labels = new ArrayList<>();
    push.path("states").forEach(s -> labels.add(s.asText()));
    return labels;
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static List<DeploymentRecord> records(LocalModeRun local) {
    return DeploymentRecords.read(local.dynamo).stream()
        .filter(r -> r.environment().equals(local.settings.production()))
        .toList();
  }
}
