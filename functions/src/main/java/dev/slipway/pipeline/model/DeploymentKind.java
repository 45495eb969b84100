package dev.slipway.pipeline.model;

/** Whether a deployment record rolled a new commit forward or restored an old one. */
public enum DeploymentKind {
  DEPLOY,
  ROLLBACK
}
