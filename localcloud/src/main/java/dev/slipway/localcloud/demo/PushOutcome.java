package dev.slipway.localcloud.demo;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one push of the demo did: its pipeline run, state by state, the load balancer's failed
 * requests while it ran, and which version served afterwards.
 *
 * @param status the execution's final status ({@code SUCCEEDED}, {@code FAILED}, …)
 * @param endState the last state entered (e.g. {@code Deployed}, {@code Rolled back})
 * @param cause the failure's cause for a failed run, else {@code null}
 * @param load requests through the production load balancer during the run; {@code null} when no
 *     load ran (before the first version served)
 * @param servingAfter the version most answers reported right after the run
 */
public record PushOutcome(
    String label,
    String sha,
    String executionName,
    String status,
    String endState,
    String cause,
    Instant pushedAt,
    Instant endedAt,
    List<StateSpan> states,
    LoadCounts load,
    String servingAfter) {

  public PushOutcome {
    states = List.copyOf(states);
  }

  /** Push to end of the pipeline run. */
  public Duration duration() {
    return Duration.between(pushedAt, endedAt);
  }
}
