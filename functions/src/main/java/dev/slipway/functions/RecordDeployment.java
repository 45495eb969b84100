package dev.slipway.functions;

import com.amazonaws.services.lambda.runtime.Context;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.DeploymentResult;
import dev.slipway.pipeline.model.InconclusiveStep;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PipelineState;
import dev.slipway.pipeline.model.Strategy;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * "Record …": writes the run's {@link DeploymentRecord} to the deployment history (the source of
 * the last-known-good pointer and DORA metrics) and releases the service's deploy lock — except
 * after a failed rollback, when the lock stays held with the reason until a person releases it.
 * Runs that deployed nothing (FAILED before a deploy, SUPERSEDED) write no record and return null.
 */
public final class RecordDeployment extends StepHandler<DeploymentRecord> {
  private static final Logger LOG = LoggerFactory.getLogger(RecordDeployment.class);

  /** The error of a canary still INCONCLUSIVE after every bake extension (and no approval). */
  static final String CANARY_INCONCLUSIVE = "Slipway.CanaryInconclusive";

  /** The {@code outcome} values the state machine passes. */
  enum Outcome {
    SUCCEEDED,
    FAILED,
    ROLLED_BACK,
    ROLLBACK_FAILED,
    ROLLED_BACK_ON_REQUEST,
    SUPERSEDED
  }

  private final DeploymentHistory history;
  private final LockStore locks;
  private final InstantSource clock;

  /** Real clients, built once per container. */
  public RecordDeployment() {
    this(AwsClients.dynamoDb(), Env.system(), InstantSource.system());
  }

  RecordDeployment(DynamoDbClient dynamo, Env env, InstantSource clock) {
    super("RecordDeployment");
    this.history = new DeploymentHistory(dynamo, env.required("DEPLOYMENTS_TABLE"));
    this.locks = new LockStore(dynamo, env.required("LOCKS_TABLE"));
    this.clock = clock;
  }

  @Override
  protected DeploymentRecord handle(Step step, Context context) {
    Outcome outcome = outcome(step);
    PipelineState state = step.state();
    DeploymentRecord record =
        switch (outcome) {
          case SUCCEEDED -> deployed(step, state);
          case ROLLED_BACK -> rolledBack(step, state);
          case ROLLBACK_FAILED -> rollbackFailed(step, state);
          case ROLLED_BACK_ON_REQUEST -> onRequest(step, state);
          case FAILED, SUPERSEDED -> null;
        };
    if (record != null) {
      history.record(record);
      LOG.info(
          "Recorded {} of {} to {}: {}",
          record.kind(),
          record.sha(),
          record.environment(),
          record.result());
    }
    if (outcome == Outcome.ROLLBACK_FAILED) {
      keepLock(step, state, record);
    } else if (outcome != Outcome.SUPERSEDED) {
      boolean released = locks.release(state.service(), step.execution());
      LOG.info("Deploy lock of {} released: {}", state.service(), released);
    }
    return record;
  }

  private DeploymentRecord deployed(Step step, PipelineState state) {
    PipelineConfig config = state.prepare().config();
    String environment = config.productionEnvironment();
    DeploymentResult production = state.production();
    Strategy strategy =
        step.text("strategy").map(RecordDeployment::strategy).orElse(config.strategy());
    List<InconclusiveStep> withoutEvidence = state.inconclusiveSteps();
    return record(
        state,
        environment,
        state.push().sha(),
        production,
        strategy,
        DeploymentKind.DEPLOY,
        DeploymentOutcome.SUCCEEDED,
        withoutEvidence.isEmpty()
            ? null
            : withoutEvidence.stream()
                .map(InconclusiveStep::describe)
                .collect(Collectors.joining("; ")),
        step.execution(),
        !withoutEvidence.isEmpty());
  }

  private DeploymentRecord rolledBack(Step step, PipelineState state) {
    String environment = step.text("environment").orElseGet(() -> state.rollback().environment());
    // `slipway cancel`: the rollback undid a decision, not a failed change
    boolean cancelled = CancelRequests.isCancel(state.failure());
    return record(
        state,
        environment,
        state.push().sha(),
        deployedTo(state, environment),
        DeployService.strategyFor(state.prepare().config(), environment),
        DeploymentKind.DEPLOY,
        cancelled ? DeploymentOutcome.CANCELLED : DeploymentOutcome.ROLLED_BACK,
        cancelled
            ? CancelRequests.why(state.failure()) + "; " + environment + " rolled back"
            : failure(state),
        step.execution(),
        !cancelled && inconclusiveOnly(state, environment));
  }

  /**
   * Whether the rollback's only cause was a canary still INCONCLUSIVE after every bake extension
   * (policy {@code rollback}, or a pause nobody answered): not a change failure in DORA.
   */
  static boolean inconclusiveOnly(PipelineState state, String environment) {
    return state.failure() != null
        && CANARY_INCONCLUSIVE.equals(state.failure().error())
        && environment.equals(state.prepare().config().productionEnvironment());
  }

  private DeploymentRecord rollbackFailed(Step step, PipelineState state) {
    String environment =
        step.text("environment")
            .orElseGet(
                () ->
                    state.isManualRollback()
                        ? state.manualRollback().environment()
                        : state.prepare().config().productionEnvironment());
    String sha = state.isManualRollback() ? state.manualRollback().toSha() : state.push().sha();
    String why =
        state.rollbackFailure() != null
            ? state.rollbackFailure().cause()
            : step.node("rollbackFailure")
                .map(n -> n.path("Cause").asText())
                .orElse(failure(state));
    return record(
        state,
        environment,
        sha,
        state.isManualRollback() ? null : deployedTo(state, environment),
        DeployService.strategyFor(state.prepare().config(), environment),
        state.isManualRollback() ? DeploymentKind.ROLLBACK : DeploymentKind.DEPLOY,
        DeploymentOutcome.FAILED,
        "rollback failed: " + why,
        step.execution(),
        false);
  }

  private DeploymentRecord onRequest(Step step, PipelineState state) {
    var request = state.manualRollback();
    var rollback = state.rollback();
    String environment = step.text("environment").orElse(request.environment());
    String image = rollback == null ? null : rollback.restoredImage();
    return new DeploymentRecord(
        state.service(),
        environment,
        rollback != null && rollback.restoredSha() != null
            ? rollback.restoredSha()
            : request.toSha(),
        digestOf(image),
        rollback == null ? null : rollback.restoredTaskDefinitionArn(),
        DeployService.strategyFor(state.prepare().config(), environment),
        DeploymentKind.ROLLBACK,
        DeploymentOutcome.SUCCEEDED,
        startedAt(state),
        clock.instant(),
        null,
        step.execution(),
        request.reason());
  }

  private DeploymentRecord record(
      PipelineState state,
      String environment,
      String sha,
      DeploymentResult deployment,
      Strategy strategy,
      DeploymentKind kind,
      DeploymentOutcome result,
      String reason,
      String execution,
      boolean inconclusiveCanary) {
    return new DeploymentRecord(
        state.service(),
        environment,
        sha,
        state.image() == null ? null : state.image().digest(),
        deployment == null ? null : deployment.taskDefinitionArn(),
        strategy,
        kind,
        result,
        startedAt(state),
        clock.instant(),
        state.isManualRollback() ? null : state.push().commitTimestamp(),
        execution,
        reason,
        inconclusiveCanary);
  }

  private void keepLock(Step step, PipelineState state, DeploymentRecord record) {
    var lock = locks.lock(state.service());
    if (lock.isPresent() && lock.get().heldBy(step.execution())) {
      String why = record == null ? "rollback failed" : record.reason();
      boolean kept = locks.write(lock.get().keptForAttention(why), lock.get());
      LOG.warn(
          "Deploy lock of {} kept for a person to release ({}): {}", state.service(), kept, why);
    }
  }

  /** When the run started: the push's arrival (so the record's duration is the pipeline's). */
  private Instant startedAt(PipelineState state) {
    Instant now = clock.instant();
    Instant start =
        !state.isManualRollback() && state.push().receivedAt() != null
            ? state.push().receivedAt()
            : state.time();
    return start == null || start.isAfter(now) ? now : start;
  }

  private static DeploymentResult deployedTo(PipelineState state, String environment) {
    return environment.equals(state.prepare().config().productionEnvironment())
        ? state.production()
        : state.staging();
  }

  private static String failure(PipelineState state) {
    if (state.failure() == null) {
      return "pipeline failed";
    }
    String cause = state.failure().cause();
    return cause == null || cause.isBlank() ? state.failure().error() : cause;
  }

  private static String digestOf(String image) {
    if (image == null || !image.contains("@")) {
      return null;
    }
    return image.substring(image.indexOf('@') + 1);
  }

  private static Outcome outcome(Step step) {
    String value =
        step.text("outcome")
            .orElseThrow(() -> new IllegalStateException("RecordDeployment needs \"outcome\""));
    try {
      return Outcome.valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "outcome '" + value + "' is not one of " + Arrays.toString(Outcome.values()), e);
    }
  }

  private static Strategy strategy(String wireName) {
    for (Strategy strategy : Strategy.values()) {
      if (strategy.wireName().equals(wireName)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "strategy '" + wireName + "' is not one of rolling, blue-green, canary");
  }
}
