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
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

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
    if (condition != null
        && !holds(
            condition,
            existing,
            request.expressionAttributeValues(),
            request.expressionAttributeNames())) {
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
    var table = table(request.tableName());
    String key = key(request.key());
    if (request.conditionExpression() != null
        && !holds(
            request.conditionExpression(),
            table.get(key),
            request.expressionAttributeValues(),
            request.expressionAttributeNames())) {
      throw ConditionalCheckFailedException.builder()
          .message("The conditional request failed")
          .build();
    }
    table.remove(key);
    return DeleteItemResponse.builder().build();
  }

  @Override
  public QueryResponse query(QueryRequest request) {
    calls.add("Query " + request.tableName());
    String pk = request.expressionAttributeValues().get(":pk").s();
    AttributeValue prefix = request.expressionAttributeValues().get(":deploy");
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (var item : table(request.tableName()).values()) {
      if (item.containsKey("pk")
          && item.get("pk").s().equals(pk)
          && (prefix == null || item.get("sk").s().startsWith(prefix.s()))) {
        items.add(item);
      }
    }
    items.sort(java.util.Comparator.comparing(i -> i.get("sk").s()));
    if (Boolean.FALSE.equals(request.scanIndexForward())) {
      java.util.Collections.reverse(items);
    }
    return QueryResponse.builder().items(items).count(items.size()).build();
  }

  /** Evaluates the condition forms the handlers use: terms joined by OR. */
  private static boolean holds(
      String condition,
      Map<String, AttributeValue> existing,
      Map<String, AttributeValue> values,
      Map<String, String> names) {
    for (String term : condition.split(" OR ")) {
      term = term.trim();
      if (term.startsWith("attribute_not_exists(")) {
        if (existing == null) {
          return true;
        }
        continue;
      }
      String[] parts = term.split(" ");
      String attribute = names == null ? parts[0] : names.getOrDefault(parts[0], parts[0]);
      if (existing == null || !existing.containsKey(attribute)) {
        continue;
      }
      int compared = existing.get(attribute).s().compareTo(values.get(parts[2]).s());
      boolean ok =
          switch (parts[1]) {
            case "=" -> compared == 0;
            case "<" -> compared < 0;
            case "<=" -> compared <= 0;
            default -> throw new UnsupportedOperationException("operator " + parts[1]);
          };
      if (ok) {
        return true;
      }
    }
    return false;
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
