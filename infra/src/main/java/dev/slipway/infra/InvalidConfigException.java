package dev.slipway.infra;

/** {@code slipway.json} cannot be synthesized; the message names the field and what is allowed. */
public final class InvalidConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** A bad field: {@code field} is its path in the file, {@code problem} what is allowed. */
  public InvalidConfigException(String field, String problem) {
    super(field + ": " + problem);
  }

  /** A problem with the file as a whole. */
  public InvalidConfigException(String message) {
    super(message);
  }
}
