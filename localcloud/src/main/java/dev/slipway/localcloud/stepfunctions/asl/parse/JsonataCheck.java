package dev.slipway.localcloud.stepfunctions.asl.parse;

import com.dashjoin.jsonata.JException;
import com.dashjoin.jsonata.Jsonata;
import dev.slipway.localcloud.stepfunctions.asl.eval.JsonataEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Create-time checks of JSONata states: every {@code {% %}} expression must parse, and Assign names
 * must be variable names ("Passing data between states with variables": letters, digits and
 * underscores, not starting with a digit; {@code states} is reserved).
 */
final class JsonataCheck {
  private static final Pattern VARIABLE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

  private final DefinitionParser parser;

  JsonataCheck(DefinitionParser parser) {
    this.parser = parser;
  }

  /** Checks every expression below {@code node}; {@code path} points at it. */
  void expressions(Object node, String path) {
    if (JsonataEvaluator.isExpression(node)) {
      String text = (String) node;
      try {
        Jsonata.jsonata(text.substring(2, text.length() - 2).trim());
      } catch (JException | IllegalArgumentException e) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "The JSONata expression " + text + " is not valid: " + e.getMessage(),
            path);
      }
    } else if (node instanceof Map<?, ?> m) {
      Json.asObject(m).forEach((k, v) -> expressions(v, path + "/" + k));
    } else if (node instanceof List<?> l) {
      for (int i = 0; i < l.size(); i++) {
        expressions(l.get(i), path + "[" + i + "]");
      }
    }
  }

  /** Checks the names of an Assign block (JSONPath names may end in ".$"). */
  void assignNames(Object assign, String path) {
    if (assign == null) {
      return;
    }
    if (!(assign instanceof Map<?, ?> m)) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Assign\" must be an object", path);
      return;
    }
    for (String key : Json.asObject(m).keySet()) {
      String name = key.endsWith(".$") ? key.substring(0, key.length() - 2) : key;
      if (!VARIABLE.matcher(name).matches() || name.equals("states")) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "The variable name '"
                + name
                + "' is not valid: use letters, digits and '_', not starting with a digit"
                + " ('states' is reserved)",
            path + "/" + key);
      }
    }
  }
}
