package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.nio.charset.StandardCharsets;
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
        String next = current;
        Object nextInput = in;
        run.commit(
            events ->
                run.store()
                    .transition(
                        run.identity().executionArn(), events, next, nextInput, vars.local()));
      }
    }
  }

  private Outcome runState(ExecutionRun run, State s, Object input, Variables vars, String stateKey)
      throws StateFailure, InterruptedException {
    String type = s.common().type();
    long entered = run.append(type + "StateEntered", details(s.name(), "input", input));
    StateContext ctx = new StateContext(this, run, s, entered, vars, stateKey);
    Outcome o;
    try {
      o = work(ctx, s, input);
    } catch (RuntimeException e) {
      // never let a bug or an unforeseen value take the engine down: the execution fails instead
      throw ctx.runtime("Unexpected error: " + e);
    }
    String output = Json.write(o.output());
    if (output.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES) {
      // "States.DataLimitExceeded": a state output over the payload quota is terminal
      throw new StateFailure(
          "States.DataLimitExceeded",
          "The state/task '"
              + s.name()
              + "' returned a result with a size exceeding the maximum number of bytes service"
              + " limit.");
    }
    Map<String, Object> exited = new LinkedHashMap<>();
    exited.put("name", s.name());
    exited.put("output", output);
    run.append(type + "StateExited", exited);
    return o;
  }

  /** The payload quota of Step Functions (256 KiB of UTF-8 JSON). */
  static final int MAX_PAYLOAD_BYTES = 256 * 1024;

  private Outcome work(StateContext ctx, State s, Object input)
      throws StateFailure, InterruptedException {
    String next = s.common().next();
    ErrorHandling.Result r;
    switch (s) {
      case State.Pass p -> {
        return new Outcome(next, StateRunner.pass(ctx, p, input));
      }
      case State.Choice c -> {
        StateRunner.Choice chosen = StateRunner.choice(ctx, c, input);
        return new Outcome(chosen.next(), chosen.output());
      }
      case State.Wait w -> {
        return new Outcome(next, StateRunner.waitState(ctx, w, input));
      }
      case State.Succeed ok -> {
        return new Outcome(null, StateRunner.succeed(ctx, input));
      }
      case State.Fail f -> throw StateRunner.fail(ctx, f, input);
      case State.Task t -> r = ErrorHandling.run(ctx, input, () -> TaskRunner.run(ctx, t, input));
      case State.MapState m ->
          r = ErrorHandling.run(ctx, input, () -> MapRunner.run(ctx, m, input));
      case State.Parallel p ->
          r = ErrorHandling.run(ctx, input, () -> ParallelRunner.run(ctx, p, input));
    }
    return new Outcome(r.next() != null ? r.next() : next, r.output());
  }

  static Map<String, Object> details(String name, String field, Object value) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("name", name);
    d.put(field, Json.write(value));
    return d;
  }
}
