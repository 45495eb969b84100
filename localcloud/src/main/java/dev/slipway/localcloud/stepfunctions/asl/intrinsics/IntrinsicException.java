package dev.slipway.localcloud.stepfunctions.asl.intrinsics;

/** An intrinsic function call that cannot be evaluated (States.IntrinsicFailure at run time). */
public final class IntrinsicException extends RuntimeException {
  /** A message naming the function and the bad argument. */
  public IntrinsicException(String message) {
    super(message);
  }
}
