package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.EvaluationException;
import dev.slipway.localcloud.stepfunctions.asl.eval.JsonataEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The inline Map state ("Map state in Inline mode"): items from ItemsPath/Items, each shaped by
 * ItemSelector with {@code $$.Map.Item}, run through the item processor with MaxConcurrency, and
 * ToleratedFailureCount/Percentage deciding whether failed iterations fail the state.
 */
final class MapRunner {
  private MapRunner() {}

  static Object run(StateContext ctx, State.MapState m, Object raw)
      throws StateFailure, InterruptedException {
    boolean jsonata = m.common().jsonata();
    Map<String, Object> states = DataFlow.states(ctx, raw, DataFlow.NO_RESULT);
    Object effective = jsonata ? raw : DataFlow.inputPath(ctx, raw);
    List<Object> items = items(ctx, m, effective, states);
    MapLimits limits = MapLimits.of(ctx, m, effective, states);
    ctx.run.append("MapStateStarted", Map.of("length", (long) items.size()));
    boolean tolerant = limits.toleratedCount() != null || limits.toleratedPercentage() != null;
    Fanout.Outcome o =
        Fanout.run(
            ctx.run,
            items.size(),
            limits.maxConcurrency(),
            !tolerant,
            i -> iteration(ctx, m, i, items.get(i), effective, states));
    int failed = o.failureCount();
    if (failed > 0 && !withinTolerance(limits, failed, items.size())) {
      ctx.run.append("MapStateFailed", Map.of());
      throw tolerant
          ? new StateFailure(
              "States.ExceedToleratedFailureThreshold",
              "The specified tolerated failure threshold was exceeded")
          : Fanout.first(o.failures());
    }
    ctx.run.append("MapStateSucceeded", Map.of());
    List<Object> result = new ArrayList<>(items.size());
    for (int i = 0; i < items.size(); i++) {
      StateFailure f = o.failures()[i];
      result.add(f == null ? o.results()[i] : errorOutput(f));
    }
    if (jsonata) {
      return DataFlow.finishJsonata(ctx, DataFlow.states(ctx, raw, result), result);
    }
    return DataFlow.finishJsonPath(ctx, raw, result);
  }

  private static boolean withinTolerance(MapLimits l, int failed, int total) {
    boolean byCount = l.toleratedCount() != null && failed <= l.toleratedCount();
    boolean byPercent =
        l.toleratedPercentage() != null && 100.0 * failed / total <= l.toleratedPercentage();
    return byCount || byPercent;
  }

  private static Map<String, Object> errorOutput(StateFailure f) {
    Map<String, Object> e = new LinkedHashMap<>();
    e.put("Error", f.error());
    e.put("Cause", f.cause());
    return e;
  }

  private static Object iteration(
      StateContext ctx,
      State.MapState m,
      int index,
      Object item,
      Object effective,
      Map<String, Object> states)
      throws StateFailure, InterruptedException {
    Map<String, Object> iter = new LinkedHashMap<>();
    iter.put("name", m.name());
    iter.put("index", (long) index);
    ctx.run.append("MapIterationStarted", iter);
    try {
      Map<String, Object> mapItem = new LinkedHashMap<>();
      mapItem.put("Index", (long) index);
      mapItem.put("Value", Json.copy(item));
      Object input = itemInput(ctx, m, item, effective, states, mapItem);
      Object out =
          ctx.interpreter.runBlock(
              ctx.run,
              m.processor(),
              m.processor().startAt(),
              input,
              ctx.vars.child(),
              ctx.blockKey + "[" + index + "]",
              false);
      ctx.run.append("MapIterationSucceeded", iter);
      return out;
    } catch (StateFailure f) {
      ctx.run.append("MapIterationFailed", iter);
      throw f;
    }
  }

  private static Object itemInput(
      StateContext ctx,
      State.MapState m,
      Object item,
      Object effective,
      Map<String, Object> states,
      Map<String, Object> mapItem)
      throws StateFailure {
    if (m.itemSelector() == null) {
      return Json.copy(item);
    }
    if (m.common().jsonata()) {
      Map<String, Object> s = new LinkedHashMap<>(states);
      s.put("context", ctx.context(mapItem));
      try {
        return JsonataEvaluator.evaluateTemplate(
            m.itemSelector(), s, ctx.scope(mapItem), "ItemSelector");
      } catch (EvaluationException e) {
        throw ctx.failure(e);
      }
    }
    return DataFlow.template(ctx, m.itemSelector(), effective, ctx.scope(mapItem));
  }

  private static List<Object> items(
      StateContext ctx, State.MapState m, Object effective, Map<String, Object> states)
      throws StateFailure {
    if (m.common().jsonata()) {
      if (m.items() == null) {
        return requireArray(ctx, effective);
      }
      Object v = DataFlow.jsonata(ctx, m.items(), states, "Items");
      if (v instanceof List<?> l && !(m.items() instanceof List<?>)) {
        return Json.asArray(l);
      }
      if (v instanceof List<?> l) {
        return Json.asArray(l);
      }
      String expr = String.valueOf(m.items());
      if (JsonataEvaluator.isExpression(m.items())) {
        expr = expr.substring(2, expr.length() - 2).trim();
      }
      throw new StateFailure(
          "States.QueryEvaluationError",
          ctx.prefix()
              + "The JSONata expression '"
              + expr
              + "' specified for the field 'Items' returned an unexpected result type. Expected"
              + " 'array', but was '"
              + Json.typeName(v)
              + "' for value: "
              + Json.write(v));
    }
    Object v;
    try {
      v = PathEvaluator.resolve(m.itemsPath(), effective, ctx.scope());
    } catch (PathNotFoundException e) {
      throw ctx.runtime("Invalid path '" + m.itemsPath() + "' : " + e.getMessage());
    }
    return requireArray(ctx, v);
  }

  private static List<Object> requireArray(StateContext ctx, Object v) throws StateFailure {
    if (v instanceof List<?> l) {
      return Json.asArray(l);
    }
    throw new StateFailure(
        "States.QueryEvaluationError",
        ctx.prefix() + "Map state input must be an array but was: " + Json.write(v));
  }
}
