package Slipway;

import dev.slipway.functions.StepFailedException;

/**
 * A step refused to run because someone cancelled the run ({@code slipway cancel}). Step Functions
 * names a function's error by the exception's class name, so this class's unusual package makes the
 * error {@code Slipway.Cancelled}: the same name the CLI fails a waiting task token with, so the
 * state machine, the record and the notice see one error however the cancel reached the run.
 */
public final class Cancelled extends StepFailedException {
  private static final long serialVersionUID = 1L;

  /** The error name. */
  public static final String ERROR = "Slipway.Cancelled";

  /** A cancel whose message names who cancelled and why. */
  public Cancelled(String message) {
    super(message);
  }
}
