package dev.slipway.localcloud.demo;

import java.time.Duration;
import java.time.Instant;

/**
 * One state of a pipeline execution as the live step view shows it.
 *
 * @param label the state's name, with the canary step's traffic share when it ran in one
 * @param exitedAt {@code null} while the state runs
 */
public record StateSpan(String label, Instant enteredAt, Instant exitedAt, boolean failed) {

  /** How long it ran, or {@code null} while it runs. */
  public Duration duration() {
    return exitedAt == null ? null : Duration.between(enteredAt, exitedAt);
  }

  StateSpan exited(Instant at, boolean failedNow) {
    return new StateSpan(label, enteredAt, at, failedNow);
  }
}
