package dev.slipway.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.pipeline.model.Decision;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PrepareResult;
import dev.slipway.pipeline.model.ReceivedPush;
import dev.slipway.pipeline.model.ServiceLock;
import dev.slipway.pipeline.model.StepFailure;
import java.time.Instant;
import java.time.InstantSource;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.ecs.model.DeploymentRolloutState;

/** `slipway cancel`: the steps of a cancelled run fail with Slipway.Cancelled, the way out runs. */
class CancelledRunTest {
  private static final Instant NOW = Instant.parse("2026-11-25T17:00:00Z");
  private static final CancelRequests.Request BY_ALICE =
      new CancelRequests.Request("alice", "wrong commit", NOW);

  private final DeployWorld world = new DeployWorld().withProductionServing();

  private void cancel(String execution) {
    CancelRequests.request(world.dynamo, "locks", execution, BY_ALICE);
  }

  private final FakeSns sns = new FakeSns();

  private Notify notifier() {
    String key = "arn:aws:secretsmanager:eu-west-1:123456789012:secret:approval";
    return new Notify(
        sns,
        new FakeSecrets().with(key, "k3y-0f-at-least-16-bytes!"),
        world.dynamo,
        (url, json) -> 200,
        new Env(
            Steps.env(
                "NOTIFY_TOPIC_ARN",
                "arn:aws:sns:eu-west-1:123456789012:slipway-hello",
                "APPROVAL_SECRET_ARN",
                key,
                "APPROVAL_BASE_URL",
                "https://approve.lambda-url.eu-west-1.on.aws/")),
        world.clock);
  }

  private ShiftTraffic shiftTraffic() {
    return new ShiftTraffic(
        world.elb,
        world.ecs,
        world.env,
        world.clock,
        CancelRequests.from(() -> world.dynamo, world.env));
  }

  private ObjectNode deployedState() {
    var payload =
        Steps.payload(Steps.state(), "taskToken", "deploy-token", "environment", "production");
    var result = Steps.invoke(world.deployService(), payload);
    world.ecs.finish("hello-production-green", DeploymentRolloutState.COMPLETED, null);
    ObjectNode state = Steps.state();
    state.set("production", result);
    return state;
  }

  @Test
  void aCancelledCanaryStepFailsWithSlipwayCancelledAndLeavesTheWeightsAlone() {
    ObjectNode state = deployedState();
    Steps.invoke(
        shiftTraffic(), Steps.payload(state, "environment", "production", "trafficPercent", 10));
    cancel(Steps.EXECUTION);

    assertThatThrownBy(
            () ->
                Steps.invoke(
                    shiftTraffic(),
                    Steps.payload(state, "environment", "production", "trafficPercent", 25)))
        .isInstanceOf(Slipway.Cancelled.class)
        .hasMessage("cancelled by alice: wrong commit");
    // Step Functions names the error by the class: what the ASL and the record see
    assertThat(Slipway.Cancelled.class.getName()).isEqualTo(CancelRequests.ERROR);
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_GREEN_TG)).isEqualTo(10);
  }

  @Test
  void anotherRunsCancelDoesNotStopThisOne() {
    ObjectNode state = deployedState();
    cancel("hello-0a1b2c3-another");

    Steps.invoke(
        shiftTraffic(), Steps.payload(state, "environment", "production", "trafficPercent", 25));

    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_GREEN_TG)).isEqualTo(25);
  }

  @Test
  void aCancelledDeployDoesNotStart() {
    cancel(Steps.EXECUTION);

    assertThatThrownBy(
            () ->
                Steps.invoke(
                    world.deployService(),
                    Steps.payload(
                        Steps.state(), "taskToken", "deploy-token", "environment", "production")))
        .isInstanceOf(Slipway.Cancelled.class);
    assertThat(world.sfn.sent).isEmpty();
  }

  @Test
  void theRollbackOfACancelledRunRuns() {
    ObjectNode state = deployedState();
    Steps.invoke(
        shiftTraffic(), Steps.payload(state, "environment", "production", "trafficPercent", 25));
    cancel(Steps.EXECUTION);
    state
        .putObject("failure")
        .put("Error", CancelRequests.ERROR)
        .put("Cause", "cancelled by alice: wrong commit");

    Steps.invoke(
        world.rollback(),
        Steps.payload(
            state,
            "environment",
            "production",
            "taskToken",
            Steps.TOKEN,
            "reason",
            state.get("failure")));

    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_BLUE_TG)).isEqualTo(100);
    assertThat(world.elb.weight(DeployWorld.PROD_RULE, DeployWorld.PROD_GREEN_TG)).isZero();
  }

  @Test
  void theWayOutIsNeverCancelled() throws Exception {
    var smoke =
        new SmokeTest(
            (uri, headers) -> new HttpProbe.Response(200, "ok", null),
            world.env,
            world.clock,
            d -> {},
            new java.util.SplittableRandom(1),
            CancelRequests.from(() -> world.dynamo, world.env));
    var notify = notifier();
    var shift = shiftTraffic();
    ObjectNode state = Steps.state();

    assertThat(smoke.cancellable(Step.of(Steps.payload(state, "target", "live")))).isTrue();
    assertThat(
            smoke.cancellable(
                Step.of(Steps.payload(state, "target", "live", "expect", "rollback"))))
        .isFalse();
    assertThat(notify.cancellable(Step.of(Steps.payload(state, "notification", "APPROVAL_NEEDED"))))
        .isTrue();
    for (String notice : new String[] {"FAILED", "ROLLED_BACK", "ROLLBACK_FAILED", "DEPLOYED"}) {
      assertThat(notify.cancellable(Step.of(Steps.payload(state, "notification", notice))))
          .isFalse();
    }
    assertThat(shift.cancellable(Step.of(Steps.payload(state, "trafficPercent", 100)))).isTrue();
    assertThat(shift.cancellable(Step.of(Steps.payload(state, "action", "retire")))).isFalse();
  }

  @Test
  void aNoticeOfACancelledRunIsSent() {
    var notify = notifier();
    cancel(Steps.EXECUTION);
    ObjectNode state = Steps.state();
    state
        .putObject("failure")
        .put("Error", CancelRequests.ERROR)
        .put("Cause", "cancelled by alice: wrong commit");

    Steps.invoke(notify, Steps.payload(state, "notification", "FAILED"));

    assertThat(sns.published).hasSize(1);
    assertThat(sns.published.getFirst().subject())
        .as("a cancel is no failure")
        .isEqualTo("[slipway] hello " + Steps.SHA.substring(0, 7) + " cancelled");
    assertThat(sns.published.getFirst().message())
        .contains("Why: cancelled by alice: wrong commit", "Nothing was deployed");

    Steps.invoke(
        notify, Steps.payload(state, "notification", "ROLLED_BACK", "environment", "production"));
    assertThat(sns.published).hasSize(2);
    assertThat(sns.published.getLast().subject())
        .isEqualTo(
            "[slipway] hello "
                + Steps.SHA.substring(0, 7)
                + " cancelled, rolled back in production");
  }

  /** A run cancelled while queued ends at its next Prepare, deploying nothing. */
  @Test
  void aCancelledQueuedRunIsSkippedByPrepareAndLetsGoOfWhatItHeld() {
    var prepare =
        new Prepare(
            world.dynamo,
            new FakeSfn(),
            new FakeSecrets(),
            FakeEcr::new,
            new Env(
                Steps.env(
                    "SLIPWAY_PIPELINE_CONFIG",
                    "{\"service\": \"hello\", \"repository\": \"acme/hello\", \"branch\":"
                        + " \"main\", \"environments\": [\"staging\", \"production\"]}")),
            InstantSource.fixed(NOW));
    var locks = new LockStore(world.dynamo, "locks");
    locks.offerReceived("hello", new ReceivedPush(Steps.SHA, NOW.minusSeconds(60)));
    locks.write(
        new ServiceLock("hello", Steps.EXECUTION, Steps.SHA, NOW, NOW.plusSeconds(3600), null),
        null);
    cancel(Steps.EXECUTION);

    ObjectNode push = Steps.state();
    push.remove(java.util.List.of("prepare", "build", "image"));
    var payload = Steps.payload(push);
    var result = Steps.as(Steps.invoke(prepare, payload), PrepareResult.class);

    assertThat(result.decision()).isEqualTo(Decision.SKIP);
    assertThat(result.reason()).isEqualTo("cancelled by alice: wrong commit; nothing was deployed");
    assertThat(locks.lock("hello")).isEmpty();
    assertThat(locks.received("hello")).isEmpty();
  }

  @Test
  void aCancelledRunsRollbackIsRecordedAsCancelledNotAsAFailure() {
    var record = new RecordDeployment(world.dynamo, world.env, InstantSource.fixed(NOW));
    ObjectNode state = deployedState();
    state
        .putObject("failure")
        .put("Error", CancelRequests.ERROR)
        .put(
            "Cause",
            "{\"errorMessage\":\"cancelled by alice: wrong commit\","
                + "\"errorType\":\"Slipway.Cancelled\",\"stackTrace\":[]}");
    state
        .putObject("rollback")
        .put("environment", "production")
        .put("succeeded", true)
        .put("trafficPercentOnNew", 0)
        .put("reason", "cancelled");

    var recorded =
        Steps.as(
            Steps.invoke(record, Steps.payload(state, "outcome", "ROLLED_BACK")),
            DeploymentRecord.class);

    assertThat(recorded.result()).isEqualTo(DeploymentOutcome.CANCELLED);
    assertThat(recorded.reason())
        .isEqualTo("cancelled by alice: wrong commit; production rolled back");
  }

  @Test
  void theCancelsWhyIsTheTokensCauseOrTheFunctionsMessage() {
    assertThat(
            CancelRequests.why(
                new StepFailure(CancelRequests.ERROR, "cancelled by bob: flaky canary")))
        .isEqualTo("cancelled by bob: flaky canary");
    assertThat(
            CancelRequests.why(
                new StepFailure(
                    CancelRequests.ERROR,
                    "{\"errorMessage\":\"cancelled by bob: x\",\"errorType\":\"Slipway.Cancelled\"}")))
        .isEqualTo("cancelled by bob: x");
    assertThat(CancelRequests.isCancel(new StepFailure("Slipway.CanaryFailed", "5xx"))).isFalse();
    assertThat(CancelRequests.isCancel(null)).isFalse();
  }
}
