package dev.slipway.localcloud.stepfunctions.asl.eval;

import java.util.Map;

/** What an expression can see besides its input: the context object and the variables. */
public interface Scope {
  /** The context object ({@code $$} / {@code $states.context}). */
  Map<String, Object> context();

  /** True when a variable with that name is visible. */
  boolean hasVariable(String name);

  /** A visible variable's value. */
  Object variable(String name);

  /** All visible variables, inner scopes shadowing outer ones. */
  Map<String, Object> variables();
}
