package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Future;

/**
 * A clock for tests: sleeping (Wait states, retry back-off) jumps time forward at once, while
 * awaiting an outside result (a Task, a callback) lets time pass only when something sleeps or
 * {@link #advance} is called, so timeouts fire exactly when a test says so.
 */
public final class VirtualClock implements EngineClock {
  private Instant now;

  /** Starts at {@code start}. */
  public VirtualClock(Instant start) {
    this.now = start;
  }

  @Override
  public synchronized Instant now() {
    return now;
  }

  @Override
  public void sleepUntil(Instant deadline) throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    synchronized (this) {
      if (deadline.isAfter(now)) {
        now = deadline;
        notifyAll();
      }
    }
  }

  @Override
  public boolean await(Future<?> f, Instant deadline) throws InterruptedException {
    while (true) {
      if (f.isDone()) {
        return true;
      }
      synchronized (this) {
        if (!now.isBefore(deadline)) {
          return f.isDone();
        }
        wait(2);
      }
    }
  }

  /** Moves time forward, waking tasks whose timeout has passed. */
  public synchronized void advance(Duration d) {
    now = now.plus(d);
    notifyAll();
  }
}
