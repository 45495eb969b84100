package dev.slipway.pipeline.model;

/** What Prepare decided for a push. */
public enum Decision {
  /** Build and deploy. */
  PROCEED,
  /** Nothing to deploy: {@code [skip deploy]}, path filter, or another branch. */
  SKIP,
  /** A newer push for the same service is queued; this run ends without deploying. */
  SUPERSEDED,
  /**
   * Another run of the same service holds the deploy lock: wait until {@code retryAt} and run
   * Prepare again (a newer push may supersede this run meanwhile).
   */
  QUEUED,
  /** A freeze window blocks the deploy (see {@code PrepareResult.retryAt}). */
  FROZEN
}
