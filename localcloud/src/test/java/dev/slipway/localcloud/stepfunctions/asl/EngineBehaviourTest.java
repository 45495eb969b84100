package dev.slipway.localcloud.stepfunctions.asl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.slipway.localcloud.stepfunctions.asl.exec.ExecutionResult;
import dev.slipway.localcloud.stepfunctions.asl.exec.HistoryEvent;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskDispatcher;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Engine behaviour the recorded conformance cases do not cover (they have no Task states). Each
 * test names the AWS Step Functions developer guide section it follows.
 */
class EngineBehaviourTest {
  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<TaskInvocation> calls = new CopyOnWriteArrayList<>();

  /** Parameters decide: {"fail": "Err"} fails, {"failTimes": n} fails the first n attempts. */
  final TaskDispatcher scripted =
      inv -> {
        calls.add(inv);
        Map<String, Object> p =
            inv.parameters() instanceof Map<?, ?> m ? Json.asObject(m) : Map.of();
        if (inv.taskToken() != null) {
          return new CompletableFuture<>();
        }
        if (p.get("fail") instanceof String error) {
          return CompletableFuture.failedFuture(
              new TaskFailedException(error, "cause of " + error));
        }
        if (p.get("crash") != null) {
          return CompletableFuture.failedFuture(new IllegalStateException("handler crashed"));
        }
        if (p.get("failTimes") instanceof Number n && inv.attempt() < n.intValue()) {
          return CompletableFuture.failedFuture(
              new TaskFailedException("Transient", "attempt " + inv.attempt()));
        }
        if (p.get("big") != null) {
          return CompletableFuture.completedFuture("x".repeat(300 * 1024));
        }
        return CompletableFuture.completedFuture(Map.of("done", p));
      };

  ExecutionResult run(String definition, String input) {
    return harness().run(Json.parse(definition), Json.parse(input));
  }

  AslHarness harness;

  AslHarness harness() {
    harness = new AslHarness(clock, scripted);
    return harness;
  }

  List<HistoryEvent> history() {
    return harness.lastRun.events();
  }

  static String task(String name, String params, String extra, String next) {
    return "\""
        + name
        + "\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
        + "\"Parameters\":"
        + params
        + extra
        + (next == null ? ",\"End\":true}" : ",\"Next\":\"" + next + "\"}");
  }

  /** "Handling errors": MaxDelaySeconds caps IntervalSeconds × BackoffRate^attempt. */
  @Test
  void retryBackoffIsCappedByMaxDelaySeconds() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{"
                + task(
                    "T",
                    "{\"failTimes\":4}",
                    ",\"Retry\":[{\"ErrorEquals\":[\"Transient\"],\"IntervalSeconds\":2,"
                        + "\"BackoffRate\":3,\"MaxDelaySeconds\":10,\"MaxAttempts\":5}]",
                    null)
                + "}}",
            "{}");
    assertThat(r.status()).isEqualTo("SUCCEEDED");
    List<Instant> at =
        history().stream()
            .filter(e -> e.type().equals("TaskScheduled"))
            .map(HistoryEvent::timestamp)
            .toList();
    assertThat(at).hasSize(5);
    assertThat(
            List.of(
                Duration.between(at.get(0), at.get(1)).toSeconds(),
                Duration.between(at.get(1), at.get(2)).toSeconds(),
                Duration.between(at.get(2), at.get(3)).toSeconds(),
                Duration.between(at.get(3), at.get(4)).toSeconds()))
        .containsExactly(2L, 6L, 10L, 10L);
    assertThat(calls).extracting(TaskInvocation::attempt).containsExactly(0, 1, 2, 3, 4);
  }

  /** "Handling errors": JitterStrategy FULL draws each delay from [0, computed delay]. */
  @Test
  void fullJitterNeverExceedsTheComputedDelay() {
    run(
        "{\"StartAt\":\"T\",\"States\":{"
            + task(
                "T",
                "{\"failTimes\":3}",
                ",\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"IntervalSeconds\":4,"
                    + "\"JitterStrategy\":\"FULL\",\"MaxAttempts\":3}]",
                null)
            + "}}",
        "{}");
    List<Instant> at =
        history().stream()
            .filter(e -> e.type().equals("TaskScheduled"))
            .map(HistoryEvent::timestamp)
            .toList();
    assertThat(Duration.between(at.get(0), at.get(1))).isLessThanOrEqualTo(Duration.ofSeconds(4));
    assertThat(Duration.between(at.get(1), at.get(2))).isLessThanOrEqualTo(Duration.ofSeconds(8));
    assertThat(Duration.between(at.get(2), at.get(3))).isLessThanOrEqualTo(Duration.ofSeconds(16));
  }

  /** "Handling errors": only the first matching retrier counts; when spent, Catch takes over. */
  @Test
  void exhaustedRetrierFallsThroughToCatchWithErrorOutput() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{"
                + task(
                    "T",
                    "{\"fail\":\"Boom\"}",
                    ",\"Retry\":[{\"ErrorEquals\":[\"Boom\"],\"MaxAttempts\":2,\"IntervalSeconds\":1},"
                        + "{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":5}],"
                        + "\"Catch\":[{\"ErrorEquals\":[\"Boom\"],\"ResultPath\":\"$.err\",\"Next\":\"After\"}]",
                    null)
                + ",\"After\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{\"keep\":1}");
    assertThat(calls).hasSize(3);
    assertThat(r.output())
        .isEqualTo(
            Json.parse("{\"keep\":1,\"err\":{\"Error\":\"Boom\",\"Cause\":\"cause of Boom\"}}"));
  }

  /** "Error names": a handler exception that is not a named error is States.TaskFailed. */
  @Test
  void unnamedHandlerFailureIsStatesTaskFailed() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{" + task("T", "{\"crash\":true}", "", null) + "}}",
            "{}");
    assertThat(r.error()).isEqualTo("States.TaskFailed");
    assertThat(r.cause()).isEqualTo("handler crashed");
    assertThat(history())
        .extracting(HistoryEvent::type)
        .containsExactly(
            "ExecutionStarted",
            "TaskStateEntered",
            "TaskScheduled",
            "TaskStarted",
            "TaskFailed",
            "ExecutionFailed");
  }

  /** "Error names": States.ALL does not catch States.Runtime (a bad path is terminal). */
  @Test
  void statesAllDoesNotCatchRuntimeErrors() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{"
                + task(
                    "T",
                    "{\"x.$\":\"$.missing\"}",
                    ",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"After\"}]",
                    null)
                + ",\"After\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{}");
    assertThat(r.error()).isEqualTo("States.Runtime");
    assertThat(r.cause())
        .contains("The JSONPath '$.missing' specified for the field 'x.$' could not be found");
  }

  /** "Error names": an output over 256 KiB is States.DataLimitExceeded, not catchable by ALL. */
  @Test
  void oversizedOutputIsDataLimitExceeded() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{"
                + task(
                    "T",
                    "{\"big\":true}",
                    ",\"Catch\":[{\"ErrorEquals\":[\"States.ALL\"],\"Next\":\"After\"}]",
                    null)
                + ",\"After\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{}");
    assertThat(r.error()).isEqualTo("States.DataLimitExceeded");
  }

  /** "Amazon States Language" top-level TimeoutSeconds: the execution ends TIMED_OUT. */
  @Test
  void executionTimeoutEndsTimedOut() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"W\",\"TimeoutSeconds\":30,\"States\":{"
                + "\"W\":{\"Type\":\"Wait\",\"Seconds\":60,\"Next\":\"T\"},"
                + "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"End\":true}}}",
            "{}");
    assertThat(r.status()).isEqualTo("TIMED_OUT");
    assertThat(r.error()).isEqualTo("States.Timeout");
    assertThat(history().get(history().size() - 1).type()).isEqualTo("ExecutionTimedOut");
  }

  /** "Parallel": a failing branch fails the state; its Catch routes the error. */
  @Test
  void parallelBranchFailureIsCaught() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Parallel\",\"Branches\":["
                + "{\"StartAt\":\"A\",\"States\":{"
                + task("A", "{\"ok\":1}", "", null)
                + "}},"
                + "{\"StartAt\":\"B\",\"States\":{"
                + task("B", "{\"fail\":\"BranchError\"}", "", null)
                + "}}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"BranchError\"],\"Next\":\"Handled\"}],\"End\":true},"
                + "\"Handled\":{\"Type\":\"Pass\",\"End\":true}}}",
            "{}");
    assertThat(r.status()).isEqualTo("SUCCEEDED");
    assertThat(Json.asObject(r.output()).get("Error")).isEqualTo("BranchError");
    assertThat(history())
        .extracting(HistoryEvent::type)
        .contains("ParallelStateStarted", "ParallelStateFailed");
  }

  /** "Map state": ToleratedFailureCount lets failed iterations through as {Error, Cause}. */
  @Test
  void mapToleratesConfiguredFailures() {
    String def =
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ToleratedFailureCount\":%d,"
            + "\"ItemProcessor\":{\"StartAt\":\"T\",\"States\":{"
            + task("T", "{\"fail.$\":\"$.fail\"}", "", null)
            + "}},\"End\":true}}}";
    String input = "[{\"fail\":\"E1\"},{\"fail\":\"E2\"},{\"fail\":null}]";
    ExecutionResult tolerated = run(String.format(def, 2), input);
    assertThat(tolerated.status()).isEqualTo("SUCCEEDED");
    assertThat(Json.asArray(tolerated.output())).hasSize(3);
    ExecutionResult exceeded = run(String.format(def, 1), input);
    assertThat(exceeded.error()).isEqualTo("States.ExceedToleratedFailureThreshold");
  }

  /** "Map state" history: MapStateStarted, one Started/Succeeded pair per item, ids in order. */
  @Test
  void mapHistoryEventsAreSequential() {
    run(
        "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"MaxConcurrency\":1,"
            + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}},"
            + "\"End\":true}}}",
        "[1,2]");
    List<HistoryEvent> h = history();
    assertThat(h)
        .extracting(HistoryEvent::type)
        .containsExactly(
            "ExecutionStarted",
            "MapStateEntered",
            "MapStateStarted",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapIterationStarted",
            "PassStateEntered",
            "PassStateExited",
            "MapIterationSucceeded",
            "MapStateSucceeded",
            "MapStateExited",
            "ExecutionSucceeded");
    for (int i = 0; i < h.size(); i++) {
      assertThat(h.get(i).id()).isEqualTo(i + 1);
      assertThat(h.get(i).previousEventId()).isEqualTo(i);
    }
    assertThat(h.get(2).details()).containsEntry("length", 2L);
    assertThat(h.get(7).details()).containsEntry("index", 1L);
  }

  /** "Transforming data with JSONata": Arguments to the task, Output/Assign over $states.result. */
  @Test
  void jsonataTaskUsesArgumentsOutputAndAssign() {
    ExecutionResult r =
        run(
            "{\"QueryLanguage\":\"JSONata\",\"StartAt\":\"T\",\"States\":{"
                + "\"T\":{\"Type\":\"Task\",\"Resource\":\"arn:aws:states:::lambda:invoke\","
                + "\"Arguments\":{\"sha\":\"{% $states.input.sha %}\"},"
                + "\"Assign\":{\"seen\":\"{% $states.result.done.sha %}\"},"
                + "\"Output\":{\"result\":\"{% $states.result %}\"},\"Next\":\"P\"},"
                + "\"P\":{\"Type\":\"Pass\",\"Output\":{\"seen\":\"{% $seen %}\",\"prev\":\"{% $states.input %}\"},\"End\":true}}}",
            "{\"sha\":\"abc\"}");
    assertThat(r.output())
        .isEqualTo(
            Json.parse("{\"seen\":\"abc\",\"prev\":{\"result\":{\"done\":{\"sha\":\"abc\"}}}}"));
    assertThat(calls.get(0).parameters()).isEqualTo(Map.of("sha", "abc"));
  }

  /** "Context object": State.RetryCount counts retries of the current Task. */
  @Test
  void contextRetryCountGrowsWithRetries() {
    ExecutionResult r =
        run(
            "{\"StartAt\":\"T\",\"States\":{"
                + task(
                    "T",
                    "{\"failTimes\":2,\"retry.$\":\"$$.State.RetryCount\"}",
                    ",\"Retry\":[{\"ErrorEquals\":[\"Transient\"],\"MaxAttempts\":3}]",
                    null)
                + "}}",
            "{}");
    assertThat(calls)
        .extracting(c -> Json.asObject(c.parameters()).get("retry"))
        .containsExactly(0L, 1L, 2L);
    assertThat(r.status()).isEqualTo("SUCCEEDED");
  }
}
