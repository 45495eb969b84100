package dev.slipway.localcloud.stepfunctions.asl.exec;

/** An ASL error raised while running a state: what Retry and Catch match on. */
public final class StateFailure extends Exception {
  private final String error;
  private final String cause;

  /** Either may be null (a Fail state without Error/Cause). */
  public StateFailure(String error, String cause) {
    super(error + (cause == null ? "" : ": " + cause), null, false, false);
    this.error = error;
    this.cause = cause;
  }

  /** The error name. */
  public String error() {
    return error;
  }

  /** The cause, or null. */
  public String cause() {
    return cause;
  }
}
