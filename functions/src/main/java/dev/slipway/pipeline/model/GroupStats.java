package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * Summary of one target group's traffic during a bake.
 *
 * @param latencyMedianMs {@code null} without latency samples
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record GroupStats(
    @JsonProperty("requests") long requests,
    @JsonProperty("errors") long errors,
    @JsonProperty("errorRate") double errorRate,
    @JsonProperty("latencySamples") int latencySamples,
    @JsonProperty("latencyMedianMs") Double latencyMedianMs,
    @JsonProperty("latencyP99Ms") Double latencyP99Ms) {

  public GroupStats {
    if (requests < 0 || errors < 0 || errors > requests) {
      throw new InvalidFieldException(
          "errors", errors + " errors out of " + requests + " requests is not possible");
    }
  }
}
