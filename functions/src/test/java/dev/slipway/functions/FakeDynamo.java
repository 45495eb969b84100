package dev.slipway.functions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;

/**
 * In-memory DynamoDB for the handlers' tables: items keyed by their key attributes ({@code id},
 * {@code deliveryId}, or {@code pk}+{@code sk}); understands the condition expressions the handlers
 * write.
 */
final class FakeDynamo implements DynamoDbClient {
  final Map<String, Map<String, Map<String, AttributeValue>>> tables = new HashMap<>();
  final List<String> calls = new ArrayList<>();

  @Override
  public String serviceName() {
    return "dynamodb";
  }

  @Override
  public void close() {}

  Map<String, Map<String, AttributeValue>> table(String name) {
    return tables.computeIfAbsent(name, n -> new TreeMap<>());
  }

  @Override
  public PutItemResponse putItem(PutItemRequest request) {
    calls.add("PutItem " + request.tableName());
    var table = table(request.tableName());
    String key = key(request.item());
    var existing = table.get(key);
    String condition = request.conditionExpression();
    if (condition != null && !holds(condition, existing, request.expressionAttributeValues())) {
      throw ConditionalCheckFailedException.builder()
          .message("The conditional request failed")
          .build();
    }
    table.put(key, Map.copyOf(request.item()));
    return PutItemResponse.builder().build();
  }

  @Override
  public GetItemResponse getItem(GetItemRequest request) {
    calls.add("GetItem " + request.tableName());
    var item = table(request.tableName()).get(key(request.key()));
    return GetItemResponse.builder().item(item).build();
  }

  @Override
  public DeleteItemResponse deleteItem(DeleteItemRequest request) {
    calls.add("DeleteItem " + request.tableName());
    table(request.tableName()).remove(key(request.key()));
    return DeleteItemResponse.builder().build();
  }

  private static boolean holds(
      String condition, Map<String, AttributeValue> existing, Map<String, AttributeValue> values) {
    if (condition.startsWith("attribute_not_exists(") && !condition.contains(" OR ")) {
      return existing == null;
    }
    if (condition.equals("attribute_not_exists(pk) OR finishedAt <= :f")) {
      return existing == null
          || existing.get("finishedAt").s().compareTo(values.get(":f").s()) <= 0;
    }
    throw new UnsupportedOperationException("condition not understood by the fake: " + condition);
  }

  private static String key(Map<String, AttributeValue> item) {
    for (String name : List.of("id", "deliveryId")) {
      if (item.containsKey(name)) {
        return item.get(name).s();
      }
    }
    return item.get("pk").s() + "|" + item.get("sk").s();
  }
}
