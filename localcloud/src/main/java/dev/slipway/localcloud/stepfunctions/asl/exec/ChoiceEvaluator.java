package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.ChoiceRule;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Choice rule evaluation ("Choice workflow state", comparison operators): a comparison whose
 * operands have the wrong type is false, not an error; {@code IsPresent} tests existence.
 */
final class ChoiceEvaluator {
  private static final Object ABSENT = new Object();

  private ChoiceEvaluator() {}

  static boolean matches(
      StateContext ctx, ChoiceRule rule, Object input, Map<String, Object> states)
      throws StateFailure {
    return switch (rule) {
      case ChoiceRule.Condition c -> condition(ctx, c, states);
      case ChoiceRule.Negation n -> !matches(ctx, n.rule(), input, states);
      case ChoiceRule.Junction j -> junction(ctx, j, input, states);
      case ChoiceRule.Comparison c -> compare(ctx, c, input);
    };
  }

  private static boolean junction(
      StateContext ctx, ChoiceRule.Junction j, Object input, Map<String, Object> states)
      throws StateFailure {
    for (ChoiceRule r : j.rules()) {
      boolean m = matches(ctx, r, input, states);
      if (j.and() != m) {
        return m;
      }
    }
    return j.and();
  }

  private static boolean condition(
      StateContext ctx, ChoiceRule.Condition c, Map<String, Object> states) throws StateFailure {
    Object v = DataFlow.jsonata(ctx, c.condition(), states, "Condition");
    if (v instanceof Boolean b) {
      return b;
    }
    throw new StateFailure(
        "States.QueryEvaluationError",
        ctx.prefix()
            + "The JSONata expression specified for the field 'Condition' returned an unexpected"
            + " result type. Expected 'boolean', but was '"
            + Json.typeName(v)
            + "' for value: "
            + Json.write(v));
  }

  private static Object read(StateContext ctx, String path, Object input) throws StateFailure {
    try {
      return PathEvaluator.resolve(path, input, ctx.scope());
    } catch (PathNotFoundException e) {
      return ABSENT;
    } catch (IllegalArgumentException e) {
      throw ctx.runtime(e.getMessage());
    }
  }

  private static boolean compare(StateContext ctx, ChoiceRule.Comparison c, Object input)
      throws StateFailure {
    Object v = read(ctx, c.variable(), input);
    if (c.operator().equals("IsPresent")) {
      return (v != ABSENT) == Boolean.TRUE.equals(c.operand());
    }
    if (v == ABSENT) {
      throw ctx.runtime(
          "Invalid path '"
              + c.variable()
              + "': The choice state's condition path references an"
              + " invalid value.");
    }
    Object operand = c.operandIsPath() ? read(ctx, (String) c.operand(), input) : c.operand();
    if (operand == ABSENT) {
      throw ctx.runtime(
          "Invalid path '"
              + c.operand()
              + "': The choice state's condition path references an"
              + " invalid value.");
    }
    String op = c.operator();
    return switch (op) {
      case "IsNull" -> (v == null) == Boolean.TRUE.equals(operand);
      case "IsNumeric" -> (v instanceof Number) == Boolean.TRUE.equals(operand);
      case "IsString" -> (v instanceof String) == Boolean.TRUE.equals(operand);
      case "IsBoolean" -> (v instanceof Boolean) == Boolean.TRUE.equals(operand);
      case "IsTimestamp" ->
          (v instanceof String s && Timestamps.parse(s) != null) == Boolean.TRUE.equals(operand);
      case "BooleanEquals" -> v instanceof Boolean a && operand instanceof Boolean b && a.equals(b);
      case "StringMatches" -> v instanceof String s && operand instanceof String p && glob(s, p);
      default -> ordered(op, v, operand);
    };
  }

  private static boolean ordered(String op, Object v, Object operand) {
    Integer cmp = null;
    if (op.startsWith("String") && v instanceof String a && operand instanceof String b) {
      cmp = a.compareTo(b);
    } else if (op.startsWith("Numeric") && v instanceof Number a && operand instanceof Number b) {
      cmp = new BigDecimal(a.toString()).compareTo(new BigDecimal(b.toString()));
    } else if (op.startsWith("Timestamp") && v instanceof String a && operand instanceof String b) {
      Instant x = Timestamps.parse(a);
      Instant y = Timestamps.parse(b);
      cmp = x == null || y == null ? null : x.compareTo(y);
    }
    if (cmp == null) {
      return false;
    }
    String rel = op.replaceFirst("^(String|Numeric|Timestamp)", "");
    return switch (rel) {
      case "Equals" -> cmp == 0;
      case "LessThan" -> cmp < 0;
      case "GreaterThan" -> cmp > 0;
      case "LessThanEquals" -> cmp <= 0;
      default -> cmp >= 0;
    };
  }

  /** StringMatches: {@code *} matches any run of characters; {@code \*} is a literal star. */
  static boolean glob(String s, String pattern) {
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(java.util.regex.Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '*') {
        re.append(".*");
      } else {
        re.append(java.util.regex.Pattern.quote(String.valueOf(c)));
      }
    }
    return s.matches("(?s)" + re);
  }
}
