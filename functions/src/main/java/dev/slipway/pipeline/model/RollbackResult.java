package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;

/**
 * What Roll back restored, under {@code $.rollback}.
 *
 * @param restoredSha the last-known-good commit now serving; {@code null} if none was known
 * @param reason why the rollback happened, or why it failed
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record RollbackResult(
    @JsonProperty("environment") String environment,
    @JsonProperty("succeeded") boolean succeeded,
    @JsonProperty("restoredSha") String restoredSha,
    @JsonProperty("restoredTaskDefinitionArn") String restoredTaskDefinitionArn,
    @JsonProperty("restoredImage") String restoredImage,
    @JsonProperty("trafficPercentOnNew") int trafficPercentOnNew,
    @JsonProperty("reason") String reason,
    @JsonProperty("finishedAt") Instant finishedAt) {

  public RollbackResult {
    Fields.text("environment", environment);
    Fields.optionalSha("restoredSha", restoredSha);
    Fields.percent("trafficPercentOnNew", trafficPercentOnNew);
    Fields.text("reason", reason);
  }
}
