package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.ChoiceRule;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses Choice rules (JSONPath comparisons, And/Or/Not, JSONata Condition). */
final class ChoiceParser {
  /** Every comparison operator; each non-Is*, non-StringMatches one also has a "...Path" form. */
  static final Set<String> OPERATORS =
      Set.of(
          "StringEquals",
          "StringLessThan",
          "StringGreaterThan",
          "StringLessThanEquals",
          "StringGreaterThanEquals",
          "StringMatches",
          "NumericEquals",
          "NumericLessThan",
          "NumericGreaterThan",
          "NumericLessThanEquals",
          "NumericGreaterThanEquals",
          "BooleanEquals",
          "TimestampEquals",
          "TimestampLessThan",
          "TimestampGreaterThan",
          "TimestampLessThanEquals",
          "TimestampGreaterThanEquals",
          "IsNull",
          "IsPresent",
          "IsNumeric",
          "IsString",
          "IsBoolean",
          "IsTimestamp");

  private final DefinitionParser parser;

  ChoiceParser(DefinitionParser parser) {
    this.parser = parser;
  }

  State choice(StateCommon c, Map<String, Object> o, String path) {
    if (!(o.get("Choices") instanceof List<?> list) || list.isEmpty()) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED", "The field \"Choices\" must be a non-empty array", path);
      return null;
    }
    List<ChoiceRule> rules = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      String p = path + "/Choices[" + i + "]";
      Map<String, Object> r = Json.asObject(list.get(i));
      if (!(r.get("Next") instanceof String)) {
        parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Next\" is required", p);
      }
      ChoiceRule rule = rule(r, p, c.jsonata());
      if (rule != null) {
        rules.add(rule);
      }
    }
    return new State.Choice(c, rules, StateParser.str(o, "Default"));
  }

  private ChoiceRule rule(Map<String, Object> r, String path, boolean jsonata) {
    String next = StateParser.str(r, "Next");
    Map<String, Object> assign = r.get("Assign") instanceof Map<?, ?> a ? Json.asObject(a) : null;
    Object output = r.get("Output");
    if (jsonata) {
      if (!r.containsKey("Condition")) {
        parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Condition\" is required", path);
        return null;
      }
      return new ChoiceRule.Condition(next, r.get("Condition"), assign, output);
    }
    if (r.get("And") instanceof List<?> and) {
      return new ChoiceRule.Junction(next, true, nested(and, path + "/And"), assign, output);
    }
    if (r.get("Or") instanceof List<?> or) {
      return new ChoiceRule.Junction(next, false, nested(or, path + "/Or"), assign, output);
    }
    if (r.get("Not") instanceof Map<?, ?> not) {
      return new ChoiceRule.Negation(
          next, rule(Json.asObject(not), path + "/Not", false), assign, output);
    }
    for (Map.Entry<String, Object> e : r.entrySet()) {
      String key = e.getKey();
      boolean isPath =
          key.endsWith("Path") && OPERATORS.contains(key.substring(0, key.length() - 4));
      if (OPERATORS.contains(key) || isPath) {
        if (!(r.get("Variable") instanceof String variable)) {
          parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Variable\" is required", path);
          return null;
        }
        String op = isPath ? key.substring(0, key.length() - 4) : key;
        PathCheck paths = new PathCheck(parser);
        paths.referencePath(variable, "Variable", path + "/Variable");
        if (isPath) {
          paths.referencePath(e.getValue(), key, path + "/" + key);
        }
        return new ChoiceRule.Comparison(next, variable, op, e.getValue(), isPath, assign, output);
      }
    }
    parser.problem(
        "SCHEMA_VALIDATION_FAILED",
        "A Choice rule must have a comparison operator, And, Or or Not",
        path);
    return null;
  }

  private List<ChoiceRule> nested(List<?> list, String path) {
    List<ChoiceRule> out = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      ChoiceRule r = rule(Json.asObject(list.get(i)), path + "[" + i + "]", false);
      if (r != null) {
        out.add(r);
      }
    }
    return out;
  }
}
