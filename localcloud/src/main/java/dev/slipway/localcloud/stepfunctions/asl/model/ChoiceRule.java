package dev.slipway.localcloud.stepfunctions.asl.model;

import java.util.List;
import java.util.Map;

/** A Choice rule or nested condition; top-level rules have a Next (and optional Assign/Output). */
public sealed interface ChoiceRule {
  /** The transition target, or null for a nested condition. */
  String next();

  /** A comparison such as {@code "Variable": "$.x", "NumericEquals": 1}. */
  record Comparison(
      String next,
      String variable,
      String operator,
      Object operand,
      boolean operandIsPath,
      Map<String, Object> assign,
      Object output)
      implements ChoiceRule {}

  /** And / Or over nested rules. */
  record Junction(
      String next, boolean and, List<ChoiceRule> rules, Map<String, Object> assign, Object output)
      implements ChoiceRule {}

  /** Not over one nested rule. */
  record Negation(String next, ChoiceRule rule, Map<String, Object> assign, Object output)
      implements ChoiceRule {}

  /** JSONata: {@code "Condition": "{% ... %}"}. */
  record Condition(String next, Object condition, Map<String, Object> assign, Object output)
      implements ChoiceRule {}
}
