package dev.slipway.hello;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Decides which API requests fail: exactly {@code percent} of every 100 consecutive requests,
 * spread evenly (request n fails when ⌊(n+1)·p/100⌋ > ⌊n·p/100⌋), so a canary analysis sees a
 * steady error rate rather than random bursts.
 */
final class FailureSchedule {
  private final int percent;
  private final AtomicLong counter = new AtomicLong();

  FailureSchedule(int percent) {
    this.percent = percent;
  }

  /** Whether the next request should fail. */
  boolean nextFails() {
    long n = counter.getAndIncrement();
    return (n + 1) * percent / 100 > n * percent / 100;
  }
}
