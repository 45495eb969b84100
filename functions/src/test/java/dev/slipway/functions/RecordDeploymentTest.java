package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.ServiceLock;
import dev.slipway.pipeline.model.Strategy;
import java.time.InstantSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class RecordDeploymentTest {
  private final FakeDynamo dynamo = new FakeDynamo();
  private final RecordDeployment handler =
      new RecordDeployment(dynamo, new Env(Steps.env()), InstantSource.fixed(DeployWorld.NOW));
  private final LockStore locks = new LockStore(dynamo, "locks");
  private final DeploymentHistory history = new DeploymentHistory(dynamo, "deployments");

  @BeforeEach
  void holdTheLock() {
    locks.write(
        new ServiceLock(
            "hello",
            Steps.EXECUTION,
            Steps.SHA,
            DeployWorld.NOW.minusSeconds(600),
            DeployWorld.NOW.plusSeconds(3600),
            null),
        null);
  }

  private static ObjectNode deployedState() {
    ObjectNode state = Steps.state();
    state
        .putObject("production")
        .put("environment", "production")
        .put("strategy", "canary")
        .put(
            "taskDefinitionArn",
            "arn:aws:ecs:eu-west-1:123456789012:task-definition/hello-production:7")
        .put("deploymentId", "ecs-svc/1")
        .put("image", Steps.IMAGE)
        .put("trafficPercent", 0)
        .put("startedAt", "2026-11-25T16:59:00Z")
        .put("finishedAt", "2026-11-25T17:00:00Z");
    return state;
  }

  @Test
  void successIsRecordedBecomesLastKnownGoodAndReleasesTheLock() {
    var record =
        Steps.as(
            Steps.invoke(
                handler,
                Steps.payload(deployedState(), "outcome", "SUCCEEDED", "strategy", "canary")),
            DeploymentRecord.class);

    assertThat(record.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(record.strategy()).isEqualTo(Strategy.CANARY);
    assertThat(record.sha()).isEqualTo(Steps.SHA);
    assertThat(record.imageDigest()).isEqualTo(Steps.DIGEST);
    assertThat(record.startedAt()).isEqualTo(java.time.Instant.parse("2026-11-25T16:55:00.512Z"));
    assertThat(record.commitTimestamp()).isEqualTo(java.time.Instant.parse("2026-11-25T16:54:30Z"));
    assertThat(history.lastGood("hello", "production")).contains(record);
    assertThat(locks.lock("hello")).isEmpty();
  }

  @Test
  void retriedRecordWritesOneHistoryItem() {
    Steps.invoke(
        handler, Steps.payload(deployedState(), "outcome", "SUCCEEDED", "strategy", "canary"));
    Steps.invoke(
        handler, Steps.payload(deployedState(), "outcome", "SUCCEEDED", "strategy", "canary"));

    assertThat(dynamo.table("deployments").keySet().stream().filter(k -> k.contains("deploy#")))
        .hasSize(1);
  }

  @Test
  void rollbackIsRecordedWithTheReasonAndDoesNotMoveLastKnownGood() {
    ObjectNode state = deployedState();
    state
        .putObject("failure")
        .put("Error", "Slipway.CanaryFailed")
        .put("Cause", "canary 5xx rate too high");
    state
        .putObject("rollback")
        .put("environment", "production")
        .put("succeeded", true)
        .put("trafficPercentOnNew", 0)
        .put("reason", "canary");

    var record =
        Steps.as(
            Steps.invoke(handler, Steps.payload(state, "outcome", "ROLLED_BACK")),
            DeploymentRecord.class);

    assertThat(record.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
    assertThat(record.reason()).isEqualTo("canary 5xx rate too high");
    assertThat(history.lastGood("hello", "production")).isEmpty();
    assertThat(locks.lock("hello")).isEmpty();
  }

  private static ObjectNode rolledBackState(String error, String cause) {
    ObjectNode state = deployedState();
    state.putObject("failure").put("Error", error).put("Cause", cause);
    state
        .putObject("rollback")
        .put("environment", "production")
        .put("succeeded", true)
        .put("trafficPercentOnNew", 0)
        .put("reason", "canary");
    return state;
  }

  @Test
  void rollbackOfAnInconclusiveCanaryIsRecordedAsSuch() {
    String cause =
        "Canary at 5% (step 1 of 4): INCONCLUSIVE - 5 canary requests, fewer than 20 (need 20)";
    var record =
        Steps.as(
            Steps.invoke(
                handler,
                Steps.payload(
                    rolledBackState("Slipway.CanaryInconclusive", cause),
                    "outcome",
                    "ROLLED_BACK")),
            DeploymentRecord.class);

    assertThat(record.result()).isEqualTo(DeploymentOutcome.ROLLED_BACK);
    assertThat(record.reason()).isEqualTo(cause);
    assertThat(record.inconclusiveCanary()).isTrue();
    assertThat(record.inconclusiveRollback()).isTrue();
    assertThat(dynamo.table("deployments").values().toString()).contains("inconclusiveCanary");
  }

  @Test
  void otherRollbacksAreNotFlaggedInconclusive() {
    for (String error :
        java.util.List.of(
            "Slipway.CanaryFailed", "Slipway.CanaryRejected", "Slipway.SmokeTestFailed")) {
      var record =
          Steps.as(
              Steps.invoke(
                  handler, Steps.payload(rolledBackState(error, "why"), "outcome", "ROLLED_BACK")),
              DeploymentRecord.class);

      assertThat(record.inconclusiveCanary()).as(error).isNull();
      assertThat(record.inconclusiveRollback()).as(error).isFalse();
    }
  }

  @Test
  void deployPromotedOnAnInconclusiveCanaryIsADeployThatSaysSo() {
    ObjectNode state = deployedState();
    var steps = state.putArray("canaryInconclusive");
    steps
        .addObject()
        .put("trafficPercent", 5)
        .put("stepNumber", 1)
        .put("stepCount", 4)
        .put("policy", "promote")
        .putArray("reasons")
        .add("5 canary requests, fewer than 20");
    steps
        .addObject()
        .put("trafficPercent", 25)
        .put("stepNumber", 2)
        .put("stepCount", 4)
        .put("policy", "pause")
        .put("approver", "alice")
        .putArray("reasons")
        .add("12 canary requests, fewer than 20");

    var record =
        Steps.as(
            Steps.invoke(
                handler, Steps.payload(state, "outcome", "SUCCEEDED", "strategy", "canary")),
            DeploymentRecord.class);

    assertThat(record.result()).isEqualTo(DeploymentOutcome.SUCCEEDED);
    assertThat(record.inconclusiveCanary()).isTrue();
    assertThat(record.inconclusiveRollback()).isFalse();
    assertThat(record.reason())
        .isEqualTo(
            "canary at 5% (step 1 of 4) INCONCLUSIVE, promoted by the inconclusiveCanary policy:"
                + " 5 canary requests, fewer than 20; canary at 25% (step 2 of 4) INCONCLUSIVE,"
                + " approved by alice: 12 canary requests, fewer than 20");
    assertThat(history.lastGood("hello", "production")).contains(record);
  }

  @Test
  void failedRollbackKeepsTheLockForAPerson() {
    ObjectNode state = deployedState();
    state
        .putObject("failure")
        .put("Error", "Slipway.DeploymentFailed")
        .put("Cause", "tasks failed");
    state
        .putObject("rollbackFailure")
        .put("Error", "Slipway.RollbackFailed")
        .put("Cause", "previous revision failed too");

    var record =
        Steps.as(
            Steps.invoke(
                handler,
                Steps.payload(state, "outcome", "ROLLBACK_FAILED", "environment", "production")),
            DeploymentRecord.class);

    assertThat(record.result()).isEqualTo(DeploymentOutcome.FAILED);
    var lock = locks.lock("hello").orElseThrow();
    assertThat(lock.needsAttention()).isTrue();
    assertThat(lock.reason()).contains("previous revision failed too");
  }

  @Test
  void failureBeforeAnyDeployWritesNoRecordButReleasesTheLock() {
    var answer = Steps.invoke(handler, Steps.payload(Steps.state(), "outcome", "FAILED"));

    assertThat(answer.isNull()).isTrue();
    assertThat(dynamo.table("deployments")).isEmpty();
    assertThat(locks.lock("hello")).isEmpty();
  }
}
