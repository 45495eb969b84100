package dev.slipway.functions;

/**
 * Not ready yet (an image scan still running, a deployment still in progress): the state's Retry
 * with backoff should run the step again.
 */
public class RetryableStepException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What is not ready, and what is being waited for. */
  public RetryableStepException(String message) {
    super(message);
  }
}
