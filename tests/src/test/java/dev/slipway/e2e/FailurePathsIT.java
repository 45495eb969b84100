package dev.slipway.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.localcloud.demo.ExecutionWatch;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.ServiceLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.Repository;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * What stops a change before or in staging, and what an operator does by hand: a critical image
 * scan finding, a service that never becomes ready, a container that exits at start (ECS's circuit
 * breaker), a burst of ten pushes (one deploy, the latest), and {@code slipway rollback --to}.
 * Production keeps serving its version through every failure here.
 */
@ExtendWith(LocalMode.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(3)
class FailurePathsIT {
  private static final ObjectMapper JSON = new ObjectMapper();

  @Test
  @Order(1)
  void anImageWithACriticalScanFindingIsNotDeployed(LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    local.repo.write("CHANGES.md", "# Changes\n\n- pulls in a library with a known CVE\n");
    String sha = local.repo.commit("Pull in a library with a known critical vulnerability");
    Path findings = criticalFindingFor(local, sha);
    try {
      local.repo.push();
      Push vulnerable = Push.follow(local, sha);

      assertThat(vulnerable.run().status()).isEqualTo("FAILED");
      assertThat(vulnerable.run().endState()).isEqualTo("Pipeline failed");
      assertThat(vulnerable.states())
          .contains("Build image", "Verify image")
          .doesNotContain("Deploy to staging", "Deploy to production");
      assertThat(vulnerable.run().cause())
          .contains(sha)
          .contains("1 CRITICAL")
          .contains("CVE-2026-0001");
      assertThat(Versions.serving(local)).isEqualTo(serving);
      assertThat(records(local, sha)).isEmpty();
    } finally {
      Files.delete(findings);
    }
  }

  @Test
  @Order(2)
  void aServiceThatNeverBecomesReadyIsRolledBackInStagingAndProductionIsUntouched(
      LocalModeRun local) {
    failingChangeIsRolledBackInStaging(
        local,
        "ready.fail",
        "Readiness check depends on a service that is not there",
        "Task failed health checks");
  }

  @Test
  @Order(3)
  void aContainerThatExitsAtStartTripsTheCircuitBreakerAndIsRolledBack(LocalModeRun local) {
    failingChangeIsRolledBackInStaging(
        local, "start.fail", "Read a setting that does not exist at start", "circuit breaker");
  }

  /**
   * Pushes a commit that turns {@code fault} on: staging is rolled back to what it ran, the cause
   * names the SHA and {@code why}, production keeps serving, the record says ROLLED_BACK.
   */
  private static void failingChangeIsRolledBackInStaging(
      LocalModeRun local, String fault, String message, String why) {
    String serving = local.ensureServing();
    local.repo.setFault(fault, "true");
    Push push = Push.of(local, message);
    local.repo.setFault(fault, "false");

    assertThat(push.run().status()).isEqualTo("FAILED");
    assertThat(push.run().endState()).as("states %s", push.states()).isEqualTo("Rolled back");
    assertThat(push.states())
        .contains("Deploy to staging", "Roll back staging", "Verify staging rollback")
        .doesNotContain("Deploy to production");
    assertThat(push.run().cause())
        .contains(push.sha())
        .contains("staging was rolled back to")
        .contains(why);
    assertThat(Versions.serving(local)).as("production untouched").isEqualTo(serving);
    assertThat(records(local, push.sha()))
        .singleElement()
        .satisfies(
            r -> {
              assertThat(r.environment()).isEqualTo("staging");
              assertThat(r.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
            });
  }

  /**
   * Ten pushes whose webhooks arrive back to back (within a second on a quiet machine): the latest
   * deploys, the nine before it end SUPERSEDED without building, and no two runs deploy at the same
   * time.
   */
  @Test
  @Order(4)
  void tenPushesWithinASecondDeployOnlyTheLatest(LocalModeRun local) throws Exception {
    local.ensureServing();
    local.load(); // the canary analysis needs traffic
    List<String> shas = new ArrayList<>();
    for (int i = 1; i <= 10; i++) {
      local.repo.write("CHANGES.md", "# Changes\n\n- burst change " + i + "\n");
      shas.add(local.repo.commit("Burst change " + i));
    }
    Webhooks.pushToSideBranch(local, shas.getLast());
    List<Webhooks.Delivery> deliveries = new ArrayList<>();
    for (int i = 0; i < shas.size(); i++) {
      deliveries.add(Webhooks.mainMovedTo(local, shas.get(i), "Burst change " + (i + 1)));
    }
    long start = System.nanoTime();
    long lastSent = start;
    for (Webhooks.Delivery delivery : deliveries) {
      lastSent = System.nanoTime();
      assertThat(Webhooks.deliver(local, delivery)).isEqualTo(202);
    }
    // one after the other, so they arrive in commit order: about half a second on a quiet machine
    Duration spread = Duration.ofNanos(lastSent - start);
    System.out.printf("ten webhooks sent within %d ms%n", spread.toMillis());
    assertThat(spread)
        .as("the burst falls within the quiet period (the pushes compete with each other)")
        .isLessThan(Duration.ofSeconds(PipelineConfig.DEFAULT_QUIET_PERIOD_SECONDS));

    Push latest = Push.follow(local, shas.getLast());
    List<ExecutionWatch.Finished> older = new ArrayList<>();
    for (String sha : shas.subList(0, 9)) {
      older.add(Push.follow(local, sha).run());
    }

    assertThat(latest.run().status()).as("states %s", latest.states()).isEqualTo("SUCCEEDED");
    assertThat(latest.run().endState()).isEqualTo("Deployed");
    assertThat(older)
        .allSatisfy(
            run -> {
              assertThat(run.endState()).isEqualTo("Superseded");
              assertThat(run.states())
                  .as("a superseded run builds and deploys nothing")
                  .noneMatch(s -> s.label().equals("Build image"));
            });
    // an older run's Prepare may start late (a cold function instance in a burst on two cores), but
    // it must supersede itself, never queue behind the latest run's deploy
    assertThat(older)
        .as("every older run ended before the latest one started deploying to staging")
        .allSatisfy(
            run -> assertThat(run.endedAt()).isBefore(stateStart(latest, "Deploy to staging")));
    assertThat(Versions.serving(local)).isEqualTo(shas.getLast());
    for (String sha : shas.subList(0, 9)) {
      assertThat(records(local, sha)).as("records of superseded %s", sha).isEmpty();
    }
    local.repo.push(); // main catches up with what was deployed
  }

  @Test
  @Order(5)
  void rollbackToAShaServesItAndIsRecordedAsARollback(LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    String target =
        DeploymentRecords.read(local.dynamo).stream()
            .filter(r -> r.environment().equals(local.settings.production()))
            .filter(r -> r.result() == DeploymentOutcome.SUCCEEDED)
            .map(DeploymentRecord::sha)
            .filter(sha -> !sha.equals(serving))
            .reduce((a, b) -> b)
            .orElseThrow(() -> new AssertionError("needs an earlier successful deploy"));
    int before = local.watch.executionsOf(target).size();

    assertThat(local.cli("rollback", "--to", target, "--reason", "e2e: back to the last good"))
        .isZero();
    Push rollback = Push.follow(local, target);

    assertThat(local.watch.executionsOf(target)).hasSize(before + 1);
    assertThat(rollback.run().status()).as("states %s", rollback.states()).isEqualTo("SUCCEEDED");
    assertThat(rollback.run().endState()).isEqualTo("Rolled back on request");
    assertThat(Versions.serving(local)).isEqualTo(target);
    assertThat(records(local, target))
        .anySatisfy(
            r -> {
              assertThat(r.environment()).isEqualTo(local.settings.production());
              assertThat(r.kind()).isEqualTo(DeploymentKind.ROLLBACK);
              assertThat(r.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
            });
  }

  /**
   * A failed rollback keeps the service's lock for a person (RecordDeployment writes it without
   * expiry): a push then queues, saying why and what to do; {@code slipway status} shows the block
   * and the way out; {@code slipway unlock} releases it with who and why, and the queued run goes
   * on. That run is a re-sent delivery of the serving commit under a new delivery id: its image is
   * in ECR, so it is not rebuilt (a rebuild would fail on the immutable tag) and deploys again —
   * until {@code slipway cancel} stops it during its staging deploy: staging is rolled back, the
   * run is recorded as cancelled, the notice says so, and production never changed.
   */
  @Test
  @Order(6)
  void aLockKeptAfterAFailedRollbackIsReleasedByUnlockAndTheRePushedCommitDeploysWithoutARebuild(
      LocalModeRun local) throws Exception {
    String serving = local.ensureServing();
    local.load(); // the canary analysis of the re-deploy needs traffic
    String service = local.settings.service();
    String table = local.locksTable();
    ServiceLock kept =
        new ServiceLock(
                service, service + "-e2e-rollback", serving, Instant.now(), Instant.now(), null)
            .keptForAttention("rollback of production failed: e2e");
    String keptJson = PipelineJson.mapper().writeValueAsString(kept);
    local.dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        "id", AttributeValue.fromS("lock#" + service),
                        "lock", AttributeValue.fromS(keptJson),
                        "holderExecution", AttributeValue.fromS(kept.holderExecution()))));
    var before = local.watch.executionsOf(serving).stream().map(e -> e.executionArn()).toList();

    Webhooks.Delivery again = Webhooks.mainMovedTo(local, serving, "The serving commit, re-sent");
    assertThat(Webhooks.deliver(local, again)).isEqualTo(202);
    ExecutionListItem started =
        await("the run of the re-sent delivery")
            .atMost(Duration.ofSeconds(90))
            .until(
                () ->
                    local.watch.executionsOf(serving).stream()
                        .filter(e -> !before.contains(e.executionArn()))
                        .findFirst(),
                Optional::isPresent)
            .orElseThrow();
    String queued =
        await("the run queues behind the kept lock")
            .atMost(Duration.ofSeconds(90))
            .until(
                () -> prepareOutputs(local, started),
                o -> o.contains("deploys of " + service + " are blocked"));
    assertThat(queued)
        .contains("rollback of production failed: e2e")
        .contains("slipway unlock " + service)
        .contains("slipway rollback --to");

    Path status = local.work.resolve("status-blocked.log");
    assertThat(local.slipway(status, Duration.ofMinutes(1), "status")).isZero();
    assertThat(Files.readString(status))
        .contains("deploys of " + service + " are BLOCKED", "slipway unlock " + service);

    Path unlock = local.work.resolve("unlock.log");
    assertThat(
            local.slipway(
                unlock, Duration.ofMinutes(1), "unlock", service, "--reason", "e2e: fixed by hand"))
        .as("slipway unlock: %s", Files.readString(unlock))
        .isZero();
    assertThat(Files.readString(unlock))
        .contains("released the lock of " + service, "e2e: fixed by hand");
    var record =
        local
            .dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .key(Map.of("id", AttributeValue.fromS("unlocked#" + service)))
                        .consistentRead(true))
            .item();
    assertThat(record.get("reason").s()).isEqualTo("e2e: fixed by hand");
    assertThat(record.get("releasedBy").s()).isNotBlank();

    await("the re-sent commit deploying to staging")
        .atMost(Duration.ofMinutes(3))
        .pollInterval(Duration.ofMillis(500))
        .until(() -> waitsOnItsStagingDeploy(local, started));
    assertThat(histories(local, started))
        .as("the image in ECR is deployed again, not rebuilt")
        .contains("existing-image:" + serving);
    Path cancel = local.work.resolve("cancel-staging.log");
    assertThat(
            local.slipway(
                cancel, Duration.ofMinutes(1), "cancel", service, "--reason", "e2e: enough"))
        .as("slipway cancel: %s", Files.readString(cancel))
        .isZero();
    assertThat(Files.readString(cancel))
        .contains("cancel of " + started.name(), "the run rolls back staging and ends");

    ExecutionWatch.Finished run =
        local.watch.follow(started, Duration.ofMinutes(6), line -> System.out.println(line));
    assertThat(run.status()).as("cause %s", run.cause()).isEqualTo("FAILED");
    assertThat(run.endState()).isEqualTo("Rolled back");
    assertThat(run.states().stream().map(s -> s.label()).toList())
        .contains("Roll back staging", "Record rollback")
        .doesNotContain("Deploy to production");
    assertThat(records(local, serving))
        .anySatisfy(
            r -> {
              assertThat(r.environment()).isEqualTo("staging");
              assertThat(r.result()).isEqualTo(DeploymentOutcome.CANCELLED);
            });
    assertThat(Versions.serving(local)).isEqualTo(serving);
    String sha7 = serving.substring(0, 7);
    await()
        .atMost(Duration.ofSeconds(30))
        .untilAsserted(
            () ->
                assertThat(local.notifications())
                    .contains(
                        "[slipway] " + service + " " + sha7 + " cancelled, rolled back in staging")
                    .doesNotContain("[slipway] " + service + " " + sha7 + " failed"));

    Path again2 = local.work.resolve("unlock-again.log");
    assertThat(local.slipway(again2, Duration.ofMinutes(1), "unlock", service, "--reason", "twice"))
        .isZero();
    assertThat(Files.readString(again2)).contains(service + " is not locked");
  }

  /** Whether the run waits on its "Deploy to staging" task (the state entered, not yet exited). */
  private static boolean waitsOnItsStagingDeploy(LocalModeRun local, ExecutionListItem execution) {
    boolean waiting = false;
    for (HistoryEvent h :
        local
            .sfn
            .getExecutionHistoryPaginator(r -> r.executionArn(execution.executionArn()))
            .events()) {
      if (h.stateEnteredEventDetails() != null) {
        waiting = h.stateEnteredEventDetails().name().equals("Deploy to staging");
      } else if (h.taskScheduledEventDetails() != null && waiting) {
        return true;
      }
    }
    return false;
  }

  /** The outputs of the run's Prepare steps so far, joined. */
  private static String prepareOutputs(LocalModeRun local, ExecutionListItem execution) {
    return stateOutputs(local, execution, name -> name.startsWith("Prepare"));
  }

  /** Every state output of the run, joined. */
  private static String histories(LocalModeRun local, ExecutionListItem execution) {
    return stateOutputs(local, execution, name -> true);
  }

  private static String stateOutputs(
      LocalModeRun local,
      ExecutionListItem execution,
      java.util.function.Predicate<String> stateName) {
    StringBuilder out = new StringBuilder();
    for (HistoryEvent h :
        local
            .sfn
            .getExecutionHistoryPaginator(r -> r.executionArn(execution.executionArn()))
            .events()) {
      if (h.stateExitedEventDetails() != null
          && stateName.test(h.stateExitedEventDetails().name())) {
        out.append(h.stateExitedEventDetails().output()).append('\n');
      }
    }
    return out.toString();
  }

  /** When the run entered "Build image". */
  private static Instant stateStart(Push push, String state) {
    return push.run().states().stream()
        .filter(s -> s.label().equals(state))
        .findFirst()
        .orElseThrow(() -> new AssertionError("the latest push never entered " + state))
        .enteredAt();
  }

  /**
   * The template as a user might break it: DeployService's policy without {@code
   * ecs:UpdateService}. Deployed with {@code slipway up --cdk-out}, the next push fails in staging
   * with AWS's access denied message as its cause, production keeps serving, and the denial is in
   * the IAM log and on the console's Permissions page. The demo's template is deployed again after.
   * It runs first, on the staging the demo left: its rollback is verified by the smoke test.
   */
  @Test
  @Order(0)
  void aPermissionMissingFromTheTemplateFailsTheRunWithAwsAccessDenied(LocalModeRun local)
      throws Exception {
    String serving = local.ensureServing();
    Path broken =
        withoutAction(
            local.assembly,
            "HandlersDeployServiceRoleDefaultPolicy",
            "ecs:UpdateService",
            local.work.resolve("settings/no-update-service/cdk.out"));
    Path denials = local.stateDir.resolve("logs/iam-denials.log");
    long denialsBefore = Files.exists(denials) ? Files.readAllLines(denials).size() : 0;
    local.redeploy(broken);
    local.deployedSettings = "no-update-service";
    try {
      Push push = Push.of(local, "A change deployed by a role that lost ecs:UpdateService");

      assertThat(push.run().status()).isEqualTo("FAILED");
      assertThat(push.states())
          .contains("Deploy to staging")
          .doesNotContain("Deploy to production");
      assertThat(push.run().cause())
          .as("the run's cause is AWS's access denied message")
          .contains("is not authorized to perform: ecs:UpdateService on resource:")
          .contains("because no identity-based policy allows the ecs:UpdateService action");
      assertThat(Versions.serving(local)).as("production untouched").isEqualTo(serving);
      List<String> logged = Files.readAllLines(denials);
      assertThat(logged.subList((int) denialsBefore, logged.size()))
          .anySatisfy(
              line -> {
                var denial = JSON.readTree(line);
                assertThat(denial.path("action").asText()).isEqualTo("ecs:UpdateService");
                assertThat(denial.path("principal").asText())
                    .contains("assumed-role/")
                    .contains("DeployService");
                assertThat(denial.path("mode").asText()).isEqualTo("enforce");
              });
      var console =
          java.net.http.HttpClient.newHttpClient()
              .send(
                  java.net.http.HttpRequest.newBuilder(
                          java.net.URI.create(local.state.endpoint() + "/console/api/denials"))
                      .build(),
                  java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(console.body()).path("denials").path(0).path("action").asText())
          .as("the console's Permissions page shows it first")
          .isEqualTo("ecs:UpdateService");
    } finally {
      // the classes after this one deploy with the demo's template, its permissions back
      local.redeploy(local.assembly);
      local.deployedSettings = "demo";
    }
  }

  /**
   * A copy of {@code assembly} in {@code dir} whose template lacks {@code action} in the policy
   * whose logical id starts with {@code policy} (the statement is dropped when it was its only
   * action); the assets are linked, not copied.
   */
  private static Path withoutAction(Path assembly, String policy, String action, Path dir)
      throws Exception {
    if (Files.exists(dir)) {
      try (var old = Files.walk(dir)) {
        for (Path f : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
          Files.delete(f);
        }
      }
    }
    Files.createDirectories(dir);
    int removed = 0;
    try (var files = Files.list(assembly)) {
      for (Path f : files.toList()) {
        Path target = dir.resolve(f.getFileName().toString());
        if (!f.getFileName().toString().endsWith(".template.json")) {
          Files.createSymbolicLink(target, f.toAbsolutePath());
          continue;
        }
        ObjectNode template = (ObjectNode) JSON.readTree(f.toFile());
        for (var resource : template.path("Resources").properties()) {
          if (!resource.getKey().startsWith(policy)) {
            continue;
          }
          var statements =
              (com.fasterxml.jackson.databind.node.ArrayNode)
                  resource.getValue().path("Properties").path("PolicyDocument").path("Statement");
          for (int i = statements.size() - 1; i >= 0; i--) {
            var actions = statements.get(i).path("Action");
            if (actions.isTextual() && actions.asText().equals(action)) {
              statements.remove(i);
              removed++;
            } else if (actions.isArray()) {
              var list = (com.fasterxml.jackson.databind.node.ArrayNode) actions;
              for (int j = list.size() - 1; j >= 0; j--) {
                if (list.get(j).asText().equals(action)) {
                  list.remove(j);
                  removed++;
                }
              }
            }
          }
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(target.toFile(), template);
      }
    }
    assertThat(removed).as("%s in %s* of %s", action, policy, assembly).isPositive();
    return dir;
  }

  private static List<DeploymentRecord> records(LocalModeRun local, String sha) {
    return DeploymentRecords.read(local.dynamo).stream().filter(r -> r.sha().equals(sha)).toList();
  }

  /**
   * Local mode's scan results file (no scanner can run offline): one CRITICAL finding for the image
   * tagged {@code sha} in every repository.
   */
  private static Path criticalFindingFor(LocalModeRun local, String sha) throws Exception {
    Path file = local.stateDir.resolve("ecr/scan-findings.json");
    ObjectNode root = JSON.createObjectNode();
    try (EcrClient ecr = local.state.client(EcrClient.builder())) {
      for (Repository repository : ecr.describeRepositories().repositories()) {
        root.putObject(repository.repositoryName())
            .putArray(sha)
            .addObject()
            .put("name", "CVE-2026-0001")
            .put("severity", "CRITICAL")
            .put("description", "remote code execution in a parser")
            .put("uri", "https://example.com/CVE-2026-0001");
      }
    }
    Files.createDirectories(file.getParent());
    Files.writeString(file, root.toPrettyString());
    return file;
  }
}
