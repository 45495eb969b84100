package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.EvaluationException;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The Task state ("Task workflow state", "Wait for a callback with the task token"): resolves the
 * arguments, calls the {@link TaskDispatcher}, enforces TimeoutSeconds/HeartbeatSeconds and records
 * TaskScheduled/TaskStarted/TaskSucceeded|TaskFailed|TaskTimedOut events.
 */
final class TaskRunner {
  static final long DEFAULT_TIMEOUT_SECONDS = 99_999_999L;
  private static final String CALLBACK = ".waitForTaskToken";

  private TaskRunner() {}

  static Object run(StateContext ctx, State.Task t, Object raw)
      throws StateFailure, InterruptedException {
    boolean callback = t.resource().endsWith(CALLBACK);
    ctx.taskToken = callback ? UUID.randomUUID().toString() : null;
    boolean jsonata = t.common().jsonata();
    Map<String, Object> states = DataFlow.states(ctx, raw, DataFlow.NO_RESULT);
    Object args =
        jsonata
            ? (t.common().arguments() == null
                ? raw
                : DataFlow.jsonata(ctx, t.common().arguments(), states, "Arguments"))
            : DataFlow.template(
                ctx, t.common().parameters(), DataFlow.inputPath(ctx, raw), ctx.scope());
    long timeout =
        seconds(ctx, t.timeoutSeconds(), t.timeoutSecondsPath(), raw, states, "TimeoutSeconds");
    long heartbeat =
        seconds(
            ctx, t.heartbeatSeconds(), t.heartbeatSecondsPath(), raw, states, "HeartbeatSeconds");
    Object result =
        invokeOnce(ctx, t, args, timeout == 0 ? DEFAULT_TIMEOUT_SECONDS : timeout, heartbeat);
    if (jsonata) {
      return DataFlow.finishJsonata(ctx, DataFlow.states(ctx, raw, result), result);
    }
    return DataFlow.finishJsonPath(ctx, raw, result);
  }

  private static Object invokeOnce(
      StateContext ctx, State.Task t, Object args, long timeout, long heartbeat)
      throws StateFailure, InterruptedException {
    String arn = ctx.run.identity().executionArn();
    boolean nested = ctx.blockKey.contains("[");
    if (nested) {
      Optional<Object> done = ctx.run.store().journaled(arn, ctx.blockKey);
      if (done.isPresent()) {
        return done.get();
      }
    }
    Map<String, Object> base = resourceDetails(t.resource());
    Map<String, Object> scheduled = new LinkedHashMap<>(base);
    scheduled.put("region", regionOf(ctx.run.identity().stateMachineArn()));
    scheduled.put("parameters", Json.write(args));
    scheduled.put("timeoutInSeconds", timeout);
    if (heartbeat > 0) {
      scheduled.put("heartbeatInSeconds", heartbeat);
    }
    ctx.run.append("TaskScheduled", scheduled);
    ctx.run.append("TaskStarted", base);
    Instant started = ctx.run.clock().now();
    Object result;
    try {
      result = await(ctx, t, args, timeout, heartbeat, started);
    } catch (StateFailure f) {
      Map<String, Object> failed = new LinkedHashMap<>(base);
      failed.put("error", f.error());
      failed.put("cause", f.cause());
      boolean timedOut =
          f.error().equals("States.Timeout") || f.error().equals("States.HeartbeatTimeout");
      ctx.run.append(timedOut ? "TaskTimedOut" : "TaskFailed", failed);
      throw f;
    }
    Map<String, Object> ok = new LinkedHashMap<>(base);
    ok.put("output", Json.write(result));
    if (nested) {
      Object committed = result;
      ctx.run.appendAndCommit(
          "TaskSucceeded",
          ok,
          events -> ctx.run.store().journal(arn, events, ctx.blockKey, committed));
    } else {
      ctx.run.append("TaskSucceeded", ok);
    }
    return result;
  }

  private static Object await(
      StateContext ctx, State.Task t, Object args, long timeout, long heartbeat, Instant started)
      throws StateFailure, InterruptedException {
    String token = ctx.taskToken;
    CallbackRegistry.Pending pending =
        token == null
            ? null
            : ctx.run.callbacks().open(token, started, ctx.run.identity().stateMachineArn());
    try {
      TaskInvocation inv =
          new TaskInvocation(
              t.resource(),
              args,
              token,
              ctx.run.identity().executionArn(),
              t.name(),
              ctx.retryCount,
              timeout,
              ctx.run.identity().roleArn());
      CompletableFuture<Object> call;
      try {
        call = ctx.run.dispatcher().dispatch(inv).toCompletableFuture();
      } catch (RuntimeException e) {
        call = CompletableFuture.failedFuture(e);
      }
      Instant deadline = started.plusSeconds(timeout);
      if (pending != null) {
        call.whenComplete(
            (r, e) -> {
              if (e != null) {
                pending.result.completeExceptionally(e);
              }
            });
        Map<String, Object> submitted = resourceDetails(t.resource());
        ctx.run.append("TaskSubmitted", submitted);
        return waitFor(ctx, pending.result, deadline, heartbeat, pending);
      }
      return waitFor(ctx, call, deadline, heartbeat, null);
    } finally {
      if (token != null) {
        ctx.run.callbacks().close(token);
      }
    }
  }

  private static Object waitFor(
      StateContext ctx,
      CompletableFuture<Object> f,
      Instant deadline,
      long heartbeat,
      CallbackRegistry.Pending pending)
      throws StateFailure, InterruptedException {
    EngineClock clock = ctx.run.clock();
    while (true) {
      Instant hbDeadline =
          heartbeat > 0 && pending != null ? pending.lastHeartbeat.plusSeconds(heartbeat) : null;
      Instant until = hbDeadline != null && hbDeadline.isBefore(deadline) ? hbDeadline : deadline;
      if (clock.await(f, until)) {
        return outcome(f);
      }
      if (!clock.now().isBefore(deadline)) {
        throw new StateFailure("States.Timeout", null);
      }
      if (pending != null
          && heartbeat > 0
          && !clock.now().isBefore(pending.lastHeartbeat.plusSeconds(heartbeat))) {
        throw new StateFailure("States.HeartbeatTimeout", null);
      }
    }
  }

  private static Object outcome(CompletableFuture<Object> f)
      throws StateFailure, InterruptedException {
    try {
      return Json.normalize(f.get());
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      while (c instanceof CompletionException && c.getCause() != null) {
        c = c.getCause();
      }
      if (c instanceof TaskFailedException tf) {
        throw new StateFailure(tf.error(), tf.cause());
      }
      throw new StateFailure("States.TaskFailed", String.valueOf(c.getMessage()));
    }
  }

  private static long seconds(
      StateContext ctx,
      Object literal,
      String path,
      Object raw,
      Map<String, Object> states,
      String field)
      throws StateFailure {
    Object v = literal;
    if (literal != null && ctx.state.common().jsonata()) {
      v = DataFlow.jsonata(ctx, literal, states, field);
    } else if (path != null) {
      try {
        v = PathEvaluator.resolve(path, raw, ctx.scope());
      } catch (PathNotFoundException | EvaluationException e) {
        throw ctx.runtime("The " + field + "Path '" + path + "' could not be resolved");
      }
    }
    if (v == null) {
      return 0;
    }
    if (!(v instanceof Number n) || n.doubleValue() <= 0) {
      throw ctx.runtime("The " + field + " value must be a positive integer, got " + Json.write(v));
    }
    return n.longValue();
  }

  /** AWS splits a service-integration ARN into resourceType and resource in history events. */
  static Map<String, Object> resourceDetails(String resource) {
    Map<String, Object> d = new LinkedHashMap<>();
    String prefix = "arn:aws:states:::";
    if (resource.startsWith(prefix)) {
      String rest = resource.substring(prefix.length());
      int cut = rest.lastIndexOf(':');
      d.put("resourceType", cut < 0 ? rest : rest.substring(0, cut));
      d.put("resource", cut < 0 ? rest : rest.substring(cut + 1));
    } else if (resource.contains(":lambda:")) {
      d.put("resourceType", "lambda");
      d.put("resource", resource);
    } else {
      d.put("resourceType", "activity");
      d.put("resource", resource);
    }
    return d;
  }

  private static String regionOf(String arn) {
    String[] parts = arn.split(":");
    return parts.length > 3 ? parts[3] : "us-east-1";
  }
}
