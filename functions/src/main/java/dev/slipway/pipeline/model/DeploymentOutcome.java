package dev.slipway.pipeline.model;

/** How a deployment ended. */
public enum DeploymentOutcome {
  /** The new revision serves all traffic and passed its smoke test. */
  SUCCEEDED,
  /** The deployment failed and was rolled back automatically. */
  ROLLED_BACK,
  /** The deployment failed and nothing could be restored (or a rollback itself failed). */
  FAILED,
  /**
   * Someone cancelled the run ({@code slipway cancel}) and what it had deployed was rolled back: a
   * decision, not a change failure (DORA counts it neither as a deployment nor as a failure).
   */
  CANCELLED
}
