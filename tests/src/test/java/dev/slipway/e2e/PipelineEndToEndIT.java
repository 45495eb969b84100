package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pipeline end to end on one local mode, in the order a service's history unfolds: the first
 * deploy, a healthy canary (its webhook delivered twice), a broken canary rolled back. Each test
 * pushes a commit with {@code git push} and asserts what a user sees: the serving version, the
 * execution's states, the deployment record, the notification, failed requests.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class PipelineEndToEndIT {
  private static String serving;

  @Test
  @Order(1)
  void firstDeployRollsOutPlainlyAndServesItsSha(LocalModeRun local) {
    Push first = Push.of(local, "hello-service: first version");

    assertThat(first.run().status()).as("states %s", first.states()).isEqualTo("SUCCEEDED");
    assertThat(first.run().endState()).isEqualTo("Deployed");
    assertThat(first.states())
        .as("no baseline yet: a plain roll-out, no canary steps")
        .contains("Build image", "Deploy to staging", "Deploy to production")
        .noneMatch(s -> s.startsWith("Shift traffic"));
    assertThat(Versions.serving(local)).isEqualTo(first.sha());
    assertThat(records(local))
        .anySatisfy(
            r -> {
              assertThat(r.sha()).isEqualTo(first.sha());
              assertThat(r.kind()).isEqualTo(DeploymentKind.DEPLOY);
              assertThat(r.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
            });
    serving = first.sha();
    local.load(); // steady load from here on
  }

  @Test
  @Order(3)
  void healthyCanaryDeliveredTwiceRunsOnceIsPromotedAndDropsNoRequest(LocalModeRun local)
      throws Exception {
    assumeThat(serving).as("needs a version serving from the tests before").isNotNull();
    local.repo.write("CHANGES.md", "# Changes\n\n- a healthy change\n");
    String sha = local.repo.commit("A healthy change");
    Webhooks.Delivery delivery = Webhooks.pushOnSideBranch(local, sha, "A healthy change");
    LoadCounts before = local.load().counts();
    assertThat(Webhooks.deliver(local, delivery)).isEqualTo(202);
    assertThat(Webhooks.deliver(local, delivery)).as("the same delivery again").isBetween(200, 299);

    Push healthy = Push.follow(local, sha);
    LoadCounts during = local.load().counts().since(before);

    assertThat(local.watch.executionsOf(sha)).as("one execution for one delivery").hasSize(1);
    assertThat(healthy.run().status()).as("states %s", healthy.states()).isEqualTo("SUCCEEDED");
    assertThat(healthy.states())
        .contains(
            "Shift traffic (5 %)",
            "Shift traffic (25 %)", "Shift traffic (50 %)", "Shift traffic (100 %)", "Deployed");
    assertThat(during.failed()).as("failed requests during the canary deploy").isZero();
    assertThat(during.versions()).containsKeys(serving, sha);
    assertThat(Versions.serving(local)).isEqualTo(sha);
    serving = sha;
  }

  @Test
  @Order(4)
  void brokenCanaryIsRolledBackAndTheBaselineTakesAllTrafficAgain(LocalModeRun local) {
    assumeThat(serving).as("needs a version serving from the tests before").isNotNull();
    local.repo.setFault("fail.percent", "20");
    Push broken = Push.of(local, "Fail 20% of API calls (a bug)");

    assertThat(broken.run().status()).isEqualTo("FAILED");
    assertThat(broken.run().endState()).isEqualTo("Rolled back");
    assertThat(broken.run().cause()).containsIgnoringCase("canary");
    assertThat(broken.states()).contains("Shift traffic (5 %)", "Roll back production");
    LoadCounts after = Versions.sample(local, Duration.ofSeconds(5));
    assertThat(after.failed()).as("nothing fails once the baseline is back").isZero();
    assertThat(after.versions()).containsOnlyKeys(serving);
    assertThat(Versions.liveWeights(local)).containsExactly(100, 0);
    assertThat(records(local))
        .anySatisfy(
            r -> {
              assertThat(r.sha()).isEqualTo(broken.sha());
              assertThat(r.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
            });
    local.repo.setFault("fail.percent", "0");
  }

  private static List<DeploymentRecord> records(LocalModeRun local) {
    return DeploymentRecords.read(local.dynamo).stream()
        .filter(r -> r.environment().equals(local.settings.production()))
        .toList();
  }
}
