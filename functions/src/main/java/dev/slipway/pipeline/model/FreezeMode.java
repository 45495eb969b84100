package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** What a deploy does when it meets a freeze window. */
public enum FreezeMode {
  /** Wait until the freeze ends, then continue. */
  WAIT("wait"),
  /** End the run as FROZEN; a person re-runs it with an explicit override. */
  REFUSE("refuse");

  private final String wireName;

  FreezeMode(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in pipeline config JSON. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
