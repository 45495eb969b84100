package dev.slipway.localcloud.stepfunctions.asl.parse;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.Catcher;
import dev.slipway.localcloud.stepfunctions.asl.model.QueryLanguage;
import dev.slipway.localcloud.stepfunctions.asl.model.Retrier;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Parses one state object into its {@link State} record. */
final class StateParser {
  private static final Set<String> TYPES =
      Set.of("Pass", "Task", "Choice", "Wait", "Succeed", "Fail", "Parallel", "Map");
  private static final Set<String> JSONPATH_ONLY =
      Set.of(
          "InputPath",
          "OutputPath",
          "Parameters",
          "ResultSelector",
          "ResultPath",
          "ItemsPath",
          "SecondsPath",
          "TimestampPath",
          "ErrorPath",
          "CausePath",
          "TimeoutSecondsPath",
          "HeartbeatSecondsPath",
          "MaxConcurrencyPath",
          "ToleratedFailureCountPath",
          "ToleratedFailurePercentagePath");
  private static final Set<String> JSONATA_ONLY = Set.of("Arguments", "Output", "Items");

  private final DefinitionParser parser;
  private final ChoiceParser choices;

  StateParser(DefinitionParser parser) {
    this.parser = parser;
    this.choices = new ChoiceParser(parser);
  }

  State parse(String name, Object node, String path, QueryLanguage inherited) {
    if (!(node instanceof Map<?, ?>)) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "Expected an object", path);
      return null;
    }
    Map<String, Object> o = Json.asObject(node);
    if (!(o.get("Type") instanceof String type) || !TYPES.contains(type)) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "The field \"Type\" must be one of " + new java.util.TreeSet<>(TYPES),
          path + "/Type");
      return null;
    }
    QueryLanguage ql = inherited;
    if (o.get("QueryLanguage") instanceof String s) {
      ql = parser.queryLanguage(s, path + "/QueryLanguage", inherited);
    }
    checkFieldsForLanguage(o, ql, path);
    JsonataCheck jsonata = new JsonataCheck(parser);
    if (ql == QueryLanguage.JSONPATH) {
      new PathCheck(parser).state(o, path);
    } else {
      for (Map.Entry<String, Object> field : o.entrySet()) {
        if (!field.getKey().equals("Iterator")
            && !field.getKey().equals("ItemProcessor")
            && !field.getKey().equals("Branches")) {
          jsonata.expressions(field.getValue(), path + "/" + field.getKey());
        }
      }
    }
    jsonata.assignNames(o.get("Assign"), path + "/Assign");
    StateCommon c = common(name, type, ql, o, path);
    return switch (type) {
      case "Pass" -> new State.Pass(c, o.containsKey("Result"), o.get("Result"));
      case "Task" -> task(c, o, path);
      case "Choice" -> choices.choice(c, o, path);
      case "Wait" -> wait(c, o, path);
      case "Succeed" -> new State.Succeed(c);
      case "Fail" ->
          new State.Fail(
              c, o.get("Error"), str(o, "ErrorPath"), o.get("Cause"), str(o, "CausePath"));
      case "Parallel" -> parallel(c, o, path);
      default -> new MapParser(parser).map(c, o, path);
    };
  }

  private void checkFieldsForLanguage(Map<String, Object> o, QueryLanguage ql, String path) {
    for (String field : o.keySet()) {
      boolean bad =
          ql == QueryLanguage.JSONATA
              ? JSONPATH_ONLY.contains(field)
              : JSONATA_ONLY.contains(field);
      if (bad) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "The field \""
                + field
                + "\" is not supported when QueryLanguage is "
                + (ql == QueryLanguage.JSONATA ? "JSONata" : "JSONPath"),
            path + "/" + field);
      }
    }
  }

  private StateCommon common(
      String name, String type, QueryLanguage ql, Map<String, Object> o, String path) {
    boolean terminal = type.equals("Succeed") || type.equals("Fail");
    boolean choice = type.equals("Choice");
    String next = str(o, "Next");
    boolean end = Boolean.TRUE.equals(o.get("End"));
    if (!terminal && !choice) {
      if (next == null && !end) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "This state must have either a \"Next\" field or \"End\": true",
            path);
      } else if (next != null && end) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "This state can not have both a \"Next\" field and \"End\": true",
            path);
      }
    } else if (o.containsKey("Next") || o.containsKey("End")) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "A " + type + " state can not have \"Next\" or \"End\"",
          path);
    }
    Map<String, Object> assign = o.get("Assign") instanceof Map<?, ?> a ? Json.asObject(a) : null;
    return new StateCommon(
        name,
        type,
        ql,
        next,
        end,
        path(o, "InputPath", path),
        path(o, "OutputPath", path),
        path(o, "ResultPath", path),
        o.get("Parameters"),
        o.get("ResultSelector"),
        o.get("Arguments"),
        o.get("Output"),
        assign,
        retriers(o.get("Retry"), path + "/Retry"),
        catchers(o.get("Catch"), path + "/Catch"),
        o);
  }

  private String path(Map<String, Object> o, String field, String statePath) {
    if (!o.containsKey(field)) {
      return StateCommon.DEFAULT_PATH;
    }
    Object v = o.get(field);
    if (v == null) {
      return null;
    }
    if (!(v instanceof String s) || !PathCheck.compiles(s)) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "The value for the field '" + field + "' must be a valid JSONPath",
          statePath + "/" + field);
      return StateCommon.DEFAULT_PATH;
    }
    return s;
  }

  private List<Retrier> retriers(Object node, String path) {
    List<Retrier> out = new ArrayList<>();
    if (!(node instanceof List<?> list)) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> r = Json.asObject(list.get(i));
      List<String> errors = errorEquals(r, path + "[" + i + "]", i == list.size() - 1);
      double interval = r.get("IntervalSeconds") instanceof Number n ? n.doubleValue() : 1.0;
      int attempts = r.get("MaxAttempts") instanceof Number n ? n.intValue() : 3;
      double backoff = r.get("BackoffRate") instanceof Number n ? n.doubleValue() : 2.0;
      Integer maxDelay = r.get("MaxDelaySeconds") instanceof Number n ? n.intValue() : null;
      boolean jitter = "FULL".equals(r.get("JitterStrategy"));
      if (backoff < 1.0) {
        parser.problem(
            "SCHEMA_VALIDATION_FAILED",
            "The field \"BackoffRate\" must be >= 1.0",
            path + "[" + i + "]/BackoffRate");
      }
      out.add(new Retrier(errors, interval, attempts, backoff, maxDelay, jitter));
    }
    return out;
  }

  private List<Catcher> catchers(Object node, String path) {
    List<Catcher> out = new ArrayList<>();
    if (!(node instanceof List<?> list)) {
      return out;
    }
    for (int i = 0; i < list.size(); i++) {
      Map<String, Object> c = Json.asObject(list.get(i));
      String p = path + "[" + i + "]";
      List<String> errors = errorEquals(c, p, i == list.size() - 1);
      if (!(c.get("Next") instanceof String next)) {
        parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Next\" is required", p);
        continue;
      }
      Map<String, Object> assign = c.get("Assign") instanceof Map<?, ?> a ? Json.asObject(a) : null;
      out.add(new Catcher(errors, next, path(c, "ResultPath", p), c.get("Output"), assign));
    }
    return out;
  }

  private List<String> errorEquals(Map<String, Object> o, String path, boolean last) {
    if (!(o.get("ErrorEquals") instanceof List<?> l) || l.isEmpty()) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"ErrorEquals\" is required", path);
      return List.of();
    }
    List<String> errors = l.stream().map(String::valueOf).toList();
    if (errors.contains("States.ALL") && (errors.size() > 1 || !last)) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "States.ALL must appear alone in the last ErrorEquals of a Retry or Catch",
          path + "/ErrorEquals");
    }
    return errors;
  }

  private State task(StateCommon c, Map<String, Object> o, String path) {
    if (!(o.get("Resource") instanceof String resource)) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Resource\" is required", path);
      return null;
    }
    return new State.Task(
        c,
        resource,
        o.get("TimeoutSeconds"),
        str(o, "TimeoutSecondsPath"),
        o.get("HeartbeatSeconds"),
        str(o, "HeartbeatSecondsPath"),
        o.get("Credentials"));
  }

  private State wait(StateCommon c, Map<String, Object> o, String path) {
    int forms = 0;
    for (String f : List.of("Seconds", "Timestamp", "SecondsPath", "TimestampPath")) {
      forms += o.containsKey(f) ? 1 : 0;
    }
    if (forms != 1) {
      parser.problem(
          "SCHEMA_VALIDATION_FAILED",
          "A Wait state must have exactly one of Seconds, Timestamp, SecondsPath, TimestampPath",
          path);
    }
    return new State.Wait(
        c, o.get("Seconds"), o.get("Timestamp"), str(o, "SecondsPath"), str(o, "TimestampPath"));
  }

  private State parallel(StateCommon c, Map<String, Object> o, String path) {
    if (!(o.get("Branches") instanceof List<?> list) || list.isEmpty()) {
      parser.problem("SCHEMA_VALIDATION_FAILED", "The field \"Branches\" is required", path);
      return null;
    }
    List<StateMachine> branches = new ArrayList<>();
    for (int i = 0; i < list.size(); i++) {
      branches.add(
          parser.block(list.get(i), path + "/Branches[" + i + "]", c.queryLanguage(), false));
    }
    return new State.Parallel(c, branches);
  }

  static String str(Map<String, Object> o, String field) {
    return o.get(field) instanceof String s ? s : null;
  }
}
