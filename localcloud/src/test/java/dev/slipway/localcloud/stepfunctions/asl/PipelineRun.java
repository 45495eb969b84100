package dev.slipway.localcloud.stepfunctions.asl;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs Slipway's own pipeline definition on the engine for a push of {@link #SHA}, with handlers
 * answering by function name, and reads back what the run did: the calls it made and the states it
 * entered.
 */
final class PipelineRun {
  static final String SHA = "0123456789012345678901234567890123456789";

  static final String PUSH =
      """
      {"version":"0","id":"e1","detail-type":"push","source":"slipway.github","account":"000000000000",
       "time":"2026-01-01T00:00:00Z","region":"us-east-1","resources":[],
       "detail":{"service":"hello","repository":"acme/hello","ref":"refs/heads/main","branch":"main",
                 "sha":"0123456789012345678901234567890123456789","beforeSha":"","pusher":"dev",
                 "commitMessage":"change","commitTimestamp":"2026-01-01T00:00:00Z",
                 "deliveryId":"d1","receivedAt":"2026-01-01T00:00:00Z"}}
      """;

  /** Every task the runs made, in order. */
  final List<TaskInvocation> calls = new CopyOnWriteArrayList<>();

  private List<HistoryEvent> lastHistory;

  static String pipelineDefinition() throws Exception {
    Path file = Path.of(System.getProperty("slipway.root"), "statemachines", "pipeline.asl.json");
    String text = Files.readString(file);
    // definitionSubstitutions as CDK applies them: ARNs for functions, numbers for the rest
    Matcher m = Pattern.compile("\\$\\{([A-Za-z]+)}").matcher(text);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value =
          name.endsWith("FunctionArn")
              ? "arn:aws:lambda:us-east-1:000000000000:function:" + name.replace("FunctionArn", "")
              : "60";
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  /**
   * Runs the pipeline with handlers answering by function name (Lambda invoke result shape); a
   * callback task's outcome is the answer to {@code <function>.callback}. A {@link
   * TaskFailedException} answer fails the task.
   */
  ExecutionResult run(Function<String, Object> handlers) throws Exception {
    AslHarness[] self = new AslHarness[1];
    AslHarness h =
        new AslHarness(
            new VirtualClock(Instant.parse("2026-01-01T00:00:00Z")),
            inv -> {
              calls.add(inv);
              if (inv.taskToken() != null) {
                // a callback task: the build (or deployment) ends through its token
                Object outcome = handlers.apply(functionOf(inv) + ".callback");
                if (outcome instanceof TaskFailedException e) {
                  self[0].callbacks.fail(inv.taskToken(), e.error(), e.cause());
                } else {
                  self[0].callbacks.succeed(inv.taskToken(), outcome);
                }
              }
              Object payload = handlers.apply(functionOf(inv));
              if (payload instanceof TaskFailedException e) {
                return CompletableFuture.failedFuture(e);
              }
              return CompletableFuture.completedFuture(
                  Map.of("StatusCode", 200, "Payload", payload));
            });
    self[0] = h;
    ExecutionResult r = h.run(pipelineDefinition(), Json.parse(PUSH));
    lastHistory = h.lastRun.events();
    return r;
  }

  /** The function a task invoked, by the name in its ARN. */
  static String functionOf(TaskInvocation inv) {
    String arn = (String) Json.asObject(inv.parameters()).get("FunctionName");
    return arn.substring(arn.lastIndexOf(':') + 1);
  }

  /** The states the last run entered, in order. */
  List<String> statesEntered() {
    return lastHistory.stream()
        .filter(e -> e.type().endsWith("StateEntered"))
        .map(e -> (String) e.details().get("name"))
        .toList();
  }

  /** The payload the first call of {@code function} received. */
  Map<String, Object> payloadOf(String function) {
    return Json.asObject(
        Json.asObject(
                calls.stream()
                    .filter(c -> functionOf(c).equals(function))
                    .findFirst()
                    .orElseThrow()
                    .parameters())
            .get("Payload"));
  }

  /** The pipeline document the first call of {@code function} received. */
  Map<String, Object> stateSentTo(String function) {
    return Json.asObject(payloadOf(function).get("state"));
  }

  /**
   * Prepare's config of a canary rollout to staging and production in {@code steps} (percent), 60 s
   * bakes, {@code maxBakeExtensions} extensions and no approval.
   */
  static Map<String, Object> canaryConfig(List<Integer> steps, int maxBakeExtensions) {
    return Map.of(
        "environments",
        List.of("staging", "production"),
        "strategy",
        "canary",
        "canarySteps",
        steps,
        "bakeSeconds",
        60,
        "maxBakeExtensions",
        maxBakeExtensions,
        "approvalRequired",
        false);
  }
}
