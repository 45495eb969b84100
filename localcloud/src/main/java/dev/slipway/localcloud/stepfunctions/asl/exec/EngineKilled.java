package dev.slipway.localcloud.stepfunctions.asl.exec;

/**
 * Thrown by an {@link ExecutionStore} once its engine was killed: the execution thread stops where
 * it is, writing nothing more, as if the process had died.
 */
public final class EngineKilled extends Error {
  /** No stack trace: this is control flow, not a bug. */
  public EngineKilled() {
    super("the Step Functions engine was killed", null, false, false);
  }
}
