package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Time as the engine sees it. Wait states and retry back-off sleep on it; Task timeouts await on
 * it. {@link #system()} is real time; {@link VirtualClock} lets tests run waits instantly.
 */
public interface EngineClock {
  /** The current time. */
  Instant now();

  /** Blocks until {@code deadline} (a Wait state or a retry interval). */
  void sleepUntil(Instant deadline) throws InterruptedException;

  /** Blocks until {@code f} is done (true) or {@code deadline} has passed (false). */
  boolean await(Future<?> f, Instant deadline) throws InterruptedException;

  /** Real time. */
  static EngineClock system() {
    return SystemClock.INSTANCE;
  }

  /** The wall clock. */
  enum SystemClock implements EngineClock {
    INSTANCE;

    @Override
    public Instant now() {
      return Instant.now();
    }

    @Override
    public void sleepUntil(Instant deadline) throws InterruptedException {
      long ms = Duration.between(Instant.now(), deadline).toMillis();
      if (ms > 0) {
        Thread.sleep(ms);
      }
    }

    @Override
    public boolean await(Future<?> f, Instant deadline) throws InterruptedException {
      long ms = Math.max(0, Duration.between(Instant.now(), deadline).toMillis());
      try {
        f.get(ms, TimeUnit.MILLISECONDS);
        return true;
      } catch (TimeoutException e) {
        return f.isDone();
      } catch (ExecutionException | java.util.concurrent.CancellationException e) {
        return true;
      }
    }
  }
}
