package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.eval.JsonPath;
import dev.slipway.localcloud.stepfunctions.asl.intrinsics.Intrinsic;
import dev.slipway.localcloud.stepfunctions.asl.intrinsics.IntrinsicException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.List;
import java.util.Map;

/**
 * Checks JSONPath-mode fields at CreateStateMachine, as AWS does: reference paths ({@code $...},
 * {@code $$...}, {@code $variable...}) must compile, and {@code "key.$"} template values must be
 * paths or intrinsic function calls.
 */
final class PathCheck {
  private static final List<String> PATH_FIELDS =
      List.of(
          "ItemsPath",
          "SecondsPath",
          "TimestampPath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "MaxConcurrencyPath",
          "ToleratedFailureCountPath",
          "ToleratedFailurePercentagePath");
  private static final List<String> TEMPLATE_FIELDS =
      List.of("Parameters", "ResultSelector", "ItemSelector", "Assign");

  private final DefinitionParser parser;

  PathCheck(DefinitionParser parser) {
    this.parser = parser;
  }

  /** Checks a JSONPath-mode state's path fields and payload templates. */
  void state(Map<String, Object> o, String path) {
    for (String field : PATH_FIELDS) {
      if (o.containsKey(field)) {
        referencePath(o.get(field), field, path + "/" + field);
      }
    }
    // ErrorPath and CausePath also take an intrinsic function ("Fail workflow state")
    for (String field : List.of("ErrorPath", "CausePath")) {
      if (o.containsKey(field)) {
        dynamic(o.get(field), field, path + "/" + field);
      }
    }
    for (String field : TEMPLATE_FIELDS) {
      template(o.get(field), path + "/" + field);
    }
  }

  void referencePath(Object value, String field, String path) {
    if (!(value instanceof String s) || !compiles(s)) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "The value for the field '"
              + field
              + "' must be a valid JSONPath, got "
              + Json.write(value),
          path);
    }
  }

  private void template(Object node, String path) {
    if (node instanceof Map<?, ?> m) {
      Json.asObject(m)
          .forEach(
              (k, v) -> {
                if (k.endsWith(".$")) {
                  dynamic(v, k, path + "/" + k);
                } else {
                  template(v, path + "/" + k);
                }
              });
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        template(l.get(i), path + "[" + i + "]");
      }
    }
  }

  private void dynamic(Object value, String field, String path) {
    if (value instanceof String s && Intrinsic.looksLike(s)) {
      try {
        Intrinsic.parse(s);
        return;
      } catch (IntrinsicException e) {
        parser.problem("SCHEMA_VALIDATION_FAILED", e.getMessage(), path);
        return;
      }
    }
    if (!(value instanceof String s) || !compiles(s)) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "The value for the field '"
              + field
              + "' must be a valid JSONPath or a valid intrinsic function call, got "
              + Json.write(value),
          path);
    }
  }

  /** True for {@code $...}, {@code $$...} and {@code $variable...} paths that compile. */
  static boolean compiles(String p) {
    if (!p.startsWith("$")) {
      return false;
    }
    String normalized = p;
    if (p.startsWith("$$")) {
      normalized = p.substring(1);
    } else if (p.length() > 1 && (Character.isLetter(p.charAt(1)) || p.charAt(1) == '_')) {
      int end = 1;
      while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
        end++;
      }
      normalized = "$" + p.substring(end);
    }
    try {
      JsonPath.compile(normalized);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
