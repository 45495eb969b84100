package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.pipeline.DeployLock.LockDecision;
import dev.slipway.pipeline.model.Decision;
import dev.slipway.pipeline.model.ModelFixtures;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.PrepareResult;
import dev.slipway.pipeline.model.PushEvent;
import dev.slipway.pipeline.model.QueuedPush;
import dev.slipway.pipeline.model.ServiceLock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class PreparationTest {
  private static final Instant WEDNESDAY = Instant.parse("2026-03-04T10:00:00Z");
  private static final Instant SATURDAY = Instant.parse("2026-03-07T10:00:00Z");

  private static PipelineConfig config(String extra) {
    return PipelineConfigs.parse(
        "{\"service\": \"hello\", \"repository\": \"acme/hello-service\"" + extra + "}");
  }

  private static PushEvent push(String branch, String message, List<String> files) {
    PushEvent p = ModelFixtures.push();
    return new PushEvent(
        p.service(),
        p.repository(),
        "refs/heads/" + branch,
        branch,
        p.sha(),
        p.beforeSha(),
        p.pusher(),
        message,
        p.commitTimestamp(),
        p.deliveryId(),
        p.receivedAt(),
        files);
  }

  @Test
  void ordinaryPushGoesOnToTheLock() {
    assertThat(Preparation.beforeLock(ModelFixtures.push(), config(""), WEDNESDAY)).isEmpty();
  }

  @Test
  void pushToAnotherBranchIsSkipped() {
    PrepareResult result =
        Preparation.beforeLock(push("feature/x", "wip", null), config(""), WEDNESDAY).orElseThrow();

    assertThat(result.decision()).isEqualTo(Decision.SKIP);
    assertThat(result.reason())
        .isEqualTo("push to refs/heads/feature/x; hello deploys branch main");
  }

  @Test
  void skipDirectiveIsHonoured() {
    PrepareResult result =
        Preparation.beforeLock(push("main", "Docs [skip deploy]", null), config(""), WEDNESDAY)
            .orElseThrow();

    assertThat(result.decision()).isEqualTo(Decision.SKIP);
    assertThat(result.reason()).contains("[skip deploy]");
  }

  @Test
  void pathFilterSkipsPushesThatDoNotTouchTheService() {
    PipelineConfig monorepo = config(", \"paths\": [\"services/hello\"]");

    assertThat(
            Preparation.beforeLock(
                    push("main", "x", List.of("services/other/a")), monorepo, WEDNESDAY)
                .orElseThrow()
                .reason())
        .isEqualTo("no changed file under services/hello (path filter of hello)");
    assertThat(
            Preparation.beforeLock(
                push("main", "x", List.of("services/hello/a")), monorepo, WEDNESDAY))
        .isEmpty();
  }

  @Test
  void waitingFreezeReturnsWhenToTryAgain() {
    PrepareResult result =
        Preparation.beforeLock(ModelFixtures.push(), ModelFixtures.config(), SATURDAY)
            .orElseThrow();

    assertThat(result.decision()).isEqualTo(Decision.FROZEN);
    // Mon 2026-03-09 08:00 Europe/Berlin (CET) = 07:00Z
    assertThat(result.retryAt()).isEqualTo(Instant.parse("2026-03-09T07:00:00Z"));
    assertThat(result.reason())
        .startsWith("production is in a deploy freeze Fri 15:00 → Mon 08:00");
  }

  @Test
  void refusingFreezeWinsOverAWaitingOne() {
    PipelineConfig config =
        config(
            ", \"freezeWindows\": ["
                + "{\"environments\": [\"staging\"], \"start\": \"Fri 15:00\", \"end\": \"Mon 08:00\","
                + " \"timeZone\": \"UTC\"},"
                + "{\"environments\": [\"production\"], \"start\": \"Sat 00:00\", \"end\": \"Sun 00:00\","
                + " \"timeZone\": \"UTC\", \"mode\": \"refuse\"}]");

    PrepareResult result =
        Preparation.beforeLock(ModelFixtures.push(), config, SATURDAY).orElseThrow();

    assertThat(result.decision()).isEqualTo(Decision.FROZEN);
    assertThat(result.retryAt()).isNull();
    assertThat(result.reason())
        .startsWith("production")
        .endsWith("deploy refused, re-run it later");
  }

  @Test
  void lockDecisionsMapToPrepareResults() {
    PushEvent push = ModelFixtures.push();
    PipelineConfig config = config("");
    ServiceLock lock = new ServiceLock("hello", "exec-1", push.sha(), WEDNESDAY, null, null);
    QueuedPush newer = new QueuedPush("exec-2", ModelFixtures.BEFORE_SHA, WEDNESDAY);

    PrepareResult proceed =
        Preparation.afterLock(new LockDecision.Acquire(lock, null, "lock was free"), push, config);
    PrepareResult again = Preparation.afterLock(new LockDecision.AlreadyHeld(lock), push, config);
    PrepareResult queued =
        Preparation.afterLock(new LockDecision.Wait(SATURDAY, "waiting"), push, config);
    PrepareResult superseded =
        Preparation.afterLock(new LockDecision.Superseded(newer, "newer"), push, config);

    assertThat(proceed.decision()).isEqualTo(Decision.PROCEED);
    assertThat(proceed.lockId()).isEqualTo("hello/exec-1");
    assertThat(proceed.reason()).isEqualTo("deploying fd48986; lock was free");
    assertThat(again.lockId()).isEqualTo("hello/exec-1");
    assertThat(queued.decision()).isEqualTo(Decision.QUEUED);
    assertThat(queued.retryAt()).isEqualTo(SATURDAY);
    assertThat(superseded.decision()).isEqualTo(Decision.SUPERSEDED);
    assertThat(superseded.lockId()).isNull();
  }
}
