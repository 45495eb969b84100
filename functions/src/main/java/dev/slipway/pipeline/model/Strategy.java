package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonValue;

/** How production receives a new revision. */
public enum Strategy {
  /** ECS rolling update, as staging. */
  ROLLING("rolling"),
  /** Green service tested on the test listener, then the listener switches 100 % at once. */
  BLUE_GREEN("blue-green"),
  /** Weighted target groups stepped up with an automated canary analysis after each step. */
  CANARY("canary");

  private final String wireName;

  Strategy(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in pipeline config JSON and deployment records. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
