package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.eval.PathEvaluator;
import dev.slipway.localcloud.stepfunctions.asl.eval.PathNotFoundException;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.model.State;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** The Wait state: Seconds, Timestamp, SecondsPath, TimestampPath, or JSONata expressions. */
final class WaitRunner {
  private WaitRunner() {}

  static Object run(StateContext ctx, State.Wait w, Object raw)
      throws StateFailure, InterruptedException {
    if (w.common().jsonata()) {
      Map<String, Object> states = DataFlow.states(ctx, raw, DataFlow.NO_RESULT);
      Instant until;
      if (w.seconds() != null) {
        Object s = DataFlow.jsonata(ctx, w.seconds(), states, "Seconds");
        until = ctx.enteredTime.plusMillis(seconds(ctx, s, "Seconds", String.valueOf(w.seconds())));
      } else {
        Object t = DataFlow.jsonata(ctx, w.timestamp(), states, "Timestamp");
        until = timestamp(ctx, t, "Timestamp", String.valueOf(w.timestamp()));
      }
      sleepUntil(ctx, until);
      return DataFlow.finishJsonata(ctx, states, raw);
    }
    Object input = DataFlow.inputPath(ctx, raw);
    Instant until;
    if (w.seconds() != null) {
      until = ctx.enteredTime.plusMillis(seconds(ctx, w.seconds(), "Seconds", ""));
    } else if (w.timestamp() != null) {
      until = timestamp(ctx, w.timestamp(), "Timestamp", "");
    } else if (w.secondsPath() != null) {
      Object v = read(ctx, w.secondsPath(), input, "SecondsPath");
      until = ctx.enteredTime.plusMillis(seconds(ctx, v, "SecondsPath", w.secondsPath()));
    } else {
      Object v = read(ctx, w.timestampPath(), input, "TimestampPath");
      until = timestamp(ctx, v, "TimestampPath", w.timestampPath());
    }
    sleepUntil(ctx, until);
    Map<String, Object> assigned = DataFlow.assignJsonPath(ctx, w.common().assign(), input);
    Object out = DataFlow.outputPath(ctx, input);
    ctx.vars.assignAll(assigned);
    return out;
  }

  /**
   * Sleeps until the Wait's deadline. Inside a Map or Parallel branch the deadline is journaled
   * when the wait begins: a branch resumed after a restart replays its states, and a replayed Wait
   * ends when the first one was due (already, for a wait that was over) instead of waiting its
   * whole time again, as AWS's timer does not move when its service restarts. A top-level Wait is
   * resumed from its own transition and starts over.
   */
  private static void sleepUntil(StateContext ctx, Instant until) throws InterruptedException {
    Instant deadline = until;
    if (ctx.blockKey.contains("[")) {
      String arn = ctx.run.identity().executionArn();
      Optional<Object> journaled = ctx.run.store().journaled(arn, ctx.blockKey);
      Instant due =
          journaled.orElse(null) instanceof String s ? Timestamps.parse(s) : (Instant) null;
      if (due != null) {
        deadline = due;
      } else {
        String text = Timestamps.format(until);
        ctx.run.commit(events -> ctx.run.store().journal(arn, events, ctx.blockKey, text));
      }
    }
    ctx.run.clock().sleepUntil(deadline);
  }

  private static Object read(StateContext ctx, String path, Object input, String field)
      throws StateFailure {
    try {
      return PathEvaluator.resolve(path, input, ctx.scope());
    } catch (PathNotFoundException e) {
      throw ctx.runtime(
          "The " + field + " parameter references an invalid value: " + path + " == null");
    }
  }

  private static long seconds(StateContext ctx, Object v, String field, String path)
      throws StateFailure {
    if (v instanceof Number n) {
      BigDecimal d = new BigDecimal(n.toString());
      if (d.stripTrailingZeros().scale() <= 0) {
        if (d.signum() < 0) {
          throw ctx.runtime(
              "The "
                  + field
                  + " parameter references a negative value: "
                  + path
                  + " == "
                  + Json.write(v));
        }
        return d.longValue() * 1000;
      }
    }
    // not a number, or not a whole one
    throw ctx.runtime(
        "The "
            + field
            + " parameter cannot be parsed as a long value: "
            + path
            + " == "
            + Json.write(v));
  }

  private static Instant timestamp(StateContext ctx, Object v, String field, String path)
      throws StateFailure {
    Instant t = v instanceof String s ? Timestamps.parse(s) : null;
    if (t == null) {
      throw ctx.runtime(
          "The "
              + field
              + " parameter does not reference a valid ISO-8601 extended offset"
              + " date-time format string: "
              + path
              + " == "
              + (v instanceof String s ? s : Json.write(v)));
    }
    return t;
  }
}
