package dev.slipway.localcloud.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.protocol.Json;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.eventbridge.EventBridgeClient;
import software.amazon.awssdk.services.eventbridge.model.EventBus;
import software.amazon.awssdk.services.eventbridge.model.PutEventsRequestEntry;

/** Requests a manual rollback: a {@code slipway.manual} rollback event on the pipeline's bus. */
@Command(
    name = "rollback",
    mixinStandardHelpOptions = true,
    description =
        "Roll an environment back to an earlier commit (runs the pipeline in rollback mode).")
final class RollbackCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "SHA",
      description =
          "The commit to go back to: a full SHA or a prefix of at least 7 characters of one"
              + " that deployed successfully to the environment (`slipway history` lists them).")
  String sha;

  @Option(
      names = "--env",
      paramLabel = "ENV",
      description = "Environment. Default: ${DEFAULT-VALUE}.")
  String environment = "production";

  @Option(
      names = "--service",
      paramLabel = "NAME",
      description = "Service (default: the only deployed one).")
  String service;

  @Option(names = "--reason", paramLabel = "TEXT", description = "Why; shown in the notification.")
  String reason = "manual rollback";

  @Override
  public Integer call() {
    String given = sha.strip().toLowerCase(java.util.Locale.ROOT);
    if (!given.matches("[0-9a-f]{7,40}")) {
      throw new IllegalArgumentException(
          "--to must be a commit SHA (7 to 40 hexadecimal characters), got '" + sha + "'");
    }
    Running running = Running.require(common);
    String name = service != null ? service : running.onlyService();
    String full;
    try (var ddb =
        running.client(software.amazon.awssdk.services.dynamodb.DynamoDbClient.builder())) {
      full =
          resolve(
              given,
              dev.slipway.localcloud.console.HistoryReport.deployedShas(ddb, name, environment),
              name);
    }
    sha = full;
    try (EventBridgeClient events = running.client(EventBridgeClient.builder())) {
      String bus =
          events.listEventBuses(r -> {}).eventBuses().stream()
              .map(EventBus::name)
              .filter(b -> !b.equals("default"))
              .findFirst()
              .orElse("default");
      ObjectNode detail = Json.MAPPER.createObjectNode();
      detail.put("service", name);
      detail.put("environment", environment);
      detail.put("toSha", sha);
      detail.put("requestedBy", System.getProperty("user.name"));
      detail.put("reason", reason);
      detail.put("requestId", UUID.randomUUID().toString());
      var out =
          events.putEvents(
              r ->
                  r.entries(
                      PutEventsRequestEntry.builder()
                          .eventBusName(bus)
                          .source("slipway.manual")
                          .detailType("rollback")
                          .detail(detail.toString())
                          .build()));
      if (out.failedEntryCount() > 0) {
        System.err.println(
            "slipway: the rollback request was rejected: "
                + out.entries().getFirst().errorMessage());
        return 1;
      }
      System.out.println(
          "slipway: rollback of "
              + name
              + "/"
              + environment
              + " to "
              + sha
              + " requested; `slipway status --watch` follows it");
      return 0;
    }
  }

  /**
   * The one deployed commit {@code given} names; a commit that never deployed successfully to the
   * environment (a typo, a failed build) is refused here, before anything runs.
   */
  String resolve(String given, java.util.List<String> deployed, String name) {
    var matches = deployed.stream().filter(s -> s.startsWith(given)).toList();
    if (matches.size() == 1) {
      return matches.getFirst();
    }
    String recent =
        deployed.isEmpty()
            ? "nothing has deployed there yet"
            : "recent ones: "
                + String.join(
                    ", ", deployed.stream().limit(5).map(s -> s.substring(0, 12)).toList());
    if (matches.isEmpty()) {
      throw new IllegalArgumentException(
          given
              + " never deployed successfully to "
              + name
              + "/"
              + environment
              + ", so there is nothing of it to go back to; "
              + recent
              + " (`slipway history` lists all)");
    }
    throw new IllegalArgumentException(
        given
            + " matches "
            + matches.size()
            + " deployed commits of "
            + name
            + "/"
            + environment
            + " ("
            + String.join(", ", matches)
            + "); give more characters");
  }
}
