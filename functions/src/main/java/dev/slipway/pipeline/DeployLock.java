package dev.slipway.pipeline;

import dev.slipway.pipeline.model.QueuedPush;
import dev.slipway.pipeline.model.ReceivedPush;
import dev.slipway.pipeline.model.ServiceLock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Latest-wins deploy serialisation per service: at most one run deploys a service; while it does,
 * newer pushes queue and only the newest queued one deploys next (older queued runs end SUPERSEDED,
 * like GitHub Actions concurrency groups without cancel-in-progress). A run already holding the
 * lock is never cancelled by a newer push.
 *
 * <p>The handler stores the newest {@link QueuedPush} (a conditional write that only moves forward)
 * and the {@link ServiceLock}, reads both, asks {@link #decide}, and writes an acquired lock with
 * the condition that the lock item still is what it read.
 */
public final class DeployLock {
  private final Duration ttl;
  private final Duration pollInterval;

  /**
   * @param ttl how long a lock lives without being released before a waiting run may take it
   * @param pollInterval how long a waiting run sleeps before asking again
   */
  public DeployLock(Duration ttl, Duration pollInterval) {
    if (ttl.isNegative() || ttl.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
      throw new IllegalArgumentException(
          "lock ttl (" + ttl + ") and poll interval (" + pollInterval + ") must be positive");
    }
    this.ttl = ttl;
    this.pollInterval = pollInterval;
  }

  /** Whether the lock holder's execution is still running, as far as the caller knows. */
  public enum HolderStatus {
    RUNNING,
    /** The holder's execution ended without releasing (aborted, timed out, crashed). */
    ENDED,
    UNKNOWN
  }

  /**
   * What a person does about a lock kept after a failed rollback ({@code %s} = the service): the
   * words of the queued run's reason and of the ACTION NEEDED notice.
   */
  public static final String WAY_OUT =
      "restore a good version with `slipway rollback --to <sha>` (it takes the lock over), or fix"
          + " the service by hand and release the lock with `slipway unlock %s --reason <why>`";

  /** What the run should do about the lock. */
  public sealed interface LockDecision {
    /** Write {@code lock}; {@code replacing} is the lock item it must still find (or null). */
    record Acquire(ServiceLock lock, ServiceLock replacing, String reason)
        implements LockDecision {}

    /** This run already holds the lock (a retried Prepare). */
    record AlreadyHeld(ServiceLock lock) implements LockDecision {}

    /** Another run holds the lock: ask again at {@code retryAt}. */
    record Wait(Instant retryAt, String reason) implements LockDecision {}

    /** A newer push is queued: end without deploying. */
    record Superseded(QueuedPush newer, String reason) implements LockDecision {}
  }

  /**
   * Decides for the run {@code me}.
   *
   * @param newest the newest queued push for the service (after {@code me} tried to register)
   * @param current the lock item as read, if any
   * @param holder whether {@code current}'s holder is still running
   */
  public LockDecision decide(
      String service,
      QueuedPush me,
      Optional<QueuedPush> newest,
      Optional<ServiceLock> current,
      HolderStatus holder,
      Instant now) {
    return decide(service, me, newest, current, holder, now, Duration.ZERO);
  }

  /**
   * How long a run waits for the run of a newer push the webhook accepted to start; after that the
   * newer push is taken to start no run (its Prepare skipped it or it was lost) and this one goes
   * on.
   */
  public static final Duration NEWER_RUN_START_GRACE = Duration.ofSeconds(60);

  /** How often a run asks again while it waits for a newer push's run to start. */
  static final Duration NEWER_RUN_POLL = Duration.ofSeconds(3);

  /**
   * Decides for the run {@code me}, first letting a burst of pushes settle: until {@code
   * quietPeriod} after it was received, a run waits (a newer push arriving meanwhile supersedes
   * it), so ten pushes within a second deploy once, the latest.
   */
  public LockDecision decide(
      String service,
      QueuedPush me,
      Optional<QueuedPush> newest,
      Optional<ServiceLock> current,
      HolderStatus holder,
      Instant now,
      Duration quietPeriod) {
    return decide(service, me, newest, Optional.empty(), current, holder, now, quietPeriod);
  }

  /**
   * As {@link #decide(String, QueuedPush, Optional, Optional, HolderStatus, Instant, Duration)},
   * also knowing the newest push the webhook accepted ({@code received}): while that push is newer
   * than {@code me} and its run has not registered yet, {@code me} waits for it (up to {@link
   * #NEWER_RUN_START_GRACE}), so a newer push whose run starts late still supersedes it.
   */
  public LockDecision decide(
      String service,
      QueuedPush me,
      Optional<QueuedPush> newest,
      Optional<ReceivedPush> received,
      Optional<ServiceLock> current,
      HolderStatus holder,
      Instant now,
      Duration quietPeriod) {
    if (current.isPresent() && current.get().heldBy(me.execution())) {
      return new LockDecision.AlreadyHeld(current.get());
    }
    if (newest.isPresent() && newest.get().isNewerThan(me)) {
      return superseded(me, newest.get());
    }
    if (received.isPresent() && awaitsNewerRun(me, newest, received.get(), now)) {
      ReceivedPush newer = received.get();
      return new LockDecision.Wait(
          now.plus(NEWER_RUN_POLL),
          "waiting for the run of the newer push "
              + newer.sha().substring(0, 7)
              + " (received "
              + newer.receivedAt()
              + ") to start: the latest push of "
              + service
              + " deploys");
    }
    Instant settled = me.queuedAt().plus(quietPeriod);
    if (now.isBefore(settled)) {
      return new LockDecision.Wait(
          settled,
          "quiet period: waiting until "
              + settled
              + " for newer pushes of "
              + service
              + " (the latest push deploys)");
    }
    if (current.isEmpty()) {
      return new LockDecision.Acquire(lockFor(service, me, now), null, "lock was free");
    }
    ServiceLock lock = current.get();
    if (lock.needsAttention()) {
      return new LockDecision.Wait(
          now.plus(pollInterval),
          "deploys of "
              + service
              + " are blocked: "
              + lock.reason()
              + "; "
              + WAY_OUT.formatted(service));
    }
    if (lock.expiredAt(now) || holder == HolderStatus.ENDED) {
      String why =
          lock.expiredAt(now)
              ? "lock of " + lock.holderExecution() + " expired at " + lock.expiresAt()
              : "lock holder " + lock.holderExecution() + " ended without releasing it";
      return new LockDecision.Acquire(lockFor(service, me, now), lock, "took over: " + why);
    }
    Instant retryAt = now.plus(pollInterval);
    if (lock.expiresAt() != null && lock.expiresAt().isBefore(retryAt)) {
      retryAt = lock.expiresAt();
    }
    return new LockDecision.Wait(
        retryAt,
        "waiting for "
            + lock.holderExecution()
            + " ("
            + lock.holderSha().substring(0, 7)
            + ") to finish deploying "
            + service);
  }

  /**
   * Decides for a manual rollback {@code me}: as a push without quiet period, except that it takes
   * over a lock kept for a person after a failed rollback. Restoring a known good commit is the way
   * out of that state, so it must not queue behind it.
   */
  public LockDecision decideRollback(
      String service,
      QueuedPush me,
      Optional<QueuedPush> newest,
      Optional<ServiceLock> current,
      HolderStatus holder,
      Instant now) {
    if (current.isPresent()
        && current.get().needsAttention()
        && !current.get().heldBy(me.execution())
        && !isSuperseded(me, newest)) {
      ServiceLock kept = current.get();
      return new LockDecision.Acquire(
          lockFor(service, me, now),
          kept,
          "took over the lock kept since " + kept.acquiredAt() + " (" + kept.reason() + ")");
    }
    return decide(service, me, newest, Optional.empty(), current, holder, now, Duration.ZERO);
  }

  private static boolean awaitsNewerRun(
      QueuedPush me, Optional<QueuedPush> newest, ReceivedPush received, Instant now) {
    boolean newer =
        received.receivedAt().isAfter(me.queuedAt()) && !received.sha().equals(me.sha());
    boolean registered =
        newest.isPresent() && !newest.get().queuedAt().isBefore(received.receivedAt());
    return newer && !registered && now.isBefore(received.receivedAt().plus(NEWER_RUN_START_GRACE));
  }

  /** Whether a run must stop because a newer push is queued (also withdraws an approval). */
  public boolean isSuperseded(QueuedPush me, Optional<QueuedPush> newest) {
    return newest.isPresent() && newest.get().isNewerThan(me);
  }

  /** Whether {@code me} should become the newest queued push (the item only moves forward). */
  public static boolean becomesNewest(QueuedPush me, Optional<QueuedPush> newest) {
    return newest.isEmpty() || me.isNewerThan(newest.get());
  }

  /** Whether {@code execution} may release the lock (only its holder may). */
  public static boolean mayRelease(Optional<ServiceLock> current, String execution) {
    return current.isPresent() && current.get().heldBy(execution);
  }

  private ServiceLock lockFor(String service, QueuedPush me, Instant now) {
    return new ServiceLock(service, me.execution(), me.sha(), now, now.plus(ttl), null);
  }

  private static LockDecision superseded(QueuedPush me, QueuedPush newer) {
    return new LockDecision.Superseded(
        newer,
        "superseded: push of "
            + newer.sha().substring(0, 7)
            + " (received "
            + newer.queuedAt()
            + ") is newer than "
            + me.sha().substring(0, 7)
            + "; the latest push deploys");
  }
}
