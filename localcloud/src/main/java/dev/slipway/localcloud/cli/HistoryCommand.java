package dev.slipway.localcloud.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** Lists the deployment records the pipeline wrote to DynamoDB. */
@Command(
    name = "history",
    mixinStandardHelpOptions = true,
    description =
        "Print the deployment history per service and environment, what serves, and DORA"
            + " metrics (from the pipeline's DynamoDB table).")
final class HistoryCommand implements Callable<Integer> {
  @Mixin CommonOptions common;

  @Override
  public Integer call() {
    Running running = Running.require(common);
    try (DynamoDbClient ddb = running.client(DynamoDbClient.builder())) {
      // the same history and DORA figures as the console's deployments view
      return dev.slipway.localcloud.console.HistoryReport.print(
          ddb, java.time.Clock.systemUTC(), System.out);
    }
  }
}
