package dev.slipway.functions;

/**
 * A pipeline step that ran correctly and found the deploy must not go on (scan findings, failed
 * smoke test, unhealthy deployment). Step Functions sees the class name as the error, so the state
 * machine can tell it from a transient AWS error that deserves a retry.
 */
public class StepFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** A failure with a message saying what failed, with which value, and what to do. */
  public StepFailedException(String message) {
    super(message);
  }
}
