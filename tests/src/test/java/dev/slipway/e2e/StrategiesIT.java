package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.LoadCounts;
import dev.slipway.localcloud.demo.StateSpan;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.Strategy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * What the pipeline config changes, end to end: each test deploys changed settings as a user does
 * (synthesize, {@code slipway up --cdk-out}), pushes a commit with {@code git push} and asserts
 * what a user sees. Approval with {@code slipway approve} (and {@code --reject}), a deploy freeze
 * that refuses or waits, and rolling and blue-green deploys under steady load with no failed
 * request. Bakes are short (5 s) to keep the class fast; the demo config is deployed again at the
 * end.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(4)
class StrategiesIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static LocalModeRun used;

  @AfterAll
  static void deployTheDemoConfigAgain() throws Exception {
    if (used != null) {
      PipelineSettings.restoreDemo(used);
    }
  }

  /** Approval required, rolling production deploys, short bakes. */
  private static PipelineSettings approvalRolling(LocalModeRun local) throws Exception {
    used = local;
    return PipelineSettings.fromDemo(local, "approval-rolling")
        .set("approvalRequired", true)
        .set("strategy", "rolling")
        .set("bakeSeconds", 5);
  }

  @Test
  @Order(1)
  void rejectedApprovalStopsCleanlyWithoutTouchingProduction(LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    approvalRolling(local).deploy(local);
    local.repo.write("CHANGES.md", "# Changes\n\n- a change someone rejects\n");
    String sha = local.repo.commit("A change the reviewer rejects");
    local.repo.push();

    awaitApprovalRequest(local, sha);
    String answer = approve(local, "--reject", "-m", "not before the release notes");
    Push rejected = Push.follow(local, sha);

    assertThat(answer).contains("rejected " + sha);
    assertThat(rejected.run().status()).as("states %s", rejected.states()).isEqualTo("FAILED");
    assertThat(rejected.run().endState()).isEqualTo("Pipeline failed");
    assertThat(rejected.run().cause())
        .contains("Slipway.ApprovalRejected", sha, "not before the release notes");
    assertThat(rejected.states())
        .contains("Deploy to staging", "Wait for approval", "Record failure")
        .doesNotContain("Deploy to production");
    assertThat(Versions.serving(local)).as("production is untouched").isEqualTo(serving);
    assertThat(production(local)).noneMatch(r -> r.sha().equals(sha));
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(local.notifications())
                    .contains(sha.substring(0, 7) + " failed")
                    .contains("rejected by"));
    // the lock is released: the next test's push deploys
  }

  @Test
  @Order(2)
  void approvedWithTheCliDeploysRollingWithNoFailedRequest(LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    approvalRolling(local).deploy(local);
    LoadCounts before = local.load().counts();
    local.repo.write("CHANGES.md", "# Changes\n\n- a change someone approves\n");
    String sha = local.repo.commit("A change the reviewer approves");
    local.repo.push();

    awaitApprovalRequest(local, sha);
    assertThat(local.notifications()).contains("approve hello " + sha.substring(0, 7));
    String answer = approve(local, "-m", "ship it");
    Push approved = Push.follow(local, sha);
    LoadCounts during = local.load().counts().since(before);

    assertThat(answer).contains("approved " + sha);
    assertThat(approved.run().status()).as("states %s", approved.states()).isEqualTo("SUCCEEDED");
    assertThat(approved.run().endState()).isEqualTo("Deployed");
    assertThat(approved.states())
        .containsSubsequence("Wait for approval", "Deploy to production", "Smoke test production")
        .noneMatch(s -> s.startsWith("Shift traffic") || s.equals("Switch traffic to green"));
    System.out.printf("rolling: %d failed of %d requests%n", during.failed(), during.requests());
    assertThat(during.failed()).as("failed requests during the rolling deploy").isZero();
    assertThat(during.versions()).containsKeys(serving, sha);
    assertThat(Versions.serving(local)).isEqualTo(sha);
    assertThat(production(local)).anySatisfy(r -> assertDeployed(r, sha, Strategy.ROLLING));
  }

  @Test
  @Order(3)
  void freezeInRefuseModeRefusesTheRunNamingTheFreeze(LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    used = local;
    Instant now = Instant.now();
    PipelineSettings.fromDemo(local, "freeze-refuse")
        .freeze(
            "refuse",
            now.minus(Duration.ofMinutes(1)),
            now.plus(Duration.ofHours(1)),
            "e2e code freeze")
        .deploy(local);
    local.repo.write("CHANGES.md", "# Changes\n\n- a change during a code freeze\n");
    Push refused = Push.of(local, "A change during the code freeze");

    assertThat(refused.run().status()).isEqualTo("SUCCEEDED");
    assertThat(refused.run().endState()).isEqualTo("Skipped");
    assertThat(refused.states()).doesNotContain("Build image", "Wait for deploy freeze to end");
    JsonNode prepare = output(local, refused).path("prepare");
    assertThat(prepare.path("decision").asText()).isEqualTo("FROZEN");
    assertThat(prepare.path("reason").asText())
        .contains("deploy freeze", "e2e code freeze", "deploy refused");
    assertThat(cli(local, "status"))
        .as("slipway status")
        .contains("Skipped", "why: FROZEN", "e2e code freeze", "deploy refused");
    assertThat(Versions.serving(local)).as("nothing deployed").isEqualTo(serving);
    assertThat(production(local)).noneMatch(r -> r.sha().equals(refused.sha()));
  }

  @Test
  @Order(4)
  void freezeInWaitModeWaitsThenDeploysBlueGreenWithNoFailedRequest(LocalModeRun local)
      throws Exception {
    String serving = local.ensureServing();
    Instant end = deployFreezeWaitingUntilSoonWithBlueGreen(local);
    LoadCounts before = local.load().counts();
    local.repo.write("CHANGES.md", "# Changes\n\n- a change pushed during a freeze\n");
    Push waited = Push.of(local, "A change that waits for the freeze to end");
    LoadCounts during = local.load().counts().since(before);

    assertThat(waited.run().status()).as("states %s", waited.states()).isEqualTo("SUCCEEDED");
    assertThat(waited.run().endState()).isEqualTo("Deployed");
    assertWaitedThenDeployedBlueGreen(waited, end);
    System.out.printf("blue-green: %d failed of %d requests%n", during.failed(), during.requests());
    assertThat(during.failed()).as("failed requests during the blue-green deploy").isZero();
    assertThat(during.versions()).containsKeys(serving, waited.sha());
    assertThat(Versions.serving(local)).isEqualTo(waited.sha());
    assertThat(Versions.liveWeights(local)).containsExactly(100, 0);
    assertThat(production(local))
        .anySatisfy(r -> assertDeployed(r, waited.sha(), Strategy.BLUE_GREEN));
  }

  /**
   * Deploys blue-green settings with a freeze (mode wait) from a minute ago to the first whole
   * minute after the push can reach Prepare (synthesis and redeploy take about as long as last
   * time); returns when the freeze ends.
   */
  private static Instant deployFreezeWaitingUntilSoonWithBlueGreen(LocalModeRun local)
      throws Exception {
    used = local;
    Instant now = Instant.now();
    Instant end =
        PipelineSettings.nextMinute(
            now.plus(PipelineSettings.lastRedeploy().multipliedBy(2)).plus(Duration.ofSeconds(10)));
    PipelineSettings.fromDemo(local, "freeze-wait-blue-green")
        .set("strategy", "blue-green")
        .set("bakeSeconds", 5)
        .freeze("wait", now.minus(Duration.ofMinutes(1)), end, "e2e release window")
        .deploy(local);
    return end;
  }

  /** The run waited out the freeze, then went through blue-green's states. */
  private static void assertWaitedThenDeployedBlueGreen(Push waited, Instant end) {
    assertThat(waited.states())
        .containsSubsequence(
            "Prepare",
            "Wait for deploy freeze to end",
            "Prepare",
            "Build image",
            "Deploy to production",
            "Smoke test green",
            "Switch traffic to green",
            "Smoke test production",
            "Keep blue warm",
            "Retire previous version",
            "Deployed")
        .noneMatch(s -> s.startsWith("Shift traffic"));
    assertThat(span(waited, "Build image").enteredAt())
        .as("the build starts once the freeze ended at %s", end)
        .isAfterOrEqualTo(end);
  }

  /** Waits until the run of {@code sha} asks for approval (entered "Wait for approval"). */
  private static void awaitApprovalRequest(LocalModeRun local, String sha) {
    ExecutionListItem execution = local.watch.awaitExecution(sha, Duration.ofSeconds(90));
    await(
            "the run of "
                + sha
                + " asks for approval (a run holding the deploy lock would keep it"
                + " in 'Wait for the running deploy')")
        .atMost(Duration.ofMinutes(5))
        .pollInterval(Duration.ofSeconds(1))
        .until(
            () ->
                local
                    .sfn
                    .getExecutionHistoryPaginator(r -> r.executionArn(execution.executionArn()))
                    .events()
                    .stream()
                    .map(HistoryEvent::stateEnteredEventDetails)
                    .anyMatch(e -> e != null && e.name().equals("Wait for approval")));
  }

  /** Runs {@code slipway approve <args>} as a user does; what it printed. */
  private static String approve(LocalModeRun local, String... args) throws Exception {
    String[] command = new String[args.length + 1];
    command[0] = "approve";
    System.arraycopy(args, 0, command, 1, args.length);
    return cli(local, command);
  }

  /** Runs {@code slipway <args>} as a user does, expecting success; what it printed. */
  private static String cli(LocalModeRun local, String... args) throws Exception {
    Path log = Files.createTempFile(local.work, args[0], ".log");
    int code = local.slipway(log, Duration.ofMinutes(2), args);
    String printed = Files.readString(log);
    assertThat(code).as("slipway %s: %s", String.join(" ", args), printed).isZero();
    return printed;
  }

  private static JsonNode output(LocalModeRun local, Push push) throws Exception {
    String arn =
        local.watch.executionsOf(push.sha()).stream()
            .filter(e -> e.name().equals(push.run().executionName()))
            .findFirst()
            .orElseThrow()
            .executionArn();
    return JSON.readTree(local.sfn.describeExecution(r -> r.executionArn(arn)).output());
  }

  private static StateSpan span(Push push, String label) {
    return push.run().states().stream()
        .filter(s -> s.label().equals(label))
        .reduce((a, b) -> b)
        .orElseThrow(() -> new AssertionError("no state " + label + " in " + push.states()));
  }

  private static void assertDeployed(DeploymentRecord r, String sha, Strategy strategy) {
    assertThat(r.sha()).isEqualTo(sha);
    assertThat(r.kind()).isEqualTo(DeploymentKind.DEPLOY);
    assertThat(r.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(r.strategy()).isEqualTo(strategy);
  }

  private static List<DeploymentRecord> production(LocalModeRun local) {
    return DeploymentRecords.read(local.dynamo).stream()
        .filter(r -> r.environment().equals(local.settings.production()))
        .toList();
  }
}
