package dev.slipway.localcloud.lambda;

/**
 * The outcome of one invocation, as Lambda's Invoke API reports it.
 *
 * @param payload the response (or error document) bytes
 * @param functionError null on success, {@code Unhandled} when the function failed
 * @param durationMs time from submission to the runtime's answer
 * @param coldStart true when this invocation started the JVM
 */
public record InvocationResult(
    byte[] payload, String functionError, long durationMs, boolean coldStart) {

  /** True when the function answered normally. */
  public boolean succeeded() {
    return functionError == null;
  }
}
