package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.protocol.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
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
      return UnlockCommand.lock(dynamo, table, service)
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
    for (HistoryEvent h :
        sfn.getExecutionHistoryPaginator(r -> r.executionArn(e.executionArn())).events()) {
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
    if (!e.statusAsString().equals("RUNNING")) {
      outcome(sfn.describeExecution(r -> r.executionArn(e.executionArn())))
          .ifPresent(why -> System.out.println("  why: " + why));
    }
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
