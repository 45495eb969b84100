package dev.slipway.localcloud.console;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.slipway.localcloud.console.DeploymentHistoryReader.Dynamo;
import java.io.PrintStream;
import java.time.InstantSource;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * What {@code slipway history} prints: per service and environment, what serves, the deployments
 * and rollbacks newest first, and the DORA figures — the console's deployments view as text.
 */
public final class HistoryReport {
  private HistoryReport() {}

  /**
   * The commits that deployed successfully to {@code service}'s {@code environment}, newest first
   * and each once: what a rollback can go back to.
   */
  public static java.util.List<String> deployedShas(
      DynamoDbClient dynamo, String service, String environment) {
    var records =
        DeploymentHistoryReader.read(new Dynamo(dynamo::listTables, dynamo::scan)).records();
    var shas = new java.util.LinkedHashSet<String>();
    for (int i = records.size() - 1; i >= 0; i--) {
      var r = records.get(i);
      if (r.service().equals(service)
          && r.environment().equals(environment)
          && r.result() == dev.slipway.pipeline.model.DeploymentOutcome.SUCCEEDED) {
        shas.add(r.sha());
      }
    }
    return java.util.List.copyOf(shas);
  }

  /** Prints the report read through {@code dynamo}; returns the process exit code. */
  public static int print(DynamoDbClient dynamo, InstantSource clock, PrintStream out) {
    ObjectNode view =
        DeploymentsView.of(
            DeploymentHistoryReader.read(new Dynamo(dynamo::listTables, dynamo::scan)), clock);
    out.print(render(view));
    return 0;
  }

  /** The text for a deployments view. */
  static String render(JsonNode view) {
    StringBuilder s = new StringBuilder();
    if (view.path("environments").isEmpty()) {
      return "no deployments recorded yet\n";
    }
    for (JsonNode env : view.path("environments")) {
      s.append(env.path("service").asText())
          .append(" / ")
          .append(env.path("environment").asText())
          .append('\n');
      JsonNode serving = env.path("serving");
      s.append("  serving: ")
          .append(
              serving.isObject()
                  ? serving.path("sha").asText() + "  " + serving.path("imageDigest").asText("")
                  : "nothing yet")
          .append('\n');
      for (JsonNode r : env.path("history")) {
        s.append(
            String.format(
                Locale.ROOT,
                "  %-20s  %-8s  %-11s  %-12s  %s  %s%n",
                r.path("finishedAt").asText(),
                r.path("kind").asText(),
                r.path("result").asText(),
                r.path("strategy").asText(),
                r.path("sha").asText().substring(0, Math.min(12, r.path("sha").asText().length())),
                r.path("reason").asText("")));
      }
      JsonNode d = env.path("dora");
      s.append(
          String.format(
              Locale.ROOT,
              "  DORA (%d days): deployment frequency %.2f/day (%d), lead time %s,"
                  + " change failure rate %s, time to restore %s%n",
              view.path("windowDays").asInt(),
              d.path("deploymentsPerDay").asDouble(),
              d.path("deployments").asInt(),
              seconds(d.path("leadTimeMedianSeconds")),
              !d.path("changeFailureRate").isNumber()
                  ? "n/a"
                  : String.format(
                      Locale.ROOT, "%.0f%%", 100 * d.path("changeFailureRate").asDouble()),
              seconds(d.path("timeToRestoreMedianSeconds"))));
      if (d.path("inconclusiveRollbacks").asInt() > 0) {
        s.append(
            String.format(
                Locale.ROOT,
                "  inconclusive rollbacks: %d (canary had too little traffic to judge; not change"
                    + " failures)%n",
                d.path("inconclusiveRollbacks").asInt()));
      }
    }
    return s.toString();
  }

  static String seconds(JsonNode n) {
    if (n == null || n.isNull() || n.isMissingNode()) {
      return "n/a";
    }
    long s = n.asLong();
    return s < 120
        ? s + " s"
        : s < 7200 ? (s / 60) + " min" : String.format(Locale.ROOT, "%.1f h", s / 3600.0);
  }
}
