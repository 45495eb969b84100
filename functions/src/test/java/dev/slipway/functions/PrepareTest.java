package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.Decision;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.PrepareResult;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;

class PrepareTest {
  private static final String CONFIG =
      """
      {"service": "hello", "repository": "acme/hello", "branch": "main",
       "environments": ["staging", "production"], "strategy": "canary"}
      """;
  private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
  private static final String NEWER_SHA = "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";

  private final FakeDynamo dynamo = new FakeDynamo();
  private final FakeSfn sfn = new FakeSfn();
  private final FakeEcr ecr = new FakeEcr();
  private final Prepare handler =
      new Prepare(
          dynamo,
          sfn,
          new FakeSecrets(),
          () -> ecr,
          new Env(
              Steps.env(
                  "SLIPWAY_PIPELINE_CONFIG",
                  CONFIG,
                  "STATE_MACHINE_ARN",
                  "arn:aws:states:eu-west-1:123456789012:stateMachine:slipway-hello")),
          InstantSource.fixed(NOW));

  private PrepareResult prepare(ObjectNode state, String execution) {
    var payload = Steps.payload(state);
    payload.put("execution", execution);
    return Steps.as(Steps.invoke(handler, payload), PrepareResult.class);
  }

  private static ObjectNode push(String sha, String receivedAt) {
    ObjectNode state = Steps.state();
    state.remove(java.util.List.of("prepare", "build", "image"));
    ((ObjectNode) state.get("detail")).put("sha", sha).put("receivedAt", receivedAt);
    return state;
  }

  private static ObjectNode manualRollback(String toSha) {
    ObjectNode state = PipelineJson.mapper().createObjectNode();
    state.put("source", "slipway.manual").put("detail-type", "rollback");
    state
        .putObject("detail")
        .put("service", "hello")
        .put("environment", "production")
        .put("toSha", toSha)
        .put("requestedBy", "ops")
        .put("reason", "bad release")
        .put("requestId", "r-1");
    state.put("time", "2026-11-25T16:59:00Z");
    return state;
  }

  /**
   * A rollback to a commit production never ran (a typo, a failed build) is refused before the
   * lock: it has nothing to restore, and holding the lock for it would queue every later push.
   */
  @Test
  void rollbackToACommitNeverDeployedIsRefusedWithoutTakingTheLock() {
    var refused = prepare(manualRollback(NEWER_SHA), "hello-rollback-1");

    assertThat(refused.decision()).isEqualTo(Decision.SKIP);
    assertThat(refused.reason())
        .contains("rollback of production to " + NEWER_SHA + " refused")
        .contains("slipway history");
    assertThat(dynamo.table("locks")).doesNotContainKey("lock#hello");

    new DeploymentHistory(dynamo, "deployments")
        .record(
            new dev.slipway.pipeline.model.DeploymentRecord(
                "hello",
                "production",
                NEWER_SHA,
                "sha256:" + "1".repeat(64),
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello-production:4",
                dev.slipway.pipeline.model.Strategy.CANARY,
                dev.slipway.pipeline.model.DeploymentKind.DEPLOY,
                dev.slipway.pipeline.model.DeploymentOutcome.SUCCEEDED,
                NOW.minusSeconds(3600),
                NOW.minusSeconds(3000),
                NOW.minusSeconds(4000),
                "hello-aaaaaaa-1",
                null));
    // deployed once, but its image expired from ECR: its tasks could not start
    var imageGone = prepare(manualRollback(NEWER_SHA), "hello-rollback-2");
    assertThat(imageGone.decision()).isEqualTo(Decision.SKIP);
    assertThat(imageGone.reason()).contains("its image is no longer in ECR");
    assertThat(dynamo.table("locks")).doesNotContainKey("lock#hello");

    ecr.tags.put(NEWER_SHA, "sha256:" + "1".repeat(64));
    assertThat(prepare(manualRollback(NEWER_SHA), "hello-rollback-3").decision())
        .isEqualTo(Decision.PROCEED);
  }

  /**
   * After a failed rollback the lock is kept for a person: pushes queue behind it, naming the ways
   * out, and a manual rollback to a good commit takes it over.
   */
  @Test
  void aManualRollbackTakesOverTheLockKeptAfterAFailedRollback() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    var locks = new LockStore(dynamo, "locks");
    var held = locks.lock("hello").orElseThrow();
    assertThat(locks.write(held.keptForAttention("rollback of production failed"), held)).isTrue();
    sfn.executions.put(Steps.EXECUTION, ExecutionStatus.FAILED);

    var queued = prepare(push(NEWER_SHA, "2026-11-25T16:58:00Z"), "hello-aaaaaaa-2");
    assertThat(queued.decision()).isEqualTo(Decision.QUEUED);
    assertThat(queued.reason())
        .contains("rollback of production failed")
        .contains("slipway unlock hello");

    String good = "c".repeat(40);
    new DeploymentHistory(dynamo, "deployments")
        .record(
            new dev.slipway.pipeline.model.DeploymentRecord(
                "hello",
                "production",
                good,
                "sha256:" + "2".repeat(64),
                "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello-production:3",
                dev.slipway.pipeline.model.Strategy.CANARY,
                dev.slipway.pipeline.model.DeploymentKind.DEPLOY,
                dev.slipway.pipeline.model.DeploymentOutcome.SUCCEEDED,
                NOW.minusSeconds(7200),
                NOW.minusSeconds(7000),
                NOW.minusSeconds(7300),
                "hello-ccccccc-0",
                null));
    ecr.tags.put(good, "sha256:" + "2".repeat(64));
    var rollback = manualRollback(good);
    rollback.put("time", "2026-11-25T16:59:30Z");

    var taken = prepare(rollback, "hello-rollback-9");
    assertThat(taken.decision()).isEqualTo(Decision.PROCEED);
    assertThat(taken.reason())
        .contains("took over the lock")
        .contains("rollback of production failed");
    assertThat(locks.lock("hello").orElseThrow().heldBy("hello-rollback-9")).isTrue();
  }

  @Test
  void firstPushTakesTheLockAndProceeds() {
    var result = prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);

    assertThat(result.decision()).isEqualTo(Decision.PROCEED);
    assertThat(result.lockId()).isEqualTo("hello/" + Steps.EXECUTION);
    assertThat(result.config().strategy().wireName()).isEqualTo("canary");
    assertThat(dynamo.table("locks")).containsKey("lock#hello");
  }

  @Test
  void retriedPrepareStillHoldsTheLock() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    var again = prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);

    assertThat(again.decision()).isEqualTo(Decision.PROCEED);
  }

  @Test
  void pushToAnotherBranchIsSkipped() {
    ObjectNode state = push(Steps.SHA, "2026-11-25T16:55:00Z");
    ((ObjectNode) state.get("detail")).put("ref", "refs/heads/feature").put("branch", "feature");

    var result = prepare(state, Steps.EXECUTION);

    assertThat(result.decision()).isEqualTo(Decision.SKIP);
    assertThat(dynamo.table("locks")).isEmpty();
  }

  @Test
  void newerPushQueuesWhileTheHolderRuns() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    sfn.executions.put(Steps.EXECUTION, ExecutionStatus.RUNNING);

    var result = prepare(push(NEWER_SHA, "2026-11-25T16:58:00Z"), "hello-aaaaaaa-2");

    assertThat(result.decision()).isEqualTo(Decision.QUEUED);
    assertThat(result.retryAt()).isAfter(NOW);
  }

  @Test
  void olderQueuedPushIsSupersededByTheNewest() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    sfn.executions.put(Steps.EXECUTION, ExecutionStatus.RUNNING);
    prepare(push(NEWER_SHA, "2026-11-25T16:58:00Z"), "hello-aaaaaaa-3");

    var older =
        prepare(
            push("bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb", "2026-11-25T16:57:00Z"),
            "hello-bbbbbbb-2");

    assertThat(older.decision()).isEqualTo(Decision.SUPERSEDED);
  }

  @Test
  void holderThatEndedWithoutReleasingIsTakenOver() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    sfn.executions.put(Steps.EXECUTION, ExecutionStatus.ABORTED);

    var result = prepare(push(NEWER_SHA, "2026-11-25T16:58:00Z"), "hello-aaaaaaa-2");

    assertThat(result.decision()).isEqualTo(Decision.PROCEED);
    assertThat(result.reason()).contains("ended without releasing");
  }

  @Test
  void newerPushWithdrawsAPendingApproval() {
    prepare(push(Steps.SHA, "2026-11-25T16:55:00Z"), Steps.EXECUTION);
    sfn.executions.put(Steps.EXECUTION, ExecutionStatus.RUNNING);
    dynamo
        .table("locks")
        .put(
            "approval#hello",
            Map.of(
                "id", AttributeValue.fromS("approval#hello"),
                "taskToken", AttributeValue.fromS("approval-token"),
                "execution", AttributeValue.fromS(Steps.EXECUTION),
                "sha", AttributeValue.fromS(Steps.SHA),
                "nonce", AttributeValue.fromS("n1")));

    prepare(push(NEWER_SHA, "2026-11-25T16:58:00Z"), "hello-aaaaaaa-2");

    var sent = sfn.sent.getFirst();
    assertThat(sent.token()).isEqualTo("approval-token");
    assertThat(sent.error()).isEqualTo("Slipway.Superseded");
    assertThat(dynamo.table("locks")).doesNotContainKey("approval#hello");
  }
}
