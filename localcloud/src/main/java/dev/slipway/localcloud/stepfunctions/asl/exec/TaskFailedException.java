package dev.slipway.localcloud.stepfunctions.asl.exec;

/** A task's failure as Step Functions names it: an error name (e.g. Lambda.Unknown) and cause. */
public final class TaskFailedException extends RuntimeException {
  private final String error;
  private final String cause;

  /** {@code cause} may be null. */
  public TaskFailedException(String error, String cause) {
    super(error + (cause == null ? "" : ": " + cause));
    this.error = error;
    this.cause = cause;
  }

  /** The error name matched by Retry/Catch ErrorEquals. */
  public String error() {
    return error;
  }

  /** The cause text, or null. */
  public String cause() {
    return cause;
  }
}
