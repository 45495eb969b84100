package dev.slipway.localcloud.stepfunctions.asl.eval;

import dev.slipway.localcloud.stepfunctions.asl.intrinsics.Intrinsic;
import dev.slipway.localcloud.stepfunctions.asl.intrinsics.IntrinsicException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSONPath-mode evaluation: reference paths over the input, the context object ({@code $$}) and
 * variables ({@code $name}), and payload templates whose {@code "key.$"} fields hold paths or
 * intrinsic functions (AWS developer guide, "Parameters" and "Intrinsic functions").
 */
public final class PathEvaluator {
  private PathEvaluator() {}

  /** Resolves a path; throws {@link PathNotFoundException} when a definite path is absent. */
  public static Object resolve(String path, Object input, Scope scope) {
    if (path.startsWith("$$")) {
      return JsonPath.compile(path.substring(1)).read(scope.context());
    }
    if (path.length() > 1 && isVariableStart(path.charAt(1))) {
      int end = 1;
      while (end < path.length() && path.charAt(end) != '.' && path.charAt(end) != '[') {
        end++;
      }
      String name = path.substring(1, end);
      if (!scope.hasVariable(name)) {
        throw new PathNotFoundException("The variable '$" + name + "' is not defined");
      }
      return JsonPath.compile("$" + path.substring(end)).read(scope.variable(name));
    }
    return JsonPath.compile(path).read(input);
  }

  private static boolean isVariableStart(char c) {
    return Character.isLetter(c) || c == '_';
  }

  /** Resolves the value of a {@code "key.$"} field: a path or an intrinsic function. */
  public static Object dynamic(String expr, Object input, Scope scope, String field) {
    if (Intrinsic.looksLike(expr)) {
      try {
        return Intrinsic.parse(expr).evaluate(p -> resolveForField(p, input, scope, field));
      } catch (IntrinsicException e) {
        throw new EvaluationException("States.IntrinsicFailure", e.getMessage());
      }
    }
    return resolveForField(expr, input, scope, field);
  }

  private static Object resolveForField(String path, Object input, Scope scope, String field) {
    try {
      return Json.copy(resolve(path, input, scope));
    } catch (PathNotFoundException e) {
      throw new EvaluationException(
          "States.Runtime",
          "The JSONPath '"
              + path
              + "' specified for the field '"
              + field
              + "' could not be found in the input '"
              + Json.write(input)
              + "'");
    } catch (IllegalArgumentException e) {
      throw new EvaluationException("States.Runtime", e.getMessage());
    }
  }

  /** Applies a payload template (Parameters, ResultSelector, ItemSelector, JSONPath Assign). */
  public static Object template(Object template, Object input, Scope scope) {
    if (template instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<String, Object> e : Json.asObject(m).entrySet()) {
        String key = e.getKey();
        if (key.endsWith(".$") && e.getValue() instanceof String expr) {
          out.put(key.substring(0, key.length() - 2), dynamic(expr, input, scope, key));
        } else {
          out.put(key, template(e.getValue(), input, scope));
        }
      }
      return out;
    }
    if (template instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (Object v : l) {
        out.add(template(v, input, scope));
      }
      return out;
    }
    return Json.copy(template);
  }
}
