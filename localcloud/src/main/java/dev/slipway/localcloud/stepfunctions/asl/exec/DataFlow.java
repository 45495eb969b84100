package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.EvaluationException;
import dev.slipway.localcloud.stepfunctions.asl.eval.JsonPath;
import dev.slipway.localcloud.stepfunctions.asl.eval.JsonataEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Input and output processing ("Processing input and output" in the AWS developer guide): InputPath
 * → Parameters → result → ResultSelector → ResultPath → OutputPath for JSONPath, and Arguments /
 * Output / Assign with {@code $states} for JSONata.
 */
final class DataFlow {
  private DataFlow() {}

  static Object inputPath(StateContext ctx, Object raw) throws StateFailure {
    String path = ctx.state.common().inputPath();
    if (path == null) {
      return new LinkedHashMap<String, Object>();
    }
    if (path.equals("$")) {
      return raw;
    }
    return select(ctx, path, raw);
  }

  static Object outputPath(StateContext ctx, Object out) throws StateFailure {
    String path = ctx.state.common().outputPath();
    if (path == null) {
      return new LinkedHashMap<String, Object>();
    }
    if (path.equals("$")) {
      return out;
    }
    return select(ctx, path, out);
  }

  private static Object select(StateContext ctx, String path, Object doc) throws StateFailure {
    try {
      return Json.copy(PathEvaluator.resolve(path, doc, ctx.scope()));
    } catch (PathNotFoundException e) {
      throw ctx.runtime("Invalid path '" + path + "' : " + e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ctx.runtime(e.getMessage());
    }
  }

  /** A payload template (Parameters, ResultSelector, ItemSelector); null template = input. */
  static Object template(StateContext ctx, Object template, Object input, StateScope scope)
      throws StateFailure {
    if (template == null) {
      return input;
    }
    try {
      return PathEvaluator.template(template, input, scope);
    } catch (EvaluationException e) {
      throw ctx.failure(e);
    }
  }

  static Object resultPath(StateContext ctx, String path, Object raw, Object result)
      throws StateFailure {
    if (path == null) {
      return raw;
    }
    if (path.equals("$")) {
      return result;
    }
    try {
      return JsonPath.compile(path).write(raw, result);
    } catch (PathNotFoundException | IllegalArgumentException e) {
      throw ctx.runtime("Unable to apply ReferencePath " + path + " to input " + Json.write(raw));
    }
  }

  /** The JSONPath tail: ResultSelector → ResultPath → OutputPath, with Assign on the result. */
  static Object finishJsonPath(StateContext ctx, Object raw, Object result) throws StateFailure {
    StateCommon c = ctx.state.common();
    Object selected = template(ctx, c.resultSelector(), result, ctx.scope());
    Map<String, Object> assigned = assignJsonPath(ctx, c.assign(), selected);
    Object out = outputPath(ctx, resultPath(ctx, c.resultPath(), raw, selected));
    ctx.vars.assignAll(assigned);
    return out;
  }

  static Map<String, Object> assignJsonPath(StateContext ctx, Map<String, Object> assign, Object on)
      throws StateFailure {
    if (assign == null) {
      return Map.of();
    }
    return Json.asObject(template(ctx, assign, on, ctx.scope()));
  }

  /** The {@code $states} binding. */
  static Map<String, Object> states(StateContext ctx, Object input, Object result) {
    Map<String, Object> states = new LinkedHashMap<>();
    states.put("input", input);
    states.put("context", ctx.context(null));
    if (result != NO_RESULT) {
      states.put("result", result);
    }
    return states;
  }

  /** Marks "no $states.result" (null is a valid result). */
  static final Object NO_RESULT = new Object();

  static Object jsonata(StateContext ctx, Object template, Map<String, Object> states, String field)
      throws StateFailure {
    try {
      return JsonataEvaluator.evaluateTemplate(template, states, ctx.scope(), field);
    } catch (EvaluationException e) {
      throw ctx.failure(e);
    }
  }

  /** The JSONata tail: Output (default {@code fallback}) and Assign, both over {@code states}. */
  static Object finishJsonata(StateContext ctx, Map<String, Object> states, Object fallback)
      throws StateFailure {
    StateCommon c = ctx.state.common();
    Map<String, Object> assigned =
        c.assign() == null ? Map.of() : Json.asObject(jsonata(ctx, c.assign(), states, "Assign"));
    Object out = c.output() == null ? fallback : jsonata(ctx, c.output(), states, "Output");
    ctx.vars.assignAll(assigned);
    return out;
  }
}
