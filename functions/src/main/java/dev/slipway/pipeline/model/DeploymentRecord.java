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
 * @param reason why it failed or was rolled back; {@code null} on success, except for a canary
 *     promoted on an INCONCLUSIVE analysis, where it says which steps passed without evidence
 * @param inconclusiveCanary {@code true} when a canary step ran out of bake extensions still
 *     INCONCLUSIVE: on a {@link DeploymentOutcome#ROLLED_BACK} record, the rollback had no other
 *     cause (not a change failure); on a {@link DeploymentOutcome#SUCCEEDED} one, the step was
 *     promoted by the {@code inconclusiveCanary} policy or a person's approval. Absent (read as
 *     {@code false}) in records written before the field existed and in all other records.
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
    @JsonProperty("reason") String reason,
    @JsonProperty("inconclusiveCanary") Boolean inconclusiveCanary) {

  public DeploymentRecord {
    // only true is written: every other record keeps the JSON it always had
    inconclusiveCanary = Boolean.TRUE.equals(inconclusiveCanary) ? Boolean.TRUE : null;
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

  /** A record of a run whose canary analysis was never INCONCLUSIVE to the end. */
  public DeploymentRecord(
      String service,
      String environment,
      String sha,
      String imageDigest,
      String taskDefinitionArn,
      Strategy strategy,
      DeploymentKind kind,
      DeploymentOutcome result,
      Instant startedAt,
      Instant finishedAt,
      Instant commitTimestamp,
      String executionName,
      String reason) {
    this(
        service,
        environment,
        sha,
        imageDigest,
        taskDefinitionArn,
        strategy,
        kind,
        result,
        startedAt,
        finishedAt,
        commitTimestamp,
        executionName,
        reason,
        null);
  }

  /** Whether a canary step ran out of evidence (see {@code inconclusiveCanary}). */
  public boolean wasInconclusiveCanary() {
    return inconclusiveCanary != null;
  }

  /**
   * A rollback whose only cause was an INCONCLUSIVE canary: nothing showed the change to be bad, so
   * DORA does not count it as a change failure (nor as a deploy).
   */
  public boolean inconclusiveRollback() {
    return result == DeploymentOutcome.ROLLED_BACK && wasInconclusiveCanary();
  }

  /** Wall-clock time from start to finish. */
  public Duration duration() {
    return Duration.between(startedAt, finishedAt);
  }
}
