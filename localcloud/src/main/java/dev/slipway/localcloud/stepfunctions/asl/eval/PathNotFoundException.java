package dev.slipway.localcloud.stepfunctions.asl.eval;

/** A definite JSONPath that selects nothing in the document it was applied to. */
public final class PathNotFoundException extends RuntimeException {
  /** The message follows the Jayway wording AWS shows in States.Runtime causes. */
  public PathNotFoundException(String message) {
    super(message);
  }
}
