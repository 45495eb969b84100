package dev.slipway.functions;

import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.QueuedPush;
import dev.slipway.pipeline.model.ReceivedPush;
import dev.slipway.pipeline.model.ServiceLock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * The per-service deploy lock and the newest queued push, in {@code LOCKS_TABLE}: {@code
 * lock#<service>} holds the {@link ServiceLock}, {@code newest#<service>} the newest {@link
 * QueuedPush}, {@code received#<service>} the newest push the webhook accepted ({@link
 * dev.slipway.pipeline.model.ReceivedPush}). Every write is conditional on what was read, so two
 * runs deciding at once cannot both win. The CLI reads the lock through {@link #lock} too.
 */
public final class LockStore {
  static final String KEY = "id";

  private final DynamoDbClient dynamo;
  private final String table;

  /** The locks of {@code table}, read and written through {@code dynamo}. */
  public LockStore(DynamoDbClient dynamo, String table) {
    this.dynamo = dynamo;
    this.table = table;
  }

  /** The service's deploy lock, read consistently; empty when the service is not locked. */
  public Optional<ServiceLock> lock(String service) {
    return read("lock#" + service, "lock", ServiceLock.class);
  }

  Optional<QueuedPush> newest(String service) {
    return read("newest#" + service, "push", QueuedPush.class);
  }

  /** Records {@code me} as the newest push unless a newer one is there; false if one is. */
  boolean offerNewest(String service, QueuedPush me) {
    return putIfLater(Map.of(KEY, s("newest#" + service), "push", s(json(me))), order(me));
  }

  /** The newest push the webhook accepted for the service, if recorded. */
  Optional<ReceivedPush> received(String service) {
    return read("received#" + service, "push", ReceivedPush.class);
  }

  /** Records the push as the newest accepted one unless a newer one is there (only forward). */
  void offerReceived(String service, ReceivedPush push) {
    putIfLater(
        Map.of(KEY, s("received#" + service), "push", s(json(push)), "sha", s(push.sha())),
        order(push.receivedAt(), push.sha()));
  }

  /**
   * Writes {@code attributes} with {@code order} unless the item has an order at or after it: the
   * "newest" items only move forward. False if a later one is there.
   */
  private boolean putIfLater(Map<String, AttributeValue> attributes, String order) {
    Map<String, AttributeValue> item = new HashMap<>(attributes);
    item.put("order", s(order));
    try {
      dynamo.putItem(
          r ->
              r.tableName(table)
                  .item(item)
                  .conditionExpression("attribute_not_exists(id) OR #o < :o")
                  .expressionAttributeNames(Map.of("#o", "order"))
                  .expressionAttributeValues(Map.of(":o", s(order))));
      return true;
    } catch (ConditionalCheckFailedException newerOrSame) {
      return false;
    }
  }

  /** Forgets the received push {@code sha} (its run ends before the lock: skipped, frozen out). */
  void forgetReceived(String service, String sha) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(Map.of(KEY, s("received#" + service)))
                  .conditionExpression("#s = :sha")
                  .expressionAttributeNames(Map.of("#s", "sha"))
                  .expressionAttributeValues(Map.of(":sha", s(sha))));
    } catch (ConditionalCheckFailedException another) {
      // a newer push is the received one now
    }
  }

  /**
   * Writes the lock if the item still is {@code replacing} (or absent when {@code null}); false if
   * another run changed it meanwhile.
   */
  boolean write(ServiceLock lock, ServiceLock replacing) {
    Map<String, AttributeValue> item = new HashMap<>();
    item.put(KEY, s("lock#" + lock.service()));
    item.put("lock", s(json(lock)));
    item.put("holderExecution", s(lock.holderExecution()));
    if (lock.expiresAt() != null) {
      // Also the table's TTL attribute: DynamoDB drops abandoned locks eventually.
      item.put("expiresAt", AttributeValue.fromN(Long.toString(lock.expiresAt().getEpochSecond())));
    }
    try {
      if (replacing == null) {
        dynamo.putItem(
            r -> r.tableName(table).item(item).conditionExpression("attribute_not_exists(id)"));
      } else {
        dynamo.putItem(
            r ->
                r.tableName(table)
                    .item(item)
                    .conditionExpression("holderExecution = :h")
                    .expressionAttributeValues(Map.of(":h", s(replacing.holderExecution()))));
      }
      return true;
    } catch (ConditionalCheckFailedException changed) {
      return false;
    }
  }

  /** Releases the lock if {@code execution} holds it; false if it does not. */
  boolean release(String service, String execution) {
    try {
      dynamo.deleteItem(
          r ->
              r.tableName(table)
                  .key(Map.of(KEY, s("lock#" + service)))
                  .conditionExpression("holderExecution = :h")
                  .expressionAttributeValues(Map.of(":h", s(execution))));
      return true;
    } catch (ConditionalCheckFailedException notHolder) {
      return false;
    }
  }

  /** Sortable text for the queue order: received time, then execution name. */
  static String order(QueuedPush push) {
    return order(push.queuedAt(), push.execution());
  }

  private static String order(java.time.Instant at, String tieBreak) {
    return String.format("%015d.%09d#", at.getEpochSecond(), at.getNano()) + tieBreak;
  }

  private <T> Optional<T> read(String key, String attribute, Class<T> type) {
    var item =
        dynamo
            .getItem(r -> r.tableName(table).key(Map.of(KEY, s(key))).consistentRead(true))
            .item();
    if (item == null || item.isEmpty() || !item.containsKey(attribute)) {
      return Optional.empty();
    }
    try {
      return Optional.of(PipelineJson.mapper().readValue(item.get(attribute).s(), type));
    } catch (IOException e) {
      throw new UncheckedIOException("unreadable " + key + " in " + table, e);
    }
  }

  private static String json(Object value) {
    try {
      return PipelineJson.mapper().writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static AttributeValue s(String value) {
    return AttributeValue.fromS(value);
  }
}
