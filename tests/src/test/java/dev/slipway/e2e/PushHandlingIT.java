package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What happens to a push before anything is deployed: a commit whose unit test fails stops in the
 * build with a notice that names the failing phase, and a webhook GitHub delivers twice starts one
 * execution. Runs first on the shared local mode; deploys nothing.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class PushHandlingIT {

  @Test
  @Order(2)
  void theSameWebhookDeliveredTwiceStartsOneExecution(LocalModeRun local) throws Exception {
    local.repo.write("NOTES.md", "Notes only.\n");
    String message = "Notes [skip deploy]";
    String sha = local.repo.commit(message);
    Webhooks.Delivery delivery = Webhooks.pushOnSideBranch(local, sha, message);

    assertThat(Webhooks.deliver(local, delivery)).isEqualTo(202);
    assertThat(Webhooks.deliver(local, delivery)).as("the same delivery again").isBetween(200, 299);
    Push push = Push.follow(local, sha);

    assertThat(push.run().status()).isEqualTo("SUCCEEDED");
    assertThat(push.run().endState()).isEqualTo("Skipped");
    // a second execution would have started by now: the first one has already ended
    assertThat(local.watch.executionsOf(sha)).as("executions for one delivery").hasSize(1);
  }

  @Test
  @Order(1)
  void failingUnitTestFailsTheBuildDeploysNothingAndTheNoticeNamesThePhase(LocalModeRun local) {
    local.repo.setFault("test.fail", "true");
    Push broken = Push.of(local, "A change whose unit test fails");
    local.repo.setFault("test.fail", "false"); // the next test's commit fixes it

    assertThat(broken.run().status()).isEqualTo("FAILED");
    assertThat(broken.run().endState()).isEqualTo("Pipeline failed");
    assertThat(broken.states())
        .contains("Build image")
        .doesNotContain("Verify image", "Deploy to staging", "Deploy to production");
    assertThat(broken.run().cause()).contains("FAILED in phase BUILD");
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(local.notifications())
                    .contains(broken.sha().substring(0, 7))
                    .contains("BUILD"));
  }
}
