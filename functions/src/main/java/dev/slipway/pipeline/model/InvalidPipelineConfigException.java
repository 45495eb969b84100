package dev.slipway.pipeline.model;

/** A pipeline config that cannot be used; the message names the field and what is allowed. */
public final class InvalidPipelineConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidPipelineConfigException(String message) {
    super(message);
  }
}
