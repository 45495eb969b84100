package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.EvaluationException;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.ChoiceRule;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import java.util.Map;

/** The simple states: Pass, Choice, Succeed, Fail. */
final class StateRunner {
  /** A Choice's decision. */
  record Choice(String next, Object output) {}

  private StateRunner() {}

  static Object pass(StateContext ctx, State.Pass p, Object raw) throws StateFailure {
    StateCommon c = p.common();
    if (c.jsonata()) {
      return DataFlow.finishJsonata(ctx, DataFlow.states(ctx, raw, DataFlow.NO_RESULT), raw);
    }
    Object effective = DataFlow.inputPath(ctx, raw);
    Object result =
        p.hasResult()
            ? Json.copy(p.result())
            : DataFlow.template(ctx, c.parameters(), effective, ctx.scope());
    Map<String, Object> assigned = DataFlow.assignJsonPath(ctx, c.assign(), result);
    Object out = DataFlow.outputPath(ctx, DataFlow.resultPath(ctx, c.resultPath(), raw, result));
    ctx.vars.assignAll(assigned);
    return out;
  }

  static Object succeed(StateContext ctx, Object raw) throws StateFailure {
    if (ctx.state.common().jsonata()) {
      return DataFlow.finishJsonata(ctx, DataFlow.states(ctx, raw, DataFlow.NO_RESULT), raw);
    }
    return DataFlow.outputPath(ctx, DataFlow.inputPath(ctx, raw));
  }

  static StateFailure fail(StateContext ctx, State.Fail f, Object raw) throws StateFailure {
    if (ctx.state.common().jsonata()) {
      Map<String, Object> states = DataFlow.states(ctx, raw, DataFlow.NO_RESULT);
      Object error = f.error() == null ? null : DataFlow.jsonata(ctx, f.error(), states, "Error");
      Object cause = f.cause() == null ? null : DataFlow.jsonata(ctx, f.cause(), states, "Cause");
      return new StateFailure(text(error), text(cause));
    }
    String error =
        f.errorPath() != null ? dynamic(ctx, f.errorPath(), raw, "ErrorPath") : text(f.error());
    String cause =
        f.causePath() != null ? dynamic(ctx, f.causePath(), raw, "CausePath") : text(f.cause());
    return new StateFailure(error, cause);
  }

  private static String dynamic(StateContext ctx, String expr, Object raw, String field)
      throws StateFailure {
    try {
      return text(PathEvaluator.dynamic(expr, raw, ctx.scope(), field));
    } catch (EvaluationException e) {
      throw ctx.failure(e);
    }
  }

  private static String text(Object v) {
    return v == null ? null : v instanceof String s ? s : Json.write(v);
  }

  static Choice choice(StateContext ctx, State.Choice c, Object raw) throws StateFailure {
    boolean jsonata = c.common().jsonata();
    Object input = jsonata ? raw : DataFlow.inputPath(ctx, raw);
    Map<String, Object> states = DataFlow.states(ctx, raw, DataFlow.NO_RESULT);
    for (ChoiceRule rule : c.choices()) {
      if (ChoiceEvaluator.matches(ctx, rule, input, states)) {
        return new Choice(rule.next(), choiceOutput(ctx, rule, raw, states));
      }
    }
    if (c.defaultNext() == null) {
      throw new StateFailure("States.NoChoiceMatched", "No Matches!");
    }
    return new Choice(c.defaultNext(), stateOutput(ctx, raw, states));
  }

  private static Object choiceOutput(
      StateContext ctx, ChoiceRule rule, Object raw, Map<String, Object> states)
      throws StateFailure {
    Map<String, Object> ruleAssign = assignOf(rule);
    Object ruleOutput = outputOf(rule);
    if (ctx.state.common().jsonata()) {
      Map<String, Object> assigned =
          ruleAssign == null
              ? Map.of()
              : Json.asObject(DataFlow.jsonata(ctx, ruleAssign, states, "Assign"));
      Object out = ruleOutput == null ? raw : DataFlow.jsonata(ctx, ruleOutput, states, "Output");
      ctx.vars.assignAll(assigned);
      return out;
    }
    Map<String, Object> assigned = DataFlow.assignJsonPath(ctx, ruleAssign, raw);
    Object out = DataFlow.outputPath(ctx, raw);
    ctx.vars.assignAll(assigned);
    return out;
  }

  private static Object stateOutput(StateContext ctx, Object raw, Map<String, Object> states)
      throws StateFailure {
    if (ctx.state.common().jsonata()) {
      return DataFlow.finishJsonata(ctx, states, raw);
    }
    Map<String, Object> assigned = DataFlow.assignJsonPath(ctx, ctx.state.common().assign(), raw);
    Object out = DataFlow.outputPath(ctx, raw);
    ctx.vars.assignAll(assigned);
    return out;
  }

  private static Map<String, Object> assignOf(ChoiceRule r) {
    return switch (r) {
      case ChoiceRule.Comparison x -> x.assign();
      case ChoiceRule.Junction x -> x.assign();
      case ChoiceRule.Negation x -> x.assign();
      case ChoiceRule.Condition x -> x.assign();
    };
  }

  private static Object outputOf(ChoiceRule r) {
    return switch (r) {
      case ChoiceRule.Comparison x -> x.output();
      case ChoiceRule.Junction x -> x.output();
      case ChoiceRule.Negation x -> x.output();
      case ChoiceRule.Condition x -> x.output();
    };
  }

  static Object waitState(StateContext ctx, State.Wait w, Object raw)
      throws StateFailure, InterruptedException {
    return WaitRunner.run(ctx, w, raw);
  }

  static Object resolveOrNull(StateContext ctx, String path, Object input) {
    try {
      return PathEvaluator.resolve(path, input, ctx.scope());
    } catch (PathNotFoundException e) {
      return null;
    }
  }
}
