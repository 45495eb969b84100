package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.QueryLanguage;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns ASL JSON into the model and validates it the way CreateStateMachine does: all problems are
 * collected and reported together, each with its JSON pointer.
 */
public final class DefinitionParser {
  private final List<String> problems = new ArrayList<>();

  private DefinitionParser() {}

  /** Parses and validates a definition; throws {@link DefinitionException} listing problems. */
  public static StateMachine parse(String definitionJson) {
    Object root;
    try {
      root = Json.parse(definitionJson);
    } catch (IllegalArgumentException e) {
      throw new DefinitionException(List.of("INVALID_JSON_DESCRIPTION: " + e.getMessage()));
    }
    DefinitionParser parser = new DefinitionParser();
    StateMachine machine = parser.block(root, "", QueryLanguage.JSONPATH, true);
    if (!parser.problems.isEmpty()) {
      throw new DefinitionException(parser.problems);
    }
    return machine;
  }

  void problem(String code, String message, String path) {
    problems.add(code + ": " + message + " at " + (path.isEmpty() ? "/" : path));
  }

  StateMachine block(Object node, String path, QueryLanguage inherited, boolean topLevel) {
    if (!(node instanceof Map<?, ?>)) {
      problem("SCHEMA_VALIDATION_FAILED", "Expected an object", path);
      return null;
    }
    Map<String, Object> obj = Json.asObject(node);
    QueryLanguage ql = inherited;
    if (obj.get("QueryLanguage") instanceof String s) {
      if (!topLevel) {
        problem(
            "SCHEMA_VALIDATION_FAILED",
            "The field \"QueryLanguage\" is not supported here",
            path + "/QueryLanguage");
      }
      ql = queryLanguage(s, path + "/QueryLanguage", inherited);
    }
    Object startAt = obj.get("StartAt");
    Object statesNode = obj.get("States");
    if (!(startAt instanceof String)) {
      problem(
          "SCHEMA_VALIDATION_FAILED",
          "The field \"StartAt\" is required and must be a state name (a string)",
          path);
    }
    if (!(statesNode instanceof Map<?, ?>)) {
      problem(
          "SCHEMA_VALIDATION_FAILED",
          "The field \"States\" is required and must be an object",
          path);
      return null;
    }
    Map<String, State> states = new LinkedHashMap<>();
    QueryLanguage blockLanguage = ql;
    StateParser stateParser = new StateParser(this);
    Json.asObject(statesNode)
        .forEach(
            (name, def) -> {
              String statePath = path + "/States/" + name;
              if (name.length() > 80) {
                problem("SCHEMA_VALIDATION_FAILED", "State name is too long", statePath);
              }
              State s = stateParser.parse(name, def, statePath, blockLanguage);
              if (s != null) {
                states.put(name, s);
              }
            });
    if (startAt instanceof String s && !states.containsKey(s) && problems.isEmpty()) {
      problem("MISSING_TRANSITION_TARGET", "Missing 'Next' target: " + s, path + "/StartAt");
    }
    Long timeout = obj.get("TimeoutSeconds") instanceof Number n ? n.longValue() : null;
    StateMachine machine =
        new StateMachine(startAt instanceof String s ? s : null, states, ql, timeout);
    if (problems.isEmpty()) {
      new ReachabilityCheck(this).check(machine, path);
    }
    return machine;
  }

  QueryLanguage queryLanguage(String s, String path, QueryLanguage inherited) {
    try {
      return QueryLanguage.of(s);
    } catch (IllegalArgumentException e) {
      problem(
          "SCHEMA_VALIDATION_FAILED",
          "The value '" + s + "' is not valid for QueryLanguage; use JSONPath or JSONata",
          path);
      return inherited;
    }
  }
}
