package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.functions.LockStore;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionListItem;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;

/** Shows local mode and the current pipeline execution's states, live with --watch. */
@Command(
    name = "status",
    mixinStandardHelpOptions = true,
    description =
        "Show local mode and the latest pipeline execution, state by state (--watch follows it live).")
final class StatusCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = {"-w", "--watch"},
      description = "Refresh every second until the execution ends.")
  boolean watch;

  @Override
  public Integer call() throws Exception {
    Running running = Running.require(common);
    System.out.println(
        "local mode: up at "
            + running.endpoint
            + ", "
            + running.state.path("functions").size()
            + " functions");
    blocked(running).ifPresent(System.out::println);
    String machine = running.output("StateMachineArn");
    if (machine == null) {
      System.out.println("no pipeline state machine is deployed");
      return 0;
    }
    try (SfnClient sfn = running.client(SfnClient.builder())) {
      while (true) {
        var executions =
            sfn.listExecutions(r -> r.stateMachineArn(machine).maxResults(1)).executions();
        if (executions.isEmpty()) {
          System.out.println("no execution yet: `slipway push` starts one");
          return 0;
        }
        ExecutionListItem latest = executions.getFirst();
        print(sfn, latest);
        if (!watch || !latest.statusAsString().equals("RUNNING")) {
          return latest.statusAsString().equals("FAILED") ? 1 : 0;
        }
        Thread.sleep(1000);
        System.out.println();
      }
    }
  }

  /** The line saying that deploys are blocked by a lock a failed rollback kept, and the way out. */
  static Optional<String> blocked(Running running) {
    String table = running.output("LocksTableName");
    if (table == null) {
      return Optional.empty();
    }
    String service = running.onlyService();
    try (var dynamo =
        running.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder())) {
      return new LockStore(dynamo, table)
          .lock(service)
          .filter(dev.slipway.pipeline.model.ServiceLock::needsAttention)
          .map(
              lock ->
                  "deploys of "
                      + service
                      + " are BLOCKED since "
                      + lock.acquiredAt()
                      + ": "
                      + lock.reason()
                      + "\n  way out: "
                      + dev.slipway.pipeline.DeployLock.WAY_OUT.formatted(service));
    }
  }

  private static void print(SfnClient sfn, ExecutionListItem e) {
    System.out.println(
        "execution " + e.name() + ": " + e.statusAsString() + " (started " + e.startDate() + ")");
    Map<String, String[]> states = new LinkedHashMap<>();
    List<HistoryEvent> events = ExecutionHistory.of(sfn, e.executionArn());
    for (HistoryEvent h : events) {
      if (h.stateEnteredEventDetails() != null) {
        states.put(
            h.stateEnteredEventDetails().name(),
            new String[] {"running", h.timestamp().toString(), ""});
      } else if (h.stateExitedEventDetails() != null) {
        String[] s = states.get(h.stateExitedEventDetails().name());
        if (s != null) {
          s[0] = "done";
          s[2] = Duration.between(Instant.parse(s[1]), h.timestamp()).toMillis() + " ms";
        }
      } else if (h.typeAsString().endsWith("Failed") && !states.isEmpty()) {
        states.values().stream().reduce((a, b) -> b).ifPresent(s -> s[0] = "failed");
      }
    }
    states.forEach((name, s) -> System.out.printf("  %-8s %-40s %s%n", s[0], name, s[2]));
    if (e.statusAsString().equals("RUNNING")) {
      canary(events).ifPresent(where -> System.out.println("  " + where));
    } else {
      outcome(sfn.describeExecution(r -> r.executionArn(e.executionArn())))
          .ifPresent(why -> System.out.println("  why: " + why));
    }
  }

  /** The states inside the "Canary steps" Map; their input names the step. */
  private static final Set<String> CANARY_STATES =
      Set.of("Shift traffic", "Bake", "Analyze canary", "Extend bake", "Canary step passed");

  private static final DateTimeFormatter CLOCK =
      DateTimeFormatter.ofPattern("HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

  /**
   * Where a running canary is, from the execution history: the latest state entered inside the
   * "Canary steps" Map carries the step ({@code step.trafficPercent}, {@code step.bakeSeconds},
   * {@code stepNumber}, {@code stepCount}), e.g. "canary at 25 % (step 2 of 4), baking until
   * 14:03:10Z". Empty outside the canary steps (before them, after the Map ended, in a rollback).
   */
  static Optional<String> canary(List<HistoryEvent> events) {
    HistoryEvent current = null;
    for (HistoryEvent h : events) {
      if (h.stateEnteredEventDetails() != null) {
        current = CANARY_STATES.contains(h.stateEnteredEventDetails().name()) ? h : null;
      } else if (h.stateExitedEventDetails() != null
          && h.stateExitedEventDetails().name().equals("Canary steps")) {
        current = null;
      }
    }
    if (current == null) {
      return Optional.empty();
    }
    JsonNode input;
    try {
      input = Json.MAPPER.readTree(current.stateEnteredEventDetails().input());
    } catch (IOException | RuntimeException unreadable) {
      return Optional.empty();
    }
    JsonNode step = input.path("step");
    if (!step.has("trafficPercent")) {
      return Optional.empty();
    }
    String where =
        "canary at "
            + step.path("trafficPercent").asText()
            + " % (step "
            + input.path("stepNumber").asText("?")
            + " of "
            + input.path("stepCount").asText("?")
            + "), ";
    Instant bakeEnds = current.timestamp().plusSeconds(step.path("bakeSeconds").asLong(0));
    return Optional.of(
        where
            + switch (current.stateEnteredEventDetails().name()) {
              case "Shift traffic" -> "shifting traffic";
              case "Bake" -> "baking until " + CLOCK.format(bakeEnds);
              case "Extend bake" ->
                  "too few requests to judge, baking again until " + CLOCK.format(bakeEnds);
              case "Analyze canary" -> "analyzing";
              default -> "step passed";
            });
  }

  /**
   * Why an ended execution ended as it did, when its states do not say: the cause of a failure, or
   * Prepare's reason for a run that deployed nothing (skipped, superseded, refused by a freeze).
   */
  static Optional<String> outcome(DescribeExecutionResponse d) {
    if (d.cause() != null && !d.cause().isBlank()) {
      return Optional.of(d.cause());
    }
    if (d.output() == null) {
      return Optional.empty();
    }
    try {
      JsonNode prepare = Json.MAPPER.readTree(d.output()).path("prepare");
      String decision = prepare.path("decision").asText("PROCEED");
      return decision.equals("PROCEED") || !prepare.path("reason").isTextual()
          ? Optional.empty()
          : Optional.of(decision + ": " + prepare.path("reason").asText());
    } catch (IOException notJson) {
      return Optional.empty();
    }
  }
}
