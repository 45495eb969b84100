package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The execution loop: runs a block of states from a start state until End, Succeed or an unhandled
 * error, recording history events and, at top level, committing every transition.
 */
public final class Interpreter {
  /** Where a block ended: its output. */
  private record Outcome(String next, Object output) {}

  /** Runs a top-level machine from {@code startAt}; the block's output or a StateFailure. */
  public Object runTopLevel(
      ExecutionRun run, StateMachine machine, String startAt, Object input, Variables vars)
      throws StateFailure, InterruptedException {
    return runBlock(run, machine, startAt, input, vars, "", true);
  }

  Object runBlock(
      ExecutionRun run,
      StateMachine block,
      String startAt,
      Object input,
      Variables vars,
      String blockKey,
      boolean topLevel)
      throws StateFailure, InterruptedException {
    Map<String, Integer> visits = new HashMap<>();
    String current = startAt;
    Object in = input;
    while (true) {
      if (run.stopped() || Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("execution stopped");
      }
      State s = block.state(current);
      int visit = visits.merge(current, 1, Integer::sum);
      Outcome o = runState(run, s, in, vars, blockKey + "/" + current + "#" + visit);
      if (o.next() == null) {
        return o.output();
      }
      current = o.next();
      in = o.output();
      if (topLevel) {
        run.store()
            .transition(run.identity().executionArn(), run.drain(), current, in, vars.local());
      }
    }
  }

  private Outcome runState(ExecutionRun run, State s, Object input, Variables vars, String stateKey)
      throws StateFailure, InterruptedException {
    String type = s.common().type();
    long entered = run.append(type + "StateEntered", details(s.name(), "input", input));
    StateContext ctx = new StateContext(this, run, s, entered, vars, stateKey);
    Object output;
    String next = s.common().next();
    switch (s) {
      case State.Pass p -> output = StateRunner.pass(ctx, p, input);
      case State.Choice c -> {
        StateRunner.Choice chosen = StateRunner.choice(ctx, c, input);
        output = chosen.output();
        next = chosen.next();
      }
      case State.Wait w -> output = StateRunner.waitState(ctx, w, input);
      case State.Succeed ok -> {
        output = StateRunner.succeed(ctx, input);
        next = null;
      }
      case State.Fail f -> throw StateRunner.fail(ctx, f, input);
      case State.Task t -> {
        ErrorHandling.Result r = ErrorHandling.run(ctx, input, () -> TaskRunner.run(ctx, t, input));
        output = r.output();
        next = r.next() != null ? r.next() : next;
      }
      case State.MapState m -> {
        ErrorHandling.Result r = ErrorHandling.run(ctx, input, () -> MapRunner.run(ctx, m, input));
        output = r.output();
        next = r.next() != null ? r.next() : next;
      }
      case State.Parallel p -> {
        ErrorHandling.Result r =
            ErrorHandling.run(ctx, input, () -> ParallelRunner.run(ctx, p, input));
        output = r.output();
        next = r.next() != null ? r.next() : next;
      }
    }
    run.append(type + "StateExited", details(s.name(), "output", output));
    return new Outcome(next, output);
  }

  static Map<String, Object> details(String name, String field, Object value) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put(field, Json.write(value));
    return d;
  }
}
