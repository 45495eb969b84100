package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/** Image scan findings per severity (ECR's {@code findingSeverityCounts}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FindingCounts(
    @JsonProperty("critical") int critical,
    @JsonProperty("high") int high,
    @JsonProperty("medium") int medium,
    @JsonProperty("low") int low,
    @JsonProperty("informational") int informational,
    @JsonProperty("undefined") int undefined) {

  /** No findings. */
  public static final FindingCounts NONE = new FindingCounts(0, 0, 0, 0, 0, 0);

  public FindingCounts {
    Fields.atLeast("critical", critical, 0);
    Fields.atLeast("high", high, 0);
    Fields.atLeast("medium", medium, 0);
    Fields.atLeast("low", low, 0);
    Fields.atLeast("informational", informational, 0);
    Fields.atLeast("undefined", undefined, 0);
  }
}
