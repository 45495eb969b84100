package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.StateMachine;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Runs one execution to its end: start (or resume), loop, and the final history event. */
public final class ExecutionDriver {
  private final Interpreter interpreter = new Interpreter();

  /**
   * Runs {@code machine} from {@code startAt} with {@code input}; {@code fresh} adds
   * ExecutionStarted (a resumed execution already has it). Blocks until the execution ends.
   */
  public ExecutionResult run(
      ExecutionRun run,
      StateMachine machine,
      String startAt,
      Object input,
      Map<String, Object> variables,
      boolean fresh) {
    String arn = run.identity().executionArn();
    run.register(Thread.currentThread());
    CompletableFuture<Void> done = new CompletableFuture<>();
    watchTimeout(run, machine, done);
    try {
      if (fresh) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("input", Json.write(run.identity().input()));
        d.put("roleArn", run.identity().roleArn());
        run.append("ExecutionStarted", d);
        run.store().transition(arn, run.drain(), startAt, input, variables);
      }
      Object out = interpreter.runTopLevel(run, machine, startAt, input, new Variables(variables));
      run.append("ExecutionSucceeded", Map.of("output", Json.write(out)));
      ExecutionResult r = new ExecutionResult("SUCCEEDED", out, null, null);
      run.store().finish(arn, run.drain(), r.status(), out, null, null);
      return r;
    } catch (StateFailure f) {
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("error", f.error());
      d.put("cause", f.cause());
      run.append("ExecutionFailed", d);
      run.store().finish(arn, run.drain(), "FAILED", null, f.error(), f.cause());
      return new ExecutionResult("FAILED", null, f.error(), f.cause());
    } catch (InterruptedException e) {
      if (run.timedOut()) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("error", "States.Timeout");
        d.put("cause", "The execution exceeded its TimeoutSeconds of " + machine.timeoutSeconds());
        run.append("ExecutionTimedOut", d);
        run.store()
            .finish(arn, run.drain(), "TIMED_OUT", null, "States.Timeout", (String) d.get("cause"));
        return new ExecutionResult("TIMED_OUT", null, "States.Timeout", (String) d.get("cause"));
      }
      if (!run.stopped()) {
        // the engine is shutting down: leave the execution RUNNING so a restart resumes it
        Thread.currentThread().interrupt();
        return new ExecutionResult("RUNNING", null, null, null);
      }
      run.append("ExecutionAborted", Map.of());
      run.store().finish(arn, run.drain(), "ABORTED", null, null, null);
      return new ExecutionResult("ABORTED", null, null, null);
    } finally {
      done.complete(null);
      run.unregister(Thread.currentThread());
    }
  }

  /**
   * The top-level TimeoutSeconds counts from the execution's start (also across a restart); when it
   * passes first, the execution ends TIMED_OUT with States.Timeout.
   */
  private static void watchTimeout(
      ExecutionRun run, StateMachine machine, CompletableFuture<Void> done) {
    if (machine.timeoutSeconds() == null) {
      return;
    }
    Instant deadline = run.identity().startTime().plusSeconds(machine.timeoutSeconds());
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                if (!run.clock().await(done, deadline)) {
                  run.timeOut();
                }
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }
}
