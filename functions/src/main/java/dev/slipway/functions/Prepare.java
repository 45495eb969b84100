package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.DeployLock;
import dev.slipway.pipeline.DeployLock.HolderStatus;
import dev.slipway.pipeline.DeployLock.LockDecision;
import dev.slipway.pipeline.Preparation;
import dev.slipway.pipeline.model.Decision;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineConfigs;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.PrepareResult;
import dev.slipway.pipeline.model.QueuedPush;
import dev.slipway.pipeline.model.ServiceLock;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.ecr.EcrClient;
import software.amazon.awssdk.services.ecr.model.ImageIdentifier;
import software.amazon.awssdk.services.ecr.model.ImageNotFoundException;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;

/**
 * "Prepare": loads the service's pipeline config and decides SKIP / FROZEN ({@link Preparation})
 * or, through the per-service deploy lock ({@link DeployLock}, latest push wins), PROCEED / QUEUED
 * / SUPERSEDED. A newer push withdraws an older run's pending approval, so an old approval can
 * never promote the wrong commit.
 */
public final class Prepare extends StepHandler<PrepareResult> {
  private static final Logger LOG = LoggerFactory.getLogger(Prepare.class);
  static final String SUPERSEDED = "Slipway.Superseded";

  private final PipelineConfig config;
  private final LockStore locks;
  private final Approvals approvals;
  private final TaskTokens tokens;
  private final SfnClient sfn;
  private final DeployLock deployLock;
  private final DeploymentHistory history;
  private final java.util.function.Supplier<EcrClient> ecr;
  private final Env env;
  private final InstantSource clock;
  private final CancelRequests cancels;

  /** Real clients, built once per container. */
  public Prepare() {
    this(
        AwsClients.dynamoDb(),
        AwsClients.sfn(),
        AwsClients.secrets(),
        // built on first use: only a manual rollback asks ECR, and every push's cold start counts
        AwsClients::ecr,
        Env.system(),
        InstantSource.system());
  }

  Prepare(
      DynamoDbClient dynamo,
      SfnClient sfn,
      SecretsManagerClient secretsManager,
      java.util.function.Supplier<EcrClient> ecr,
      Env env,
      InstantSource clock) {
    super("Prepare");
    this.ecr = ecr;
    this.config = PipelineConfigs.parse(env.required("SLIPWAY_PIPELINE_CONFIG"));
    this.locks = new LockStore(dynamo, env.required("LOCKS_TABLE"));
    this.history = new DeploymentHistory(dynamo, env.required("DEPLOYMENTS_TABLE"));
    this.approvals = new Approvals(dynamo, new Secrets(secretsManager), env, clock);
    this.tokens = new TaskTokens(sfn);
    this.sfn = sfn;
    this.deployLock =
        new DeployLock(
            seconds(env, "LOCK_TTL_SECONDS", Duration.ofHours(3)),
            seconds(env, "LOCK_POLL_SECONDS", Duration.ofSeconds(10)));
    this.env = env;
    this.clock = clock;
    this.cancels = CancelRequests.from(() -> dynamo, env);
  }

  @Override
  protected PrepareResult handle(Step step, Context context) {
    PipelineState state = step.state();
    Optional<CancelRequests.Request> cancel = cancels.find(step.execution());
    if (cancel.isPresent()) {
      PrepareResult cancelled = cancelled(step, cancel.get());
      LOG.info("{}: {}", cancelled.decision(), cancelled.reason());
      return cancelled;
    }
    Instant now = clock.instant();
    QueuedPush me;
    if (state.isManualRollback()) {
      var request = state.manualRollback();
      Optional<PrepareResult> refused = refusedRollback(state);
      if (refused.isPresent()) {
        LOG.info("{}: {}", refused.get().decision(), refused.get().reason());
        return refused.get();
      }
      me =
          new QueuedPush(
              step.execution(), request.toSha(), state.time() == null ? now : state.time());
    } else {
      var push = state.push();
      Optional<PrepareResult> early = Preparation.beforeLock(push, config, now);
      if (early.isPresent()) {
        // this push deploys nothing: older runs waiting for its run to start may go on
        locks.forgetReceived(state.service(), push.sha());
        LOG.info("{}: {}", early.get().decision(), early.get().reason());
        return early.get();
      }
      me =
          new QueuedPush(
              step.execution(), push.sha(), push.receivedAt() == null ? now : push.receivedAt());
    }
    String service = state.service();
    locks.offerNewest(service, me);
    Optional<QueuedPush> newest = locks.newest(service);
    withdrawOlderApproval(service, me, newest);
    Optional<ServiceLock> current = locks.lock(service);
    LockDecision decision =
        state.isManualRollback()
            ? deployLock.decideRollback(service, me, newest, current, holderStatus(current), now)
            : deployLock.decide(
                service,
                me,
                newest,
                locks.received(service),
                current,
                holderStatus(current),
                now,
                Duration.ofSeconds(config.quietPeriodSeconds()));
    if (decision instanceof LockDecision.Acquire acquire
        && !locks.write(acquire.lock(), acquire.replacing())) {
      throw new RetryableStepException(
          "the deploy lock of " + service + " changed while this run took it; deciding again");
    }
    PrepareResult result =
        state.isManualRollback()
            ? manual(decision, state)
            : Preparation.afterLock(decision, state.push(), config);
    LOG.info("{}: {}", result.decision(), result.reason());
    return result;
  }

  /**
   * A run cancelled while it waited in the queue or for a freeze to end ends here, quietly and
   * without deploying: it gives up the lock should it hold one, and stops being the push older runs
   * wait for.
   */
  private PrepareResult cancelled(Step step, CancelRequests.Request request) {
    PipelineState state = step.state();
    locks.release(state.service(), step.execution());
    if (!state.isManualRollback()) {
      locks.forgetReceived(state.service(), state.push().sha());
    }
    return new PrepareResult(
        Decision.SKIP, request.cause() + "; nothing was deployed", null, config, null);
  }

  /**
   * A rollback to a SHA the environment never ran successfully ends here, before the lock: it has
   * nothing to restore, and a run holding the lock for it would block every later push.
   */
  private Optional<PrepareResult> refusedRollback(PipelineState state) {
    var request = state.manualRollback();
    String why;
    if (history.lastGoodOf(state.service(), request.environment(), request.toSha()).isEmpty()) {
      why =
          "that commit never deployed successfully to "
              + request.environment()
              + "; `slipway history` lists the ones that did";
    } else if (imageGone(request.toSha())) {
      why =
          "its image is no longer in ECR ("
              + env.required("ECR_REPOSITORY_NAME")
              + " keeps the newest images only), so its tasks could not start; pick a"
              + " newer commit from `slipway history`";
    } else {
      return Optional.empty();
    }
    String reason =
        "rollback of " + request.environment() + " to " + request.toSha() + " refused: " + why;
    return Optional.of(new PrepareResult(Decision.SKIP, reason, null, config, null));
  }

  /** Whether ECR no longer has the commit's image (its tag is the full SHA). */
  private boolean imageGone(String sha) {
    try {
      return ecr.get()
          .describeImages(
              r ->
                  r.repositoryName(env.required("ECR_REPOSITORY_NAME"))
                      .imageIds(ImageIdentifier.builder().imageTag(sha).build()))
          .imageDetails()
          .isEmpty();
    } catch (ImageNotFoundException gone) {
      return true;
    }
  }

  private PrepareResult manual(LockDecision decision, PipelineState state) {
    String what =
        "rollback of "
            + state.manualRollback().environment()
            + " to "
            + state.manualRollback().toSha().substring(0, 7);
    return switch (decision) {
      case LockDecision.Acquire a ->
          new PrepareResult(
              Decision.PROCEED, what + "; " + a.reason(), a.lock().id(), config, null);
      case LockDecision.AlreadyHeld h ->
          new PrepareResult(
              Decision.PROCEED, what + "; lock already held", h.lock().id(), config, null);
      case LockDecision.Wait w ->
          new PrepareResult(Decision.QUEUED, w.reason(), null, config, w.retryAt());
      case LockDecision.Superseded s ->
          new PrepareResult(Decision.SUPERSEDED, s.reason(), null, config, null);
    };
  }

  /** A newer push ends an older run's wait for approval (it would promote an old commit). */
  private void withdrawOlderApproval(String service, QueuedPush me, Optional<QueuedPush> newest) {
    if (newest.isEmpty() || !newest.get().execution().equals(me.execution())) {
      return;
    }
    var pending = approvals.pending(service);
    if (pending.isEmpty() || pending.get().execution().equals(me.execution())) {
      return;
    }
    if (approvals.consume(service, pending.get().nonce())) {
      tokens.fail(
          pending.get().taskToken(),
          SUPERSEDED,
          "approval of "
              + pending.get().sha().substring(0, 7)
              + " withdrawn: a newer push ("
              + me.sha().substring(0, 7)
              + ") will deploy instead");
      LOG.info("Withdrew the pending approval of {}", pending.get().execution());
    }
  }

  private HolderStatus holderStatus(Optional<ServiceLock> lock) {
    Optional<String> machine = env.optional("STATE_MACHINE_ARN");
    if (lock.isEmpty() || machine.isEmpty()) {
      return HolderStatus.UNKNOWN;
    }
    String executionArn =
        machine.get().replace(":stateMachine:", ":execution:") + ":" + lock.get().holderExecution();
    try {
      var status = sfn.describeExecution(r -> r.executionArn(executionArn)).status();
      return status == software.amazon.awssdk.services.sfn.model.ExecutionStatus.RUNNING
          ? HolderStatus.RUNNING
          : HolderStatus.ENDED;
    } catch (ExecutionDoesNotExistException gone) {
      return HolderStatus.ENDED;
    } catch (RuntimeException e) {
      LOG.warn("Cannot tell whether {} still runs: {}", executionArn, e.getMessage());
      return HolderStatus.UNKNOWN;
    }
  }

  private static Duration seconds(Env env, String name, Duration fallback) {
    return env.optional(name).map(s -> Duration.ofSeconds(Long.parseLong(s))).orElse(fallback);
  }
}
