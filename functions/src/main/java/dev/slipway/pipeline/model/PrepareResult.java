package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * Prepare's decision, under {@code $.prepare}.
 *
 * @param lockId the id of the per-service lock this run holds; {@code null} unless PROCEED
 * @param retryAt for QUEUED, and for FROZEN in {@link FreezeMode#WAIT}: when to run Prepare again
 *     (the state machine waits until then); {@code null} when a freeze refuses the deploy
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record PrepareResult(
    @JsonProperty("decision") Decision decision,
    @JsonProperty("reason") String reason,
    @JsonProperty("lockId") String lockId,
    @JsonProperty("config") PipelineConfig config,
    @JsonProperty("retryAt") Instant retryAt) {

  public PrepareResult {
    Fields.required("decision", decision);
    Fields.text("reason", reason);
    Fields.required("config", config);
    if (decision == Decision.PROCEED) {
      Fields.text("lockId", lockId);
    }
    if (decision == Decision.QUEUED) {
      Fields.required("retryAt", retryAt);
    }
  }
}
