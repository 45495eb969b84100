package dev.slipway.pipeline;

import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Exponential backoff with equal jitter inside a bounded window, for retries inside one step (e.g.
 * smoke checks while a new task warms up). Randomness is passed in, so tests are exact.
 *
 * @param initial the first delay before jitter
 * @param factor growth per attempt (at least 1)
 * @param max the largest delay before jitter
 * @param window no retry starts after this much time since the first attempt
 */
public record Backoff(Duration initial, double factor, Duration max, Duration window) {

  public Backoff {
    if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0 || factor < 1) {
      throw new IllegalArgumentException(
          "backoff needs 0 < initial ("
              + initial
              + ") <= max ("
              + max
              + ") and factor >= 1 ("
              + factor
              + ")");
    }
  }

  /**
   * How long to wait before the next attempt, or empty when the window is used up.
   *
   * @param attempts attempts made so far (at least 1)
   * @param elapsed time since the first attempt started
   */
  public Optional<Duration> next(int attempts, Duration elapsed, RandomGenerator random) {
    double grown = initial.toMillis() * Math.pow(factor, Math.max(0, attempts - 1));
    long ceiling = (long) Math.min(grown, max.toMillis());
    // equal jitter: half fixed so retries keep spacing, half random so callers do not align
    long delay = ceiling / 2 + random.nextLong(ceiling / 2 + 1);
    Duration wait = Duration.ofMillis(delay);
    if (elapsed.plus(wait).compareTo(window) > 0) {
      return Optional.empty();
    }
    return Optional.of(wait);
  }
}
