package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** The most image scan findings Verify image accepts, per severity. */
public record ScanThreshold(
    @JsonProperty("maxCritical") Integer maxCritical, @JsonProperty("maxHigh") Integer maxHigh) {

  public ScanThreshold {
    maxCritical = maxCritical == null ? 0 : maxCritical;
    maxHigh = maxHigh == null ? 10 : maxHigh;
    Fields.atLeast("maxCritical", maxCritical, 0);
    Fields.atLeast("maxHigh", maxHigh, 0);
  }

  /** Defaults: no CRITICAL, at most 10 HIGH. */
  public static ScanThreshold defaults() {
    return new ScanThreshold(null, null);
  }
}
