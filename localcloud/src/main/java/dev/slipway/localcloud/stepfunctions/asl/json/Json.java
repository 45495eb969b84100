package dev.slipway.localcloud.stepfunctions.asl.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON values as plain Java objects ({@code Map}, {@code List}, {@code String}, {@code Number},
 * {@code Boolean}, {@code null}): the one value model used by paths, JSONata and intrinsics.
 */
public final class Json {
  private static final ObjectMapper MAPPER =
      JsonMapper.builder()
          .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
          .disable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  private Json() {}

  /** Parses JSON text; throws {@link IllegalArgumentException} with the parser's message. */
  public static Object parse(String text) {
    try {
      return normalize(MAPPER.readValue(text, Object.class));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException(e.getOriginalMessage(), e);
    }
  }

  /** Compact JSON text, as Step Functions prints values in history and errors. */
  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(normalize(value));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("value is not JSON-serializable: " + e.getMessage(), e);
    }
  }

  /** Brings numbers to Long/BigInteger/Double and containers to LinkedHashMap/ArrayList. */
  public static Object normalize(Object v) {
    if (v instanceof Map<?, ?> m) {
      Map<String, Object> out = new LinkedHashMap<>();
      m.forEach((k, val) -> out.put(String.valueOf(k), normalize(val)));
      return out;
    }
    if (v instanceof List<?> l) {
      List<Object> out = new ArrayList<>(l.size());
      for (Object o : l) {
        out.add(normalize(o));
      }
      return out;
    }
    if (v instanceof Number n) {
      return normalizeNumber(n);
    }
    return v;
  }

  /** Integral values become Long (or BigInteger), everything else Double. */
  public static Number normalizeNumber(Number n) {
    if (n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    }
    if (n instanceof Long || n instanceof BigInteger) {
      return n;
    }
    if (n instanceof BigDecimal bd) {
      return bd.doubleValue();
    }
    return n.doubleValue();
  }

  /** A deep copy, so no two places share a mutable container. */
  public static Object copy(Object v) {
    return normalize(v);
  }

  /** The ASL/JSONata type name of a value: object, array, string, number, boolean or null. */
  public static String typeName(Object v) {
    if (v == null) {
      return "null";
    } else if (v instanceof Map) {
      return "object";
    } else if (v instanceof List) {
      return "array";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof Number) {
      return "number";
    } else if (v instanceof Boolean) {
      return "boolean";
    }
    return v.getClass().getSimpleName();
  }

  /** Numeric-aware equality: 1 equals 1.0, as JSON has one number type. */
  public static boolean equal(Object a, Object b) {
    if (a instanceof Number x && b instanceof Number y) {
      return new BigDecimal(x.toString()).compareTo(new BigDecimal(y.toString())) == 0;
    }
    if (a instanceof Map<?, ?> x && b instanceof Map<?, ?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (Map.Entry<?, ?> e : x.entrySet()) {
        if (!y.containsKey(e.getKey()) || !equal(e.getValue(), y.get(e.getKey()))) {
          return false;
        }
      }
      return true;
    }
    if (a instanceof List<?> x && b instanceof List<?> y) {
      if (x.size() != y.size()) {
        return false;
      }
      for (int i = 0; i < x.size(); i++) {
        if (!equal(x.get(i), y.get(i))) {
          return false;
        }
      }
      return true;
    }
    return a == null ? b == null : a.equals(b);
  }

  /** Casts a value known to be an object. */
  @SuppressWarnings("unchecked")
  public static Map<String, Object> asObject(Object v) {
    return (Map<String, Object>) v;
  }

  /** Casts a value known to be an array. */
  @SuppressWarnings("unchecked")
  public static List<Object> asArray(Object v) {
    return (List<Object>) v;
  }
}
