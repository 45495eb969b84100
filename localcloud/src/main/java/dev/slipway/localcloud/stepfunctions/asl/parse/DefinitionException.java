package dev.slipway.localcloud.stepfunctions.asl.parse;

import java.util.List;

/** A definition that fails validation; the message has AWS's InvalidDefinition shape. */
public final class DefinitionException extends RuntimeException {
  private final List<String> problems;

  /** Each problem reads {@code CODE: message at /path}. */
  public DefinitionException(List<String> problems) {
    super("Invalid State Machine Definition: '" + String.join("', '", problems) + "'");
    this.problems = List.copyOf(problems);
  }

  /** The individual problems. */
  public List<String> problems() {
    return problems;
  }
}
