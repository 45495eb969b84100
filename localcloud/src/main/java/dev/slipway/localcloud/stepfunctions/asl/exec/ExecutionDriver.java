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
        run.commit(events -> run.store().transition(arn, events, startAt, input, variables));
      }
      Object out = interpreter.runTopLevel(run, machine, startAt, input, new Variables(variables));
      run.append("ExecutionSucceeded", Map.of("output", Json.write(out)));
      return end(run, new ExecutionResult("SUCCEEDED", out, null, null));
    } catch (StateFailure f) {
      run.append("ExecutionFailed", errorDetails(f.error(), f.cause()));
      return end(run, new ExecutionResult("FAILED", null, f.error(), f.cause()));
    } catch (InterruptedException e) {
      if (run.timedOut()) {
        String cause = "The execution exceeded its TimeoutSeconds of " + machine.timeoutSeconds();
        run.append("ExecutionTimedOut", errorDetails("States.Timeout", cause));
        return end(run, new ExecutionResult("TIMED_OUT", null, "States.Timeout", cause));
      }
      if (!run.stopped()) {
        // the engine is shutting down: leave the execution RUNNING so a restart resumes it
        Thread.currentThread().interrupt();
        return new ExecutionResult("RUNNING", null, null, null);
      }
      run.append("ExecutionAborted", errorDetails(run.stopError(), run.stopCause()));
      return end(run, new ExecutionResult("ABORTED", null, run.stopError(), run.stopCause()));
    } finally {
      done.complete(null);
      run.unregister(Thread.currentThread());
    }
  }

  private static ExecutionResult end(ExecutionRun run, ExecutionResult r) {
    String arn = run.identity().executionArn();
    run.commit(
        events -> run.store().finish(arn, events, r.status(), r.output(), r.error(), r.cause()));
    return r;
  }

  private static Map<String, Object> errorDetails(String error, String cause) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("error", error);
    d.put("cause", cause);
    return d;
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
