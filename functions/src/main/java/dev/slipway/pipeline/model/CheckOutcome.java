package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * One smoke check's last attempt.
 *
 * @param status the HTTP status received; 0 when no response arrived
 * @param detail why it failed (or {@code null} when it passed)
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckOutcome(
    @JsonProperty("path") String path,
    @JsonProperty("expectedStatus") int expectedStatus,
    @JsonProperty("status") int status,
    @JsonProperty("passed") boolean passed,
    @JsonProperty("detail") String detail) {

  public CheckOutcome {
    Fields.text("path", path);
  }
}
