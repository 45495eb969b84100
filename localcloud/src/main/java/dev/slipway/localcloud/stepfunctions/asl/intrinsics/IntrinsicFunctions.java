package dev.slipway.localcloud.stepfunctions.asl.intrinsics;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The States.* intrinsic functions, following "Intrinsic functions" in the AWS Step Functions
 * developer guide (argument rules and limits as documented there).
 */
final class IntrinsicFunctions {
  private IntrinsicFunctions() {}

  static Object call(String name, List<Object> a) {
    return switch (name) {
      case "States.Format" -> format(a);
      case "States.StringToJson" -> stringToJson(str(name, a, 0));
      case "States.JsonToString" -> Json.write(arg(name, a, 0));
      case "States.Array" -> new ArrayList<>(a);
      case "States.ArrayPartition" -> partition(arr(name, a, 0), integer(name, a, 1));
      case "States.ArrayContains" -> contains(arr(name, a, 0), arg(name, a, 1));
      case "States.ArrayRange" ->
          range(name, integer(name, a, 0), integer(name, a, 1), integer(name, a, 2));
      case "States.ArrayGetItem" -> getItem(name, arr(name, a, 0), integer(name, a, 1));
      case "States.ArrayLength" -> (long) arr(name, a, 0).size();
      case "States.ArrayUnique" -> unique(arr(name, a, 0));
      case "States.Base64Encode" ->
          Base64.getEncoder().encodeToString(str(name, a, 0).getBytes(StandardCharsets.UTF_8));
      case "States.Base64Decode" -> base64Decode(name, str(name, a, 0));
      case "States.Hash" -> hash(name, arg(name, a, 0), str(name, a, 1));
      case "States.JsonMerge" -> merge(name, a);
      case "States.MathRandom" -> random(name, a);
      case "States.MathAdd" -> Math.round(num(name, a, 0)) + Math.round(num(name, a, 1));
      case "States.StringSplit" -> split(str(name, a, 0), str(name, a, 1));
      case "States.UUID" -> UUID.randomUUID().toString();
      default ->
          throw new IntrinsicException("The intrinsic function '" + name + "' does not exist");
    };
  }

  private static Object format(List<Object> a) {
    String template = str("States.Format", a, 0);
    StringBuilder out = new StringBuilder();
    int argIndex = 1;
    for (int i = 0; i < template.length(); i++) {
      char c = template.charAt(i);
      if (c == '{' && i + 1 < template.length() && template.charAt(i + 1) == '}') {
        if (argIndex >= a.size()) {
          throw new IntrinsicException(
              "States.Format has more {} placeholders than arguments in '" + template + "'");
        }
        out.append(formatArg(a.get(argIndex++)));
        i++;
      } else {
        out.append(c == Intrinsic.OPEN_BRACE ? '{' : c == Intrinsic.CLOSE_BRACE ? '}' : c);
      }
    }
    return out.toString();
  }

  /** AWS renders objects and arrays the way Java's Map/List toString does. */
  private static String formatArg(Object v) {
    if (v instanceof String s) {
      return s;
    }
    if (v instanceof Map<?, ?> m) {
      List<String> parts = new ArrayList<>();
      m.forEach((k, val) -> parts.add(k + "=" + formatArg(val)));
      return "{" + String.join(", ", parts) + "}";
    }
    if (v instanceof List<?> l) {
      List<String> parts = new ArrayList<>();
      l.forEach(val -> parts.add(formatArg(val)));
      return "[" + String.join(", ", parts) + "]";
    }
    return Json.write(v);
  }

  private static Object stringToJson(String s) {
    if (s.isBlank()) {
      return null;
    }
    try {
      return Json.parse(s);
    } catch (IllegalArgumentException e) {
      throw new IntrinsicException(
          "States.StringToJson could not parse '" + s + "' as JSON: " + e.getMessage());
    }
  }

  private static Object partition(List<Object> arr, long size) {
    if (size <= 0) {
      throw new IntrinsicException("States.ArrayPartition needs a chunk size > 0, got " + size);
    }
    List<Object> out = new ArrayList<>();
    for (int i = 0; i < arr.size(); i += (int) size) {
      out.add(new ArrayList<>(arr.subList(i, (int) Math.min(arr.size(), i + size))));
    }
    return out;
  }

  private static Object contains(List<Object> arr, Object v) {
    return arr.stream().anyMatch(x -> Json.equal(x, v));
  }

  private static Object range(String name, long start, long end, long step) {
    if (step == 0) {
      throw new IntrinsicException(name + " needs a non-zero step");
    }
    List<Object> out = new ArrayList<>();
    for (long i = start; step > 0 ? i <= end : i >= end; i += step) {
      out.add(i);
      if (out.size() > 1000) {
        throw new IntrinsicException(name + " can create at most 1000 items");
      }
    }
    return out;
  }

  private static Object getItem(String name, List<Object> arr, long index) {
    if (index < 0 || index >= arr.size()) {
      throw new IntrinsicException(
          name + " index " + index + " is out of bounds for an array of " + arr.size());
    }
    return arr.get((int) index);
  }

  private static Object unique(List<Object> arr) {
    List<Object> out = new ArrayList<>();
    for (Object v : arr) {
      if (out.stream().noneMatch(x -> Json.equal(x, v))) {
        out.add(v);
      }
    }
    return out;
  }

  private static Object base64Decode(String name, String s) {
    try {
      return new String(Base64.getDecoder().decode(s), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new IntrinsicException(name + " input is not valid Base64: " + e.getMessage());
    }
  }

  private static Object hash(String name, Object data, String algorithm) {
    String text = data instanceof String s ? s : Json.write(data);
    try {
      MessageDigest md = MessageDigest.getInstance(algorithm);
      return HexFormat.of().formatHex(md.digest(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IntrinsicException(
          name
              + " algorithm '"
              + algorithm
              + "' is not one of MD5, SHA-1, SHA-256, SHA-384, SHA-512");
    }
  }

  private static Object merge(String name, List<Object> a) {
    if (!(arg(name, a, 0) instanceof Map<?, ?> x) || !(arg(name, a, 1) instanceof Map<?, ?> y)) {
      throw new IntrinsicException(name + " needs two JSON objects");
    }
    if (!Boolean.FALSE.equals(arg(name, a, 2))) {
      throw new IntrinsicException(name + " supports only a shallow merge (third argument false)");
    }
    Map<String, Object> out = new LinkedHashMap<>(Json.asObject(x));
    out.putAll(Json.asObject(y));
    return out;
  }

  private static Object random(String name, List<Object> a) {
    long start = (long) num(name, a, 0);
    long end = (long) num(name, a, 1);
    Random r = a.size() > 2 ? new Random(integer(name, a, 2)) : ThreadLocalRandom.current();
    return start + (long) Math.floor(r.nextDouble() * (end - start));
  }

  private static Object split(String s, String delimiters) {
    List<Object> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    for (char c : s.toCharArray()) {
      if (delimiters.indexOf(c) >= 0) {
        if (!cur.isEmpty()) {
          out.add(cur.toString());
        }
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    if (!cur.isEmpty()) {
      out.add(cur.toString());
    }
    return out;
  }

  private static Object arg(String name, List<Object> a, int i) {
    if (i >= a.size()) {
      throw new IntrinsicException(name + " needs at least " + (i + 1) + " arguments");
    }
    return a.get(i);
  }

  private static String str(String name, List<Object> a, int i) {
    if (arg(name, a, i) instanceof String s) {
      return s;
    }
    throw new IntrinsicException(
        name + " argument " + (i + 1) + " must be a string, got " + Json.write(a.get(i)));
  }

  private static List<Object> arr(String name, List<Object> a, int i) {
    if (arg(name, a, i) instanceof List<?> l) {
      return Json.asArray(l);
    }
    throw new IntrinsicException(
        name + " argument " + (i + 1) + " must be an array, got " + Json.write(a.get(i)));
  }

  private static double num(String name, List<Object> a, int i) {
    if (arg(name, a, i) instanceof Number n) {
      return n.doubleValue();
    }
    throw new IntrinsicException(
        name + " argument " + (i + 1) + " must be a number, got " + Json.write(a.get(i)));
  }

  private static long integer(String name, List<Object> a, int i) {
    double d = num(name, a, i);
    if (d != Math.rint(d)) {
      throw new IntrinsicException(
          name + " argument " + (i + 1) + " must be an integer, got " + Json.write(a.get(i)));
    }
    return (long) d;
  }
}
