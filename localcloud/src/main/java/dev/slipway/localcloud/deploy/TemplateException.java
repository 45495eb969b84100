package dev.slipway.localcloud.deploy;

/** A template local mode cannot deploy, with what is wrong and where. */
public final class TemplateException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** With a message naming the resource or value at fault. */
  public TemplateException(String message) {
    super(message);
  }

  /** With the underlying failure. */
  public TemplateException(String message, Throwable cause) {
    super(message, cause);
  }
}
