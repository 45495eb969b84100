package dev.slipway.functions;

import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The deployment history in {@code DEPLOYMENTS_TABLE}: partition key {@code pk} = {@code
 * <service>#<environment>}, sort key {@code sk} = {@code deploy#<startedAt>#<execution>} per
 * record, plus one {@code LAST_GOOD} item per environment pointing at the newest successful one.
 */
final class DeploymentHistory {
  static final String PK = "pk";
  static final String SK = "sk";
  static final String LAST_GOOD = "LAST_GOOD";

  private final DynamoDbClient dynamo;
  private final String table;

  DeploymentHistory(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /**
   * Writes the record; the same record written twice (a retried step) leaves one item. A successful
   * record also moves the LAST_GOOD pointer, unless a newer success already did.
   */
  void record(DeploymentRecord record) {
    Map<String, AttributeValue> item = attributes(record);
    item.put(SK, s("deploy#" + record.startedAt() + "#" + record.executionName()));
    dynamo.putItem(r -> r.tableName(table).item(item));
    if (record.result() == DeploymentOutcome.SUCCEEDED) {
      Map<String, AttributeValue> pointer = attributes(record);
      pointer.put(SK, s(LAST_GOOD));
      try {
        dynamo.putItem(
            r ->
                r.tableName(table)
                    .item(pointer)
                    .conditionExpression("attribute_not_exists(pk) OR finishedAt <= :f")
                    .expressionAttributeValues(Map.of(":f", s(record.finishedAt().toString()))));
      } catch (ConditionalCheckFailedException newerExists) {
        // A later deployment already succeeded; the pointer stays on it.
      }
    }
  }

  /** The newest successful deployment of the environment, if any. */
  Optional<DeploymentRecord> lastGood(String service, String environment) {
    var item =
        dynamo
            .getItem(
                r ->
                    r.tableName(table)
                        .consistentRead(true)
                        .key(Map.of(PK, s(service + "#" + environment), SK, s(LAST_GOOD))))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(read(item));
  }

  /** The newest successful deployment of {@code sha} to the environment, if any. */
  Optional<DeploymentRecord> lastGoodOf(String service, String environment, String sha) {
    var response =
        dynamo.query(
            r ->
                r.tableName(table)
                    .keyConditionExpression("pk = :pk AND begins_with(sk, :deploy)")
                    .expressionAttributeValues(
                        Map.of(":pk", s(service + "#" + environment), ":deploy", s("deploy#")))
                    .scanIndexForward(false));
    for (var item : response.items()) {
      if (sha.equals(item.get("sha").s())
          && DeploymentOutcome.SUCCEEDED.name().equals(item.get("result").s())) {
        return Optional.of(read(item));
      }
    }
    return Optional.empty();
  }

  private static DeploymentRecord read(Map<String, AttributeValue> item) {
    try {
      return PipelineJson.mapper().readValue(item.get("record").s(), DeploymentRecord.class);
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable deployment record " + item.get("sk").s(), e);
    }
  }

  private static Map<String, AttributeValue> attributes(DeploymentRecord record) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(PK, s(record.service() + "#" + record.environment()));
    item.put("service", s(record.service()));
    item.put("environment", s(record.environment()));
    item.put("sha", s(record.sha()));
    item.put("result", s(record.result().name()));
    item.put("kind", s(record.kind().name()));
    item.put("startedAt", s(record.startedAt().toString()));
    item.put("finishedAt", s(record.finishedAt().toString()));
    try {
      item.put("record", s(PipelineJson.mapper().writeValueAsString(record)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return item;
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
