package dev.slipway.pipeline.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What a canary step does when its analysis is still INCONCLUSIVE (too little traffic to judge)
 * after {@code maxBakeExtensions} extended bakes. Nothing has shown the revision to be bad, so none
 * of the three counts the rollout as a change failure in the DORA figures.
 */
public enum InconclusivePolicy {
  /** Fail safe: roll production back to the previous revision (recorded as inconclusive). */
  ROLLBACK("rollback"),
  /**
   * Wait for a person (approval links, {@code slipway approve}): approve passes the step and the
   * canary goes on; reject rolls back; no answer within the approval timeout rolls back.
   */
  PAUSE("pause"),
  /** Pass the step anyway; the reasons are kept in the notification and the deployment record. */
  PROMOTE("promote");

  private final String wireName;

  InconclusivePolicy(String wireName) {
    this.wireName = wireName;
  }

  /** The name used in pipeline config JSON. */
  @JsonValue
  public String wireName() {
    return wireName;
  }
}
