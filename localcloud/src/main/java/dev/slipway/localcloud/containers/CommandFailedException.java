package dev.slipway.localcloud.containers;

/** A host command (podman, docker-registry, jlink, git) failed or ran past its timeout. */
public class CommandFailedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient CommandResult result;

  /** A command that exited non-zero; the message names it and ends with its output. */
  public CommandFailedException(String what, CommandResult result) {
    super(
        what
            + " failed (exit "
            + result.exitCode()
            + ", command: "
            + String.join(" ", result.command())
            + "): "
            + result.outputTail());
    this.result = result;
  }

  /** A command that could not run at all or timed out. */
  public CommandFailedException(String message, Throwable cause) {
    super(message, cause);
    this.result = null;
  }

  /** The finished command, or null when it never finished. */
  public CommandResult result() {
    return result;
  }
}
