package dev.slipway.functions;

import java.time.Duration;
import java.time.InstantSource;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Task tokens waiting for an ECS deployment, in {@code LOCKS_TABLE} under {@code
 * callback#<deploymentId>}, with the result to send once that deployment completes. Items expire
 * (DynamoDB TTL on {@code expiresAt}) after a day, longer than any deploy state's timeout.
 */
final class PendingCallbacks {
  static final String KEY = "id";
  static final String EXPIRES_AT = "expiresAt";
  private static final Duration TTL = Duration.ofDays(1);

  /** A waiting state: its token and the result JSON to complete. */
  record Pending(String taskToken, String resultJson, String execution) {}

  private final DynamoDbClient dynamo;
  private final String table;
  private final InstantSource clock;

  PendingCallbacks(DynamoDbClient dynamo, String table, InstantSource clock) {
    this.dynamo = dynamo;
    this.table = table;
    this.clock = clock;
  }

  /** Stores (or, for a retried step, replaces) the callback of one deployment. */
  void put(String deploymentId, Pending pending) {
    dynamo.putItem(
        r ->
            r.tableName(table)
                .item(
                    Map.of(
                        KEY,
                        s(key(deploymentId)),
                        "taskToken",
                        s(pending.taskToken()),
                        "result",
                        s(pending.resultJson()),
                        "execution",
                        s(pending.execution()),
                        EXPIRES_AT,
                        AttributeValue.fromN(
                            Long.toString(clock.instant().plus(TTL).getEpochSecond())))));
  }

  /** The callback waiting for this deployment, if any. */
  Optional<Pending> get(String deploymentId) {
    var item =
        dynamo
            .getItem(
                r -> r.tableName(table).key(Map.of(KEY, s(key(deploymentId)))).consistentRead(true))
            .item();
    if (item == null || item.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        new Pending(
            item.get("taskToken").s(), item.get("result").s(), text(item.get("execution"))));
  }

  /** Forgets the callback once its state was resumed. */
  void delete(String deploymentId) {
    dynamo.deleteItem(r -> r.tableName(table).key(Map.of(KEY, s(key(deploymentId)))));
  }

  private static String key(String deploymentId) {
    return "callback#" + deploymentId;
  }

  private static String text(AttributeValue value) {
    return value == null ? null : value.s();
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
