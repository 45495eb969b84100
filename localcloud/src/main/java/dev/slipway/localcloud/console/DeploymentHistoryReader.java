package dev.slipway.localcloud.console;

import dev.slipway.localcloud.demo.DeploymentRecords;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTablesResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * Reads the pipeline's deployments table through the DynamoDB API (an SDK client for the CLI, the
 * in-process service registry for the console): {@code deploy#…} items hold a {@link
 * DeploymentRecord} as JSON under {@code record}; {@code LAST_GOOD} items point at what serves.
 */
final class DeploymentHistoryReader {
  /** The two DynamoDB calls the history needs, from whichever client the caller has. */
  record Dynamo(
      Function<ListTablesRequest, ListTablesResponse> listTables,
      Function<ScanRequest, ScanResponse> scan) {}

  /** Everything in the table: history oldest first, and the last-known-good per environment. */
  record History(List<DeploymentRecord> records, Map<String, DeploymentRecord> lastGood) {}

  private DeploymentHistoryReader() {}

  static History read(Dynamo dynamo) {
    String table =
        dynamo.listTables().apply(ListTablesRequest.builder().build()).tableNames().stream()
            .filter(DeploymentRecords::isDeploymentsTable)
            .findFirst()
            .orElse(null);
    List<DeploymentRecord> records = new ArrayList<>();
    Map<String, DeploymentRecord> lastGood = new java.util.TreeMap<>();
    if (table == null) {
      return new History(records, lastGood);
    }
    Map<String, AttributeValue> startKey = null;
    do {
      ScanResponse page =
          dynamo
              .scan()
              .apply(ScanRequest.builder().tableName(table).exclusiveStartKey(startKey).build());
      for (Map<String, AttributeValue> item : page.items()) {
        AttributeValue sk = item.get("sk");
        AttributeValue record = item.get("record");
        if (sk == null || record == null || record.s() == null) {
          continue;
        }
        DeploymentRecord r = parse(record.s());
        if (sk.s().startsWith("deploy#")) {
          records.add(r);
        } else if (sk.s().equals("LAST_GOOD")) {
          lastGood.put(r.service() + "/" + r.environment(), r);
        }
      }
      startKey =
          page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty()
              ? page.lastEvaluatedKey()
              : null;
    } while (startKey != null);
    records.sort(Comparator.comparing(DeploymentRecord::finishedAt));
    return new History(records, lastGood);
  }

  static DeploymentRecord parse(String json) {
    try {
      return PipelineJson.mapper().readValue(json, DeploymentRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "unreadable deployment record in the deployments table: " + e.getMessage(), e);
    }
  }
}
