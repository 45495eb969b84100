package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import java.util.Map;

/** A Map state's MaxConcurrency and tolerated failure settings, resolved for one run. */
record MapLimits(int maxConcurrency, Long toleratedCount, Double toleratedPercentage) {
  static MapLimits of(StateContext ctx, State.MapState m, Object input, Map<String, Object> states)
      throws StateFailure {
    Number max =
        number(ctx, m.maxConcurrency(), m.maxConcurrencyPath(), "MaxConcurrency", input, states);
    Number count =
        number(
            ctx,
            m.toleratedFailureCount(),
            m.toleratedFailureCountPath(),
            "ToleratedFailureCount",
            input,
            states);
    Number pct =
        number(
            ctx,
            m.toleratedFailurePercentage(),
            m.toleratedFailurePercentagePath(),
            "ToleratedFailurePercentage",
            input,
            states);
    if (count != null && count.longValue() < 0) {
      throw ctx.runtime("ToleratedFailureCount cannot be negative.");
    }
    if (pct != null && (pct.doubleValue() < 0 || pct.doubleValue() > 100)) {
      throw ctx.runtime("ToleratedFailurePercentage must be between 0 and 100.");
    }
    return new MapLimits(
        max == null ? 0 : max.intValue(),
        count == null ? null : count.longValue(),
        pct == null ? null : pct.doubleValue());
  }

  private static Number number(
      StateContext ctx,
      Object literal,
      String path,
      String field,
      Object input,
      Map<String, Object> states)
      throws StateFailure {
    if (path != null) {
      Object v;
      try {
        v = PathEvaluator.resolve(path, input, ctx.scope());
      } catch (PathNotFoundException e) {
        throw ctx.runtime("Invalid path '" + path + "' : " + e.getMessage());
      }
      Number n = parse(v, field.endsWith("Percentage"));
      if (n == null) {
        throw ctx.runtime(
            "The "
                + field
                + "Path field refers to value \""
                + (v instanceof String s ? s : Json.write(v))
                + "\" which is not a valid "
                + (field.endsWith("Percentage") ? "number" : "integer")
                + ": "
                + path);
      }
      return n;
    }
    if (literal == null) {
      return null;
    }
    Object v =
        ctx.state.common().jsonata() ? DataFlow.jsonata(ctx, literal, states, field) : literal;
    Number n = parse(v, field.endsWith("Percentage"));
    if (n == null) {
      throw ctx.runtime("The " + field + " value " + Json.write(v) + " is not a valid number");
    }
    return n;
  }

  private static Number parse(Object v, boolean fractional) {
    if (v instanceof Number n) {
      return fractional || n.doubleValue() == Math.rint(n.doubleValue()) ? n : null;
    }
    if (v instanceof String s) {
      try {
        return fractional ? (Number) Double.parseDouble(s) : (Number) Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        return null;
      }
    }
    return null;
  }
}
