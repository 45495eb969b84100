package dev.slipway.localcloud.demo;

import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The deployment history the pipeline's RecordDeployment step wrote to the deployments table: each
 * item's {@code record} attribute is a {@link DeploymentRecord} as JSON; the {@code LAST_GOOD}
 * pointer items repeat a record and are skipped.
 */
public final class DeploymentRecords {
  private static final Pattern TABLE =
      Pattern.compile("(?i).*deployments[0-9a-f]{0,8}(-[a-z0-9]+)?");

  private DeploymentRecords() {}

  /**
   * The deployments table: CloudFormation names it {@code <stack>-<logical id>[-<suffix>]}, the
   * logical id ending in {@code Deployments} and a hash ({@code
   * DeploymentStoreDeployments35658BD6}); a plain "contains deployments" would also match {@code
   * DeploymentStoreDeliveries…}.
   */
  public static String table(DynamoDbClient dynamo) {
    return dynamo.listTables().tableNames().stream()
        .filter(DeploymentRecords::isDeploymentsTable)
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalStateException(
                    "no deployments table is deployed in local mode; is the stack up?"));
  }

  /** Whether a table name is the deployments table's (see {@link #table}). */
  public static boolean isDeploymentsTable(String name) {
    return TABLE.matcher(name).matches();
  }

  /** Every record of the stack's deployments table, oldest first. */
  public static List<DeploymentRecord> read(DynamoDbClient dynamo) {
    String table = table(dynamo);
    List<DeploymentRecord> records = new ArrayList<>();
    for (Map<String, AttributeValue> item : dynamo.scanPaginator(r -> r.tableName(table)).items()) {
      AttributeValue sk = item.get("sk");
      AttributeValue record = item.get("record");
      if (record == null || sk == null || !sk.s().startsWith("deploy#")) {
        continue;
      }
      records.add(parse(record.s()));
    }
    records.sort(Comparator.comparing(DeploymentRecord::finishedAt));
    return records;
  }

  static DeploymentRecord parse(String json) {
    try {
      return PipelineJson.mapper().readValue(json, DeploymentRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable deployment record: " + e.getMessage(), e);
    }
  }
}
