package dev.slipway.pipeline;

import dev.slipway.pipeline.DeployLock.LockDecision;
import dev.slipway.pipeline.FreezeCalendar.Freeze;
import dev.slipway.pipeline.model.Decision;
import dev.slipway.pipeline.model.FreezeMode;
import dev.slipway.pipeline.model.PipelineConfig;
import dev.slipway.pipeline.model.PrepareResult;
import dev.slipway.pipeline.model.PushEvent;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

/**
 * Prepare's decisions, in order: SKIP (other branch, {@code [skip deploy]}, path filter), FROZEN
 * (any of the service's environments in a freeze), then the deploy lock (PROCEED, QUEUED or
 * SUPERSEDED). Freezes are checked before the lock, so a run waiting out a freeze holds no lock and
 * a newer push supersedes it.
 */
public final class Preparation {
  private Preparation() {}

  /** SKIP or FROZEN, or empty when the run should go on to take the lock. */
  public static Optional<PrepareResult> beforeLock(
      PushEvent push, PipelineConfig config, Instant now) {
    Optional<String> skip = skipReason(push, config);
    if (skip.isPresent()) {
      return Optional.of(new PrepareResult(Decision.SKIP, skip.get(), null, config, null));
    }
    FreezeCalendar calendar = new FreezeCalendar(config.freezeWindows());
    return config.environments().stream()
        .map(env -> calendar.freezeAt(env, now).map(f -> frozen(env, f, config)))
        .flatMap(Optional::stream)
        .max(Comparator.comparing(r -> r.retryAt() == null ? Instant.MAX : r.retryAt()));
  }

  /** PROCEED, QUEUED or SUPERSEDED from the lock decision. */
  public static PrepareResult afterLock(LockDecision lock, PushEvent push, PipelineConfig config) {
    return switch (lock) {
      case LockDecision.Acquire a ->
          new PrepareResult(
              Decision.PROCEED,
              "deploying " + push.shortSha() + "; " + a.reason(),
              a.lock().id(),
              config,
              null);
      case LockDecision.AlreadyHeld h ->
          new PrepareResult(
              Decision.PROCEED,
              "deploying " + push.shortSha() + "; lock already held",
              h.lock().id(),
              config,
              null);
      case LockDecision.Wait w ->
          new PrepareResult(Decision.QUEUED, w.reason(), null, config, w.retryAt());
      case LockDecision.Superseded s ->
          new PrepareResult(Decision.SUPERSEDED, s.reason(), null, config, null);
    };
  }

  /** Why this push does not concern the service, if it does not. */
  static Optional<String> skipReason(PushEvent push, PipelineConfig config) {
    if (!config.branch().equals(push.branch())) {
      return Optional.of(
          "push to " + push.ref() + "; " + config.service() + " deploys branch " + config.branch());
    }
    if (SkipDirective.in(push.commitMessage())) {
      return Optional.of(SkipDirective.REASON);
    }
    if (!new PathFilter(config.paths()).matches(push.changedFiles())) {
      return Optional.of(
          "no changed file under "
              + String.join(", ", config.paths())
              + " (path filter of "
              + config.service()
              + ")");
    }
    return Optional.empty();
  }

  private static PrepareResult frozen(String environment, Freeze freeze, PipelineConfig config) {
    boolean waits = freeze.mode() == FreezeMode.WAIT;
    String reason =
        environment
            + " is in a "
            + freeze.reason()
            + (waits ? "; the run waits and continues then" : "; deploy refused, re-run it later");
    return new PrepareResult(Decision.FROZEN, reason, null, config, waits ? freeze.endsAt() : null);
  }
}
