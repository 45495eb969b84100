package dev.slipway.localcloud.stepfunctions.asl.exec;

import dev.slipway.localcloud.stepfunctions.asl.model.Catcher;
import dev.slipway.localcloud.stepfunctions.asl.model.Retrier;
import dev.slipway.localcloud.stepfunctions.asl.model.StateCommon;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Retry and Catch ("Handling errors in Step Functions workflows"): the first retrier whose
 * ErrorEquals matches decides; its attempts count separately; back-off is IntervalSeconds ×
 * BackoffRate^attempt, capped by MaxDelaySeconds, with FULL jitter drawing from [0, delay). When no
 * retry is left the first matching catcher routes the error output.
 */
final class ErrorHandling {
  /** The work of a state (Task, Map, Parallel); returns its output. */
  interface Work {
    Object run() throws StateFailure, InterruptedException;
  }

  /** The state output and, when a catcher took over, its Next. */
  record Result(Object output, String next) {}

  private ErrorHandling() {}

  static Result run(StateContext ctx, Object rawInput, Work work)
      throws StateFailure, InterruptedException {
    StateCommon c = ctx.state.common();
    int[] attempts = new int[c.retry().size()];
    while (true) {
      try {
        return new Result(work.run(), null);
      } catch (StateFailure f) {
        int i = firstMatch(c.retry().stream().map(Retrier::errorEquals).toList(), f.error());
        if (i >= 0 && attempts[i] < c.retry().get(i).maxAttempts()) {
          Retrier r = c.retry().get(i);
          ctx.run.clock().sleepUntil(ctx.run.clock().now().plus(delay(r, attempts[i])));
          attempts[i]++;
          ctx.retryCount++;
          continue;
        }
        int k = firstMatch(c.catchers().stream().map(Catcher::errorEquals).toList(), f.error());
        if (k < 0) {
          throw f;
        }
        return new Result(
            caught(ctx, c.catchers().get(k), rawInput, f), c.catchers().get(k).next());
      }
    }
  }

  static Duration delay(Retrier r, int attempt) {
    double seconds = r.intervalSeconds() * Math.pow(r.backoffRate(), attempt);
    if (r.maxDelaySeconds() != null) {
      seconds = Math.min(seconds, r.maxDelaySeconds());
    }
    if (r.fullJitter()) {
      seconds = ThreadLocalRandom.current().nextDouble() * seconds;
    }
    return Duration.ofMillis((long) (seconds * 1000));
  }

  private static Object caught(StateContext ctx, Catcher catcher, Object rawInput, StateFailure f)
      throws StateFailure {
    Map<String, Object> errorOutput = new LinkedHashMap<>();
    errorOutput.put("Error", f.error());
    errorOutput.put("Cause", f.cause());
    if (ctx.state.common().jsonata()) {
      Map<String, Object> states = DataFlow.states(ctx, rawInput, DataFlow.NO_RESULT);
      states.put("errorOutput", errorOutput);
      Map<String, Object> assigned =
          catcher.assign() == null
              ? Map.of()
              : dev.slipway.localcloud.stepfunctions.asl.json.Json.asObject(
                  DataFlow.jsonata(ctx, catcher.assign(), states, "Assign"));
      Object out =
          catcher.output() == null
              ? errorOutput
              : DataFlow.jsonata(ctx, catcher.output(), states, "Output");
      ctx.vars.assignAll(assigned);
      return out;
    }
    Map<String, Object> assigned = DataFlow.assignJsonPath(ctx, catcher.assign(), errorOutput);
    Object out = DataFlow.resultPath(ctx, catcher.resultPath(), rawInput, errorOutput);
    ctx.vars.assignAll(assigned);
    return out;
  }

  /** Index of the first ErrorEquals list matching {@code error}, or -1. */
  static int firstMatch(List<List<String>> lists, String error) {
    for (int i = 0; i < lists.size(); i++) {
      for (String name : lists.get(i)) {
        if (matches(name, error)) {
          return i;
        }
      }
    }
    return -1;
  }

  /**
   * States.ALL matches every error except the terminal States.Runtime and States.DataLimitExceeded;
   * States.TaskFailed matches every error except States.Timeout.
   */
  static boolean matches(String name, String error) {
    if (name.equals(error)) {
      return true;
    }
    boolean terminal = "States.Runtime".equals(error) || "States.DataLimitExceeded".equals(error);
    return switch (name) {
      case "States.ALL" -> !terminal;
      case "States.TaskFailed" -> !terminal && !"States.Timeout".equals(error);
      default -> false;
    };
  }
}
