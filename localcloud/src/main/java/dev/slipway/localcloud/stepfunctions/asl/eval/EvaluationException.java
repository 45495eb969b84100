package dev.slipway.localcloud.stepfunctions.asl.eval;

/**
 * A query that failed at run time; the interpreter prefixes the state and event id to {@link
 * #detail()} to form AWS's cause text.
 */
public final class EvaluationException extends RuntimeException {
  private final String error;

  /** {@code error} is the ASL error name, e.g. States.Runtime or States.QueryEvaluationError. */
  public EvaluationException(String error, String detail) {
    super(detail);
    this.error = error;
  }

  /** The ASL error name. */
  public String error() {
    return error;
  }

  /** The cause text without the state prefix. */
  public String detail() {
    return getMessage();
  }
}
