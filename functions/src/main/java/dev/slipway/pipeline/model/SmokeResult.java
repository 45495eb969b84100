package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.time.Instant;
import java.util.List;

/** The smoke test of one environment, under {@code $.stagingSmoke} / {@code $.productionSmoke}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record SmokeResult(
    @JsonProperty("environment") String environment,
    @JsonProperty("url") String url,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("attempts") int attempts,
    @JsonProperty("checks") List<CheckOutcome> checks,
    @JsonProperty("checkedAt") Instant checkedAt) {

  public SmokeResult {
    Fields.text("environment", environment);
    Fields.text("url", url);
    checks = Fields.list(checks);
  }
}
