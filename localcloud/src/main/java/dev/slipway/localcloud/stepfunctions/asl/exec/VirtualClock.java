package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;

/**
 * A clock for tests: sleeping (Wait states, retry back-off) jumps time forward at once, while
 * awaiting an outside result (a Task, a callback) lets time pass only when something sleeps or
 * {@link #advance} is called, so timeouts fire exactly when a test says so.
 *
 * <p>Awaiting tasks park until their result arrives or time moves; they hold no monitor and do not
 * poll. Tasks that never get a result (an engine a crash test abandons leaves them behind) must not
 * keep the few virtual-thread carriers busy: polling with {@code Object.wait} on a shared monitor
 * did, and starved every execution thread started later in the same JVM.
 */
public final class VirtualClock implements EngineClock {
  private final AtomicReference<Instant> now;

  /** Completed (and replaced) whenever time moves, so awaiting tasks re-check their deadline. */
  private final AtomicReference<CompletableFuture<Void>> moved =
      new AtomicReference<>(new CompletableFuture<>());

  /** Starts at {@code start}. */
  public VirtualClock(Instant start) {
    this.now = new AtomicReference<>(start);
  }

  @Override
  public Instant now() {
    return now.get();
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    move(t -> deadline.isAfter(t) ? deadline : t);
  }

  @Override
  public boolean await(Future<?> f, Instant deadline) throws InterruptedException {
    while (true) {
      // taken before the checks: a move between the checks and the wait still wakes this task
      CompletableFuture<Void> tick = moved.get();
      if (f.isDone()) {
        return true;
      }
      if (!now().isBefore(deadline)) {
        return f.isDone();
      }
      waitForResultOrMove(f, tick);
    }
  }

  private static void waitForResultOrMove(Future<?> f, CompletableFuture<Void> tick)
      throws InterruptedException {
    try {
      if (f instanceof CompletableFuture<?> cf) {
        CompletableFuture.anyOf(cf, tick).get();
      } else {
        // an outside future we cannot be signalled by: look again shortly
        tick.get(2, TimeUnit.MILLISECONDS);
      }
    } catch (ExecutionException | CancellationException | TimeoutException e) {
      // the result (a failure counts) or the next look decides; the caller checks again
    }
  }

  /** Moves time forward, waking tasks whose timeout has passed. */
  public void advance(Duration d) {
    move(t -> t.plus(d));
  }

  private void move(UnaryOperator<Instant> change) {
    Instant before = now.get();
    Instant after = now.updateAndGet(change);
    if (!after.equals(before)) {
      moved.getAndSet(new CompletableFuture<>()).complete(null);
    }
  }
}
