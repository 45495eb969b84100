package dev.slipway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.pipeline.DeployLock.HolderStatus;
import dev.slipway.pipeline.DeployLock.LockDecision;
import dev.slipway.pipeline.DeployLock.LockDecision.Acquire;
import dev.slipway.pipeline.DeployLock.LockDecision.AlreadyHeld;
import dev.slipway.pipeline.DeployLock.LockDecision.Superseded;
import dev.slipway.pipeline.DeployLock.LockDecision.Wait;
import dev.slipway.pipeline.model.QueuedPush;
import dev.slipway.pipeline.model.ReceivedPush;
import dev.slipway.pipeline.model.ServiceLock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DeployLockTest {
  private static final Instant T0 = Instant.parse("2026-03-02T09:00:00Z");
  private static final DeployLock LOCK =
      new DeployLock(Duration.ofHours(6), Duration.ofSeconds(30));
  private static final QueuedPush A = push("hello-aaaaaaa-1", 'a', 0);
  private static final QueuedPush B = push("hello-bbbbbbb-2", 'b', 60);
  private static final QueuedPush C = push("hello-ccccccc-3", 'c', 120);

  static QueuedPush push(String execution, char shaChar, int secondsAfterT0) {
    return new QueuedPush(
        execution, String.valueOf(shaChar).repeat(40), T0.plusSeconds(secondsAfterT0));
  }

  private LockDecision decide(
      QueuedPush me, QueuedPush newest, ServiceLock lock, HolderStatus s, Instant now) {
    return LOCK.decide("hello", me, Optional.ofNullable(newest), Optional.ofNullable(lock), s, now);
  }

  /**
   * Ten pushes in a second, the latest one's Prepare on a cold instance: its run registers 19 s
   * after its webhook, long after the quiet period of the push before it ended. The older run must
   * wait for it, not take the lock and deploy first.
   */
  @Test
  void olderRunWaitsForTheRunOfANewerReceivedPushThenIsSuperseded() {
    ReceivedPush cReceived = new ReceivedPush(C.sha(), C.queuedAt());
    Duration quiet = Duration.ofSeconds(5);
    Instant afterQuiet = B.queuedAt().plusSeconds(6);

    LockDecision waiting =
        LOCK.decide(
            "hello",
            B,
            Optional.of(B),
            Optional.of(cReceived),
            Optional.empty(),
            HolderStatus.UNKNOWN,
            afterQuiet,
            quiet);
    assertThat(waiting).isInstanceOf(Wait.class);
    assertThat(((Wait) waiting).reason()).contains("newer push cccccc");
    assertThat(((Wait) waiting).retryAt()).isEqualTo(afterQuiet.plus(DeployLock.NEWER_RUN_POLL));

    // once C's run registered as the newest, B is superseded
    assertThat(
            LOCK.decide(
                "hello",
                B,
                Optional.of(C),
                Optional.of(cReceived),
                Optional.empty(),
                HolderStatus.UNKNOWN,
                afterQuiet,
                quiet))
        .isInstanceOf(Superseded.class);
    // a newer push whose run never starts holds nobody up for longer than the grace period
    assertThat(
            LOCK.decide(
                "hello",
                B,
                Optional.of(B),
                Optional.of(cReceived),
                Optional.empty(),
                HolderStatus.UNKNOWN,
                C.queuedAt().plus(DeployLock.NEWER_RUN_START_GRACE),
                quiet))
        .isInstanceOf(Acquire.class);
    // the received push is this run's own (or an older one): nothing to wait for
    assertThat(
            LOCK.decide(
                "hello",
                C,
                Optional.of(C),
                Optional.of(cReceived),
                Optional.empty(),
                HolderStatus.UNKNOWN,
                C.queuedAt().plusSeconds(6),
                quiet))
        .isInstanceOf(Acquire.class);
  }

  @Test
  void freeLockIsAcquiredWithTheTtl() {
    LockDecision decision = decide(A, A, null, HolderStatus.UNKNOWN, T0);

    assertThat(decision).isInstanceOf(Acquire.class);
    ServiceLock lock = ((Acquire) decision).lock();
    assertThat(lock.holderExecution()).isEqualTo(A.execution());
    assertThat(lock.expiresAt()).isEqualTo(T0.plus(Duration.ofHours(6)));
    assertThat(lock.id()).isEqualTo("hello/hello-aaaaaaa-1");
    assertThat(((Acquire) decision).replacing()).isNull();
  }

  @Test
  void retriedPrepareOfTheHolderKeepsItsLockEvenIfANewerPushIsQueued() {
    ServiceLock held = lockOf(A, T0);

    assertThat(decide(A, B, held, HolderStatus.RUNNING, T0.plusSeconds(90)))
        .isEqualTo(new AlreadyHeld(held));
  }

  @Test
  void olderRunEndsSupersededWhenANewerPushIsQueued() {
    LockDecision decision = decide(B, C, lockOf(A, T0), HolderStatus.RUNNING, T0.plusSeconds(150));

    assertThat(decision).isInstanceOf(Superseded.class);
    assertThat(((Superseded) decision).newer()).isEqualTo(C);
    assertThat(((Superseded) decision).reason())
        .isEqualTo(
            "superseded: push of ccccccc (received 2026-03-02T09:02:00Z) is newer than bbbbbbb;"
                + " the latest push deploys");
  }

  @Test
  void newestRunWaitsForTheHolder() {
    LockDecision decision = decide(B, B, lockOf(A, T0), HolderStatus.RUNNING, T0.plusSeconds(90));

    assertThat(decision)
        .isEqualTo(
            new Wait(
                T0.plusSeconds(120),
                "waiting for hello-aaaaaaa-1 (aaaaaaa) to finish deploying hello"));
  }

  @Test
  void waitNeverSleepsPastTheLockExpiry() {
    ServiceLock lock = lockOf(A, T0);
    Instant now = lock.expiresAt().minusSeconds(10);

    assertThat(((Wait) decide(B, B, lock, HolderStatus.RUNNING, now)).retryAt())
        .isEqualTo(lock.expiresAt());
  }

  @Test
  void staleLockIsTakenOverAfterItsExpiry() {
    ServiceLock stale = lockOf(A, T0);

    LockDecision decision = decide(B, B, stale, HolderStatus.UNKNOWN, stale.expiresAt());

    assertThat(decision).isInstanceOf(Acquire.class);
    assertThat(((Acquire) decision).replacing()).isEqualTo(stale);
    assertThat(((Acquire) decision).reason()).contains("expired at " + stale.expiresAt());
  }

  @Test
  void lockOfAnEndedHolderIsTakenOverBeforeItsExpiry() {
    LockDecision decision = decide(B, B, lockOf(A, T0), HolderStatus.ENDED, T0.plusSeconds(90));

    assertThat(decision).isInstanceOf(Acquire.class);
    assertThat(((Acquire) decision).reason()).contains("ended without releasing it");
  }

  @Test
  void lockKeptAfterAFailedRollbackIsNeverTakenOver() {
    ServiceLock kept = lockOf(A, T0).keptForAttention("rollback of production failed");

    LockDecision decision = decide(B, B, kept, HolderStatus.ENDED, T0.plus(Duration.ofDays(3)));

    assertThat(decision).isInstanceOf(Wait.class);
    assertThat(((Wait) decision).reason()).contains("rollback of production failed");
  }

  @Test
  void theQueuedRunsReasonNamesTheWaysOut() {
    ServiceLock kept = lockOf(A, T0).keptForAttention("rollback of production failed");

    Wait wait = (Wait) decide(B, B, kept, HolderStatus.ENDED, T0.plusSeconds(90));

    assertThat(wait.reason()).contains("slipway rollback --to").contains("slipway unlock hello");
  }

  @Test
  void aManualRollbackTakesOverALockKeptAfterAFailedRollback() {
    ServiceLock kept = lockOf(A, T0).keptForAttention("rollback of production failed");

    LockDecision decision =
        LOCK.decideRollback(
            "hello", B, Optional.of(B), Optional.of(kept), HolderStatus.ENDED, T0.plusSeconds(90));

    assertThat(decision).isInstanceOf(Acquire.class);
    Acquire acquire = (Acquire) decision;
    assertThat(acquire.replacing()).isEqualTo(kept);
    assertThat(acquire.lock().heldBy(B.execution())).isTrue();
    assertThat(acquire.lock().needsAttention()).isFalse();
    assertThat(acquire.reason()).contains("rollback of production failed");
  }

  @Test
  void aManualRollbackWaitsForARunningDeployLikeAPush() {
    LockDecision decision =
        LOCK.decideRollback(
            "hello",
            B,
            Optional.of(B),
            Optional.of(lockOf(A, T0)),
            HolderStatus.RUNNING,
            T0.plusSeconds(90));

    assertThat(decision).isInstanceOf(Wait.class);
  }

  @Test
  void aSupersededManualRollbackDoesNotTakeOverTheKeptLock() {
    ServiceLock kept = lockOf(A, T0).keptForAttention("rollback of production failed");

    LockDecision decision =
        LOCK.decideRollback(
            "hello", B, Optional.of(C), Optional.of(kept), HolderStatus.ENDED, T0.plusSeconds(150));

    assertThat(decision).isInstanceOf(Superseded.class);
  }

  @Test
  void newestMovesOnlyForward() {
    assertThat(DeployLock.becomesNewest(B, Optional.empty())).isTrue();
    assertThat(DeployLock.becomesNewest(B, Optional.of(A))).isTrue();
    assertThat(DeployLock.becomesNewest(A, Optional.of(B))).isFalse();
    assertThat(DeployLock.becomesNewest(B, Optional.of(B))).isFalse();
  }

  @Test
  void samePushTimeIsOrderedByExecutionName() {
    QueuedPush x = push("hello-x", 'a', 0);
    QueuedPush y = push("hello-y", 'b', 0);

    assertThat(y.isNewerThan(x)).isTrue();
    assertThat(LOCK.isSuperseded(x, Optional.of(y))).isTrue();
    assertThat(LOCK.isSuperseded(y, Optional.of(x))).isFalse();
  }

  @Test
  void onlyTheHolderMayRelease() {
    Optional<ServiceLock> lock = Optional.of(lockOf(A, T0));

    assertThat(DeployLock.mayRelease(lock, A.execution())).isTrue();
    assertThat(DeployLock.mayRelease(lock, B.execution())).isFalse();
    assertThat(DeployLock.mayRelease(Optional.empty(), A.execution())).isFalse();
  }

  @Test
  void threePushesInARowDeployTheFirstAndTheLast() {
    var store = new Store();
    assertThat(store.prepare(A, T0)).isInstanceOf(Acquire.class);
    assertThat(store.prepare(B, T0.plusSeconds(60))).isInstanceOf(Wait.class);
    assertThat(store.prepare(C, T0.plusSeconds(120))).isInstanceOf(Wait.class);
    // B wakes up: C is newer
    assertThat(store.prepare(B, T0.plusSeconds(150))).isInstanceOf(Superseded.class);
    store.release(A);
    assertThat(store.prepare(C, T0.plusSeconds(180))).isInstanceOf(Acquire.class);
    assertThat(store.lock.holderExecution()).isEqualTo(C.execution());
  }

  @Test
  void rejectsNonPositiveTimings() {
    assertThatThrownBy(() -> new DeployLock(Duration.ZERO, Duration.ofSeconds(1)))
        .hasMessageContaining("must be positive");
  }

  private static ServiceLock lockOf(QueuedPush push, Instant at) {
    return new ServiceLock(
        "hello", push.execution(), push.sha(), at, at.plus(Duration.ofHours(6)), null);
  }

  /** The two lock-table items, updated the way the Prepare handler does. */
  private static final class Store {
    QueuedPush newest;
    ServiceLock lock;

    LockDecision prepare(QueuedPush me, Instant now) {
      if (DeployLock.becomesNewest(me, Optional.ofNullable(newest))) {
        newest = me;
      }
      LockDecision decision =
          LOCK.decide(
              "hello",
              me,
              Optional.ofNullable(newest),
              Optional.ofNullable(lock),
              HolderStatus.RUNNING,
              now);
      if (decision instanceof Acquire acquire) {
        assertThat(lock).isEqualTo(acquire.replacing());
        lock = acquire.lock();
      }
      return decision;
    }

    void release(QueuedPush holder) {
      assertThat(DeployLock.mayRelease(Optional.ofNullable(lock), holder.execution())).isTrue();
      lock = null;
    }
  }

  @Test
  void aPushWaitsOutTheQuietPeriodBeforeTakingAFreeLock() {
    Duration quiet = Duration.ofSeconds(5);
    LockDecision early =
        LOCK.decide(
            "hello",
            A,
            Optional.of(A),
            Optional.empty(),
            HolderStatus.UNKNOWN,
            T0.plusSeconds(2),
            quiet);
    LockDecision settled =
        LOCK.decide(
            "hello",
            A,
            Optional.of(A),
            Optional.empty(),
            HolderStatus.UNKNOWN,
            T0.plusSeconds(5),
            quiet);

    assertThat(early).isInstanceOf(Wait.class);
    assertThat(((Wait) early).retryAt()).isEqualTo(T0.plusSeconds(5));
    assertThat(((Wait) early).reason()).contains("quiet period");
    assertThat(settled).isInstanceOf(Acquire.class);
  }

  /**
   * Ten pushes 100 ms apart, each run asking again when its quiet period ends: exactly one takes
   * the lock, the newest; every other one ends superseded.
   */
  @Test
  void aBurstOfTenPushesDeploysOnlyTheLatest() {
    Duration quiet = Duration.ofSeconds(5);
    List<QueuedPush> burst = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      burst.add(
          new QueuedPush(
              "hello-burst-" + i, Integer.toHexString(i).repeat(40), T0.plusMillis(100L * i)));
    }
    QueuedPush newest = burst.getLast();
    List<String> acquired = new ArrayList<>();
    int superseded = 0;
    for (QueuedPush me : burst) {
      Instant retry = me.queuedAt().plus(quiet);
      LockDecision decision =
          LOCK.decide(
              "hello",
              me,
              Optional.of(newest),
              Optional.empty(),
              HolderStatus.UNKNOWN,
              retry,
              quiet);
      switch (decision) {
        case Acquire a -> acquired.add(a.lock().holderSha());
        case Superseded s -> superseded++;
        default -> throw new AssertionError("unexpected " + decision);
      }
    }

    assertThat(acquired).containsExactly(newest.sha());
    assertThat(superseded).isEqualTo(9);
  }
}
