package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Duration;
import java.time.Instant;

/**
 * One row of the deployment history (DynamoDB), under {@code $.record}: source of the
 * last-known-good pointer and of DORA metrics.
 *
 * @param sha for {@link DeploymentKind#ROLLBACK}, the commit that was restored
 * @param commitTimestamp when the commit was made; lead time starts here
 * @param reason why it failed or was rolled back; {@code null} on success
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record DeploymentRecord(
    @JsonProperty("service") String service,
    @JsonProperty("environment") String environment,
    @JsonProperty("sha") String sha,
    @JsonProperty("imageDigest") String imageDigest,
    @JsonProperty("taskDefinitionArn") String taskDefinitionArn,
    @JsonProperty("strategy") Strategy strategy,
    @JsonProperty("kind") DeploymentKind kind,
    @JsonProperty("result") DeploymentOutcome result,
    @JsonProperty("startedAt") Instant startedAt,
    @JsonProperty("finishedAt") Instant finishedAt,
    @JsonProperty("commitTimestamp") Instant commitTimestamp,
    @JsonProperty("executionName") String executionName,
    @JsonProperty("reason") String reason) {

  public DeploymentRecord {
    Fields.text("service", service);
    Fields.text("environment", environment);
    Fields.sha("sha", sha);
    if (imageDigest != null) {
      Fields.digest("imageDigest", imageDigest);
    }
    Fields.required("strategy", strategy);
    Fields.required("kind", kind);
    Fields.required("result", result);
    Fields.required("startedAt", startedAt);
    Fields.required("finishedAt", finishedAt);
    if (finishedAt.isBefore(startedAt)) {
      throw new InvalidFieldException(
          "finishedAt", finishedAt + " is before startedAt " + startedAt);
    }
    Fields.text("executionName", executionName);
  }

  /** Wall-clock time from start to finish. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
