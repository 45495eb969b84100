package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * The finished CodeBuild build, under {@code $.build}.
 *
 * @param status CodeBuild's build status: SUCCEEDED, FAILED, FAULT, TIMED_OUT, STOPPED
 * @param imageTag the tag pushed to ECR: the full git SHA
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record BuildResult(
    @JsonProperty("buildId") String buildId,
    @JsonProperty("status") String status,
    @JsonProperty("imageTag") String imageTag,
    @JsonProperty("logsUrl") String logsUrl,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("finishedAt") Instant finishedAt) {

  public BuildResult {
    Fields.text("buildId", buildId);
    Fields.text("status", status);
  }

  /** Whether CodeBuild reported SUCCEEDED. */
  public boolean succeeded() {
    return "SUCCEEDED".equals(status);
  }
}
