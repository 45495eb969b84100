package dev.slipway.localcloud.stepfunctions.asl.eval;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Evaluates {@code {% ... %}} JSONata expressions with the {@code $states} binding, the execution's
 * variables and the Step Functions extra functions ($partition, $range, $hash, $random, $uuid,
 * $parse) from "Transforming data with JSONata" in the AWS developer guide.
 */
public final class JsonataEvaluator {
  private static final Map<String, Jsonata> CACHE = new ConcurrentHashMap<>();

  private JsonataEvaluator() {}

  /** True when {@code v} is a string of the form {@code {% expr %}}. */
  public static boolean isExpression(Object v) {
    return v instanceof String s && s.startsWith("{%") && s.endsWith("%}") && s.length() >= 4;
  }

  /** Evaluates every expression inside {@code template} (strings, objects, arrays). */
  public static Object evaluateTemplate(
      Object template, Map<String, Object> states, Scope scope, String field) {
    if (isExpression(template)) {
      String expr = ((String) template).substring(2, ((String) template).length() - 2).trim();
      return evaluate(expr, states, scope, field);
    }
    if (template instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      Json.asObject(m)
          .forEach((k, v) -> out.put(k, evaluateTemplate(v, states, scope, field + "/" + k)));
      return out;
    }
    if (template instanceof List<?> l) {
      List<Object> out = new ArrayList<>();
      for (int i = 0; i < l.size(); i++) {
        out.add(evaluateTemplate(l.get(i), states, scope, field + "[" + i + "]"));
      }
      return out;
    }
    return Json.copy(template);
  }

  /** Evaluates one expression; undefined results and errors become States.QueryEvaluationError. */
  public static Object evaluate(
      String expr, Map<String, Object> states, Scope scope, String field) {
    Jsonata compiled;
    try {
      compiled = CACHE.computeIfAbsent(expr, JsonataEvaluator::compile);
    } catch (JException e) {
      throw new EvaluationException(
          "States.QueryEvaluationError",
          "The JSONata expression '"
              + expr
              + "' specified for the field '"
              + field
              + "' could not be parsed: "
              + e.getMessage());
    }
    Jsonata.Frame frame = compiled.createFrame();
    scope.variables().forEach((k, v) -> frame.bind(k, toJsonata(v)));
    frame.bind("states", toJsonata(states));
    bindFunctions(frame);
    Object result;
    try {
      // one compiled expression is shared; the library keeps evaluation state on it
      synchronized (compiled) {
        result = compiled.evaluate(toJsonata(states.get("input")), frame);
      }
    } catch (JException | IllegalArgumentException | ClassCastException e) {
      throw new EvaluationException(
          "States.QueryEvaluationError",
          "An error occurred while evaluating the JSONata expression '"
              + expr
              + "' specified for the field '"
              + field
              + "': "
              + e.getMessage());
    }
    if (result == null) {
      throw new EvaluationException(
          "States.QueryEvaluationError",
          "The JSONata expression '"
              + expr
              + "' specified for the field '"
              + field
              + "' returned nothing (undefined).");
    }
    return fromJsonata(result);
  }

  private static Jsonata compile(String expr) {
    Jsonata j = Jsonata.jsonata(expr);
    // keep JSON null distinguishable from "undefined" (Java null) in results
    j.setOutputConvertNulls(false);
    return j;
  }

  private static void bindFunctions(Jsonata.Frame frame) {
    bind(frame, "partition", JsonataEvaluator::partition);
    bind(frame, "range", JsonataEvaluator::range);
    bind(frame, "hash", JsonataEvaluator::hash);
    bind(frame, "random", JsonataEvaluator::random);
    bind(frame, "uuid", a -> UUID.randomUUID().toString());
    bind(frame, "parse", a -> toJsonata(Json.parse((String) a.get(0))));
  }

  private static void bind(Jsonata.Frame frame, String name, Jsonata.FnVarArgs<Object> fn) {
    frame.bind(name, Jsonata.function(name, fn, null));
  }

  private static Object partition(List<?> a) {
    List<?> arr = (List<?>) a.get(0);
    int size = ((Number) a.get(1)).intValue();
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i += size) {
      out.add(new ArrayList<>(arr.subList(i, Math.min(arr.size(), i + size))));
    }
    return out;
  }

  private static Object range(List<?> a) {
    long start = ((Number) a.get(0)).longValue();
    long end = ((Number) a.get(1)).longValue();
    long step = ((Number) a.get(2)).longValue();
    List<Object> out = new ArrayList<>();
    for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
      out.add(i);
    }
    // a one-item JSONata sequence is its item
    return out.size() == 1 ? out.get(0) : out;
  }

  private static Object hash(List<?> a) {
    try {
      MessageDigest md = MessageDigest.getInstance((String) a.get(1));
      return HexFormat.of()
          .formatHex(md.digest(((String) a.get(0)).getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("unsupported hash algorithm " + a.get(1), e);
    }
  }

  private static Object random(List<?> a) {
    Random r =
        a.isEmpty() || a.get(0) == null
            ? ThreadLocalRandom.current()
            : new Random(((Number) a.get(0)).longValue());
    return r.nextDouble();
  }

  /** Our values to the library's: JSON null becomes {@link Jsonata#NULL_VALUE}. */
  static Object toJsonata(Object v) {
    if (v == null) {
      return Jsonata.NULL_VALUE;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), toJsonata(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(toJsonata(x)));
      return out;
    }
    return v;
  }

  /** The library's values to ours; whole doubles print as integers, as JavaScript does. */
  static Object fromJsonata(Object v) {
    if (v == null || v == Jsonata.NULL_VALUE) {
      return null;
    }
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach(
          (k, val) -> {
            if (val != null) {
              out.put(String.valueOf(k), fromJsonata(val));
            }
          });
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      l.forEach(x -> out.add(fromJsonata(x)));
      return out;
    }
    if (v instanceof Double d && d == Math.rint(d) && Math.abs(d) < 1e15) {
      return d.longValue();
    }
    if (v instanceof Number n) {
      return Json.normalizeNumber(n);
    }
    if (v instanceof Jsonata.JFunction || Utils.isFunction(v)) {
      return null;
    }
    return v;
  }

  private static final class Utils {
    static boolean isFunction(Object v) {
      return com.dashjoin.jsonata.Utils.isFunction(v);
    }
  }
}
