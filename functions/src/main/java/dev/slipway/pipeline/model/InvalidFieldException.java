package dev.slipway.pipeline.model;

/** A model value is missing or out of range; names the field and what is allowed. */
public final class InvalidFieldException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String field;
  private final String problem;

  public InvalidFieldException(String field, String problem) {
    super(field + ": " + problem);
    this.field = field;
    this.problem = problem;
  }

  /** The JSON name of the offending field, relative to the record that rejected it. */
  public String field() {
    return field;
  }

  /** What is wrong with the value and what is allowed, without the field name. */
  public String problem() {
    return problem;
  }
}
