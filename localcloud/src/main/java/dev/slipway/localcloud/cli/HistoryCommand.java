package dev.slipway.localcloud.cli;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Lists the deployment records the pipeline wrote to DynamoDB. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description = "List the deployment history (records the pipeline wrote to its DynamoDB table).")
final class HistoryCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Running running = Running.require(common);
    try (DynamoDbClient ddb = running.client(DynamoDbClient.builder())) {
      String table =
          ddb.listTables().tableNames().stream()
              .filter(t -> t.toLowerCase(java.util.Locale.ROOT).contains("deployments"))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("no deployments table is deployed"));
      var items = ddb.scan(r -> r.tableName(table)).items();
      if (items.isEmpty()) {
        System.out.println("no deployments recorded yet");
      }
      for (Map<String, AttributeValue> item : items) {
        Map<String, String> row = new TreeMap<>();
        item.forEach(
            (k, v) ->
                row.put(k, v.s() != null ? v.s() : v.n() != null ? v.n() : String.valueOf(v)));
        System.out.println(row);
      }
      System.out.println(
          "DORA metrics are not computed by the local CLI yet; the records above are their source.");
      return 0;
    }
  }
}
