package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One HTTP check against an environment's URL: {@code GET path} → status (and body text). */
public record SmokeCheck(
    @JsonProperty("path") String path,
    @JsonProperty("expectedStatus") Integer expectedStatus,
    @JsonProperty("bodyContains") String bodyContains) {

  public SmokeCheck {
    Fields.text("path", path);
    if (!path.startsWith("/")) {
      throw new InvalidFieldException("path", "'" + path + "' must start with '/'");
    }
    expectedStatus = expectedStatus == null ? 200 : expectedStatus;
    if (expectedStatus < 100 || expectedStatus > 599) {
      throw new InvalidFieldException(
          "expectedStatus", expectedStatus + " is not an HTTP status (100..599)");
    }
  }
}
