package dev.slipway.localcloud.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/**
 * Finds the pipeline execution a push started and follows it to its end through the Step Functions
 * API, printing each state as it is entered and left (the live step view).
 */
public final class ExecutionWatch {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Duration POLL = Duration.ofMillis(500);

  private final SfnClient sfn;
  private final String stateMachineArn;

  public ExecutionWatch(SfnClient sfn, String stateMachineArn) {
    this.sfn = sfn;
    this.stateMachineArn = stateMachineArn;
  }

  /** The final view of one execution. */
  public record Finished(
      String executionName,
      String status,
      String endState,
      String cause,
      Instant endedAt,
      List<StateSpan> states) {}

  /**
   * The execution whose input carries {@code sha} as {@code detail.sha}, waiting up to {@code
   * within} for the push's webhook to start it.
   */
  public ExecutionListItem awaitExecution(String sha, Duration within) {
    long deadline = System.nanoTime() + within.toNanos();
    while (System.nanoTime() < deadline) {
      Optional<ExecutionListItem> found = findExecution(sha);
      if (found.isPresent()) {
        return found.get();
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IllegalStateException(
        "no pipeline execution started for "
            + sha
            + " within "
            + within.toSeconds()
            + " s of the push; check the webhook and EventBridge in the local mode log");
  }

  /**
   * The executions of the pipeline that were started for {@code sha} (pushes of it and rollbacks to
   * it), newest first.
   */
  public List<ExecutionListItem> executionsOf(String sha) {
    List<ExecutionListItem> of = new ArrayList<>();
    for (ExecutionListItem e :
        sfn.listExecutions(r -> r.stateMachineArn(stateMachineArn)).executions()) {
      DescribeExecutionResponse d = sfn.describeExecution(r -> r.executionArn(e.executionArn()));
      if (sha.equals(detailSha(d.input()))) {
        of.add(e);
      }
    }
    return of;
  }

  private Optional<ExecutionListItem> findExecution(String sha) {
    return executionsOf(sha).stream().findFirst();
  }

  private static String detailSha(String input) {
    try {
      JsonNode detail = JSON.readTree(input).path("detail");
      // a push carries the SHA it deploys; a manual rollback the SHA it restores
      return detail.has("sha")
          ? detail.path("sha").asText(null)
          : detail.path("toSha").asText(null);
    } catch (Exception e) {
      return null;
    }
  }

  /** Follows the execution to its end, printing state changes; fails after {@code within}. */
  public Finished follow(ExecutionListItem execution, Duration within, Consumer<String> view) {
    long deadline = System.nanoTime() + within.toNanos();
    Instant start = execution.startDate();
    List<Integer> shown = new ArrayList<>();
    List<StateSpan> spans = List.of();
    while (System.nanoTime() < deadline) {
      DescribeExecutionResponse d =
          sfn.describeExecution(r -> r.executionArn(execution.executionArn()));
      spans = spans(history(execution.executionArn()));
      print(spans, shown, start, view);
      if (!"RUNNING".equals(d.statusAsString())) {
        Instant end = d.stopDate() != null ? d.stopDate() : Instant.now();
        String endState = spans.isEmpty() ? "" : spans.getLast().label();
        return new Finished(execution.name(), d.statusAsString(), endState, d.cause(), end, spans);
      }
      LockSupport.parkNanos(POLL.toNanos());
    }
    throw new IllegalStateException(
        "execution "
            + execution.name()
            + " was still running after "
            + within.toSeconds()
            + " s; `slipway status` shows where it waits");
  }

  private List<HistoryEvent> history(String executionArn) {
    List<HistoryEvent> events = new ArrayList<>();
    sfn.getExecutionHistoryPaginator(r -> r.executionArn(executionArn))
        .events()
        .forEach(events::add);
    return events;
  }

  /** Spans in order of entry; a state left by a failure event is marked failed. */
  static List<StateSpan> spans(List<HistoryEvent> events) {
    List<StateSpan> spans = new ArrayList<>();
    for (HistoryEvent h : events) {
      if (h.stateEnteredEventDetails() != null) {
        String name = h.stateEnteredEventDetails().name();
        spans.add(
            new StateSpan(
                label(name, h.stateEnteredEventDetails().input()), h.timestamp(), null, false));
      } else if (h.stateExitedEventDetails() != null) {
        closeLatest(spans, h.stateExitedEventDetails().name(), h.timestamp(), false);
      } else if (h.typeAsString().endsWith("Failed") && !spans.isEmpty()) {
        StateSpan last = spans.getLast();
        if (last.exitedAt() == null) {
          spans.set(spans.size() - 1, last.exited(h.timestamp(), true));
        }
      }
    }
    return spans;
  }

  private static void closeLatest(List<StateSpan> spans, String name, Instant at, boolean failed) {
    for (int i = spans.size() - 1; i >= 0; i--) {
      StateSpan s = spans.get(i);
      if (s.exitedAt() == null && (s.label().equals(name) || s.label().startsWith(name + " ("))) {
        spans.set(i, s.exited(at, failed));
        return;
      }
    }
  }

  /** Canary iterations carry their step: "Shift traffic (25 %)". */
  private static String label(String name, String input) {
    try {
      JsonNode percent = JSON.readTree(input).path("step").path("trafficPercent");
      return percent.isNumber() ? name + " (" + percent.asInt() + " %)" : name;
    } catch (Exception e) {
      return name;
    }
  }

  /**
   * Prints what changed since the last call: a line when a state is entered, one when it ends.
   * {@code shown} holds, per span, 1 once its start was printed and 2 once its end was.
   */
  private static void print(
      List<StateSpan> spans, List<Integer> shown, Instant start, Consumer<String> view) {
    for (int i = 0; i < spans.size(); i++) {
      StateSpan s = spans.get(i);
      if (shown.size() <= i) {
        shown.add(0);
      }
      if (shown.get(i) == 0 && s.exitedAt() == null) {
        view.accept(line(start, s.enteredAt(), "...", s.label(), ""));
        shown.set(i, 1);
      } else if (shown.get(i) < 2 && s.exitedAt() != null) {
        String took = String.format("%.1f s", s.duration().toMillis() / 1000.0);
        view.accept(line(start, s.exitedAt(), s.failed() ? "FAILED" : "done", s.label(), took));
        shown.set(i, 2);
      }
    }
  }

  private static String line(Instant start, Instant at, String what, String label, String took) {
    return String.format(
        "  %6.1f s  %-6s %-42s %s",
        Duration.between(start, at).toMillis() / 1000.0, what, label, took);
  }
}
