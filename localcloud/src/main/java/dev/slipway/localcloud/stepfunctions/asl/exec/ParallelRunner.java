package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The Parallel state: every branch gets the same input; output is the array of outputs. */
final class ParallelRunner {
  private ParallelRunner() {}

  static Object run(StateContext ctx, State.Parallel p, Object raw)
      throws StateFailure, InterruptedException {
    boolean jsonata = p.common().jsonata();
    Object input =
        jsonata
            ? (p.common().arguments() == null
                ? raw
                : DataFlow.jsonata(
                    ctx,
                    p.common().arguments(),
                    DataFlow.states(ctx, raw, DataFlow.NO_RESULT),
                    "Arguments"))
            : DataFlow.template(
                ctx, p.common().parameters(), DataFlow.inputPath(ctx, raw), ctx.scope());
    ctx.run.append("ParallelStateStarted", Map.of());
    List<StateMachine> branches = p.branches();
    Fanout.Outcome o =
        Fanout.run(
            ctx.run,
            branches.size(),
            0,
            true,
            i ->
                ctx.interpreter.runBlock(
                    ctx.run,
                    branches.get(i),
                    branches.get(i).startAt(),
                    Json.copy(input),
                    ctx.vars.child(),
                    ctx.blockKey + "[b" + i + "]",
                    false));
    StateFailure failed = Fanout.first(o.failures());
    if (failed != null) {
      ctx.run.append("ParallelStateFailed", Map.of());
      throw failed;
    }
    ctx.run.append("ParallelStateSucceeded", Map.of());
    List<Object> result = new ArrayList<>(Arrays.asList(o.results()));
    if (jsonata) {
      return DataFlow.finishJsonata(ctx, DataFlow.states(ctx, raw, result), result);
    }
    return DataFlow.finishJsonPath(ctx, raw, result);
  }
}
