package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.demo.ExecutionWatch;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;

/**
 * What happens to a push before anything is deployed: a commit whose unit test fails stops in the
 * build with a notice that names the failing phase; a webhook GitHub delivers twice starts one
 * execution, and one of another repository or branch none; a rollback to the failed build is
 * refused and blocks nothing; a run cancelled while it builds stops its build. Runs first on the
 * shared local mode; deploys nothing.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(2)
class PushHandlingIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** The commit whose build failed: never deployed, so a rollback to it must be refused. */
  private static volatile String failedBuild;

  @Test
  @Order(2)
  void theSameWebhookDeliveredTwiceStartsOneExecution(LocalModeRun local) throws Exception {
    local.repo.write("NOTES.md", "Notes only.\n");
    String message = "Notes [skip deploy]";
    String sha = local.repo.commit(message);
    Webhooks.Delivery delivery = Webhooks.pushOnSideBranch(local, sha, message);

    // correctly signed, but of another repository and of another branch: both ignored, with why
    Webhooks.Delivery foreign =
        Webhooks.edited(
            delivery,
            p -> ((ObjectNode) p.path("repository")).put("full_name", "someone-else/other-repo"));
    HttpResponse<String> other = Webhooks.send(local, foreign);
    assertThat(other.statusCode()).isEqualTo(202);
    assertThat(other.body())
        .contains(
            "ignored", "push to someone-else/other-repo", "deploys " + local.settings.repository());
    Webhooks.Delivery sideBranch =
        Webhooks.edited(delivery, p -> p.put("ref", "refs/heads/e2e-elsewhere"));
    HttpResponse<String> branch = Webhooks.send(local, sideBranch);
    assertThat(branch.statusCode()).isEqualTo(202);
    assertThat(branch.body())
        .contains("ignored", "push to branch e2e-elsewhere", "deploys branch main");

    assertThat(Webhooks.deliver(local, delivery)).isEqualTo(202);
    assertThat(Webhooks.deliver(local, delivery)).as("the same delivery again").isBetween(200, 299);
    Push push = Push.follow(local, sha);

    assertThat(push.run().status()).isEqualTo("SUCCEEDED");
    assertThat(push.run().endState()).isEqualTo("Skipped");
    // a second execution would have started by now: the first one has already ended
    // neither ignored delivery started one either: they came first
    assertThat(local.watch.executionsOf(sha)).as("executions for one delivery").hasSize(1);
  }

  @Test
  @Order(3)
  void aRollbackToACommitThatNeverDeployedIsRefusedAndHoldsNoLock(LocalModeRun local)
      throws Exception {
    String never = failedBuild;
    assertThat(never).as("the failed build of the first test").isNotNull();
    Path log = local.work.resolve("rollback-never-deployed.log");
    int code =
        local.slipway(
            log,
            Duration.ofMinutes(2),
            "rollback",
            "--to",
            never.substring(0, 7),
            "--reason",
            "e2e");
    assertThat(code).as("slipway rollback to a failed build").isNotZero();
    assertThat(Files.readString(log))
        .contains(never.substring(0, 7), "never deployed successfully", "slipway history");

    // the same request sent by any other client (the console, a script) reaches the pipeline
    var before =
        local.watch.executionsOf(never).stream().map(ExecutionListItem::executionArn).toList();
    try (EventBridgeClient events = local.state.client(EventBridgeClient.builder())) {
      String bus =
          events.listEventBuses(r -> {}).eventBuses().stream()
              .map(b -> b.name())
              .filter(b -> !b.equals("default"))
              .findFirst()
              .orElseThrow();
      String detail =
          JSON.createObjectNode()
              .put("service", local.settings.service())
              .put("environment", local.settings.production())
              .put("toSha", never)
              .put("requestedBy", "e2e")
              .put("reason", "a typo")
              .put("requestId", UUID.randomUUID().toString())
              .toString();
      assertThat(
              events
                  .putEvents(
                      r ->
                          r.entries(
                              PutEventsRequestEntry.builder()
                                  .eventBusName(bus)
                                  .source("slipway.manual")
                                  .detailType("rollback")
                                  .detail(detail)
                                  .build()))
                  .failedEntryCount())
          .isZero();
    }
    ExecutionListItem started =
        await("the run of the rollback request")
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    local.watch.executionsOf(never).stream()
                        .filter(e -> !before.contains(e.executionArn()))
                        .findFirst(),
                java.util.Optional::isPresent)
            .orElseThrow();
    ExecutionWatch.Finished run =
        local.watch.follow(started, Duration.ofMinutes(5), line -> System.out.println(line));
    assertThat(run.status()).as("cause %s", run.cause()).isEqualTo("SUCCEEDED");
    assertThat(run.endState()).isEqualTo("Skipped");
    String output =
        local.sfn.describeExecution(r -> r.executionArn(started.executionArn())).output();
    assertThat(output)
        .contains("refused", "never deployed successfully to " + local.settings.production());
    // nothing holds the service: the next push deploys without waiting for a person
    assertThat(
            local
                .dynamo
                .getItem(
                    r ->
                        r.tableName(local.locksTable())
                            .key(
                                Map.of(
                                    "id",
                                    AttributeValue.fromS("lock#" + local.settings.service()))))
                .hasItem())
        .as("lock#%s after the refused rollback", local.settings.service())
        .isFalse();
  }

  /**
   * {@code slipway cancel} while the run builds: the wait for the build ends at once, the build is
   * stopped (no image is pushed for a commit nobody deploys), nothing is deployed, production goes
   * on serving what it served, and the notice says "cancelled", not "failed".
   */
  @Test
  @Order(4)
  void aRunCancelledDuringItsBuildStopsTheBuildAndDeploysNothing(LocalModeRun local)
      throws Exception {
    String serving = local.ensureServing();
    String service = local.settings.service();
    local.repo.write("CHANGES.md", "# Changes\n\n- a change cancelled while it builds\n");
    String sha = local.repo.commit("A change cancelled during its build");
    local.repo.push();
    ExecutionListItem execution = local.watch.awaitExecution(sha, Duration.ofSeconds(90));
    Builds builds = Builds.ofStack(local);
    await("the run's build in progress")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> builds.statusesOf(sha).containsValue("IN_PROGRESS"));

    Path log = local.work.resolve("cancel-build.log");
    assertThat(
            local.slipway(
                log, Duration.ofMinutes(1), "cancel", service, "--reason", "e2e: wrong commit"))
        .as("slipway cancel: %s", Files.readString(log))
        .isZero();
    assertThat(Files.readString(log))
        .contains(
            "slipway: stopped build ",
            "slipway: cancel of " + execution.name(),
            "e2e: wrong commit",
            "the run ends without deploying");

    ExecutionWatch.Finished run =
        local.watch.follow(execution, Duration.ofMinutes(3), line -> System.out.println(line));
    assertThat(run.status()).isEqualTo("FAILED");
    assertThat(run.endState()).isEqualTo("Pipeline failed");
    assertThat(run.cause()).contains("e2e: wrong commit");
    assertThat(run.states().stream().map(s -> s.label()).toList())
        .contains("Build image")
        .doesNotContain("Verify image", "Deploy to staging", "Deploy to production");
    await("the stopped build")
        .atMost(Duration.ofMinutes(1))
        .untilAsserted(
            () -> assertThat(builds.statusesOf(sha).values()).containsExactly("STOPPED"));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(local.notifications())
                    .contains("[slipway] " + service + " " + sha.substring(0, 7) + " cancelled")
                    .doesNotContain(
                        "[slipway] " + service + " " + sha.substring(0, 7) + " failed"));
    assertThat(Versions.serving(local)).as("production is untouched").isEqualTo(serving);
  }

  @Test
  @Order(1)
  void failingUnitTestFailsTheBuildDeploysNothingAndTheNoticeNamesThePhase(LocalModeRun local) {
    local.repo.setFault("test.fail", "true");
    Push broken = Push.of(local, "A change whose unit test fails");
    local.repo.setFault("test.fail", "false"); // the next test's commit fixes it
    failedBuild = broken.sha();

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
