package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.ExpressionParser.ExpressionContext;
import dev.slipway.localcloud.protocol.AwsErrors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Query and Scan: key condition selects, items sort by the sort key, {@code Limit} counts items
 * evaluated before the filter (as AWS), {@code LastEvaluatedKey} pages.
 */
final class QueryRunner {
  private QueryRunner() {}

  private record Page(
      List<Map<String, AttributeValue>> items, int scanned, Map<String, AttributeValue> lastKey) {}

  static QueryResponse query(
      TableDefinition table,
      ItemStore store,
      QueryRequest r,
      BiPredicate<TableDefinition, Map<String, AttributeValue>> expired) {
    ExpressionContext ctx =
        new ExpressionContext(r.expressionAttributeNames(), r.expressionAttributeValues());
    Ast.Condition keyCondition =
        ExpressionParser.condition(
            AwsErrors.required(r.keyConditionExpression(), "keyConditionExpression"), ctx);
    Ast.Condition filter =
        r.filterExpression() == null ? null : ExpressionParser.condition(r.filterExpression(), ctx);
    List<Ast.Path> projection =
        r.projectionExpression() == null
            ? null
            : ExpressionParser.projection(r.projectionExpression(), ctx);
    ctx.checkAllUsed();
    TableDefinition.Keys keys =
        r.indexName() == null ? table.keys() : table.indexes().get(r.indexName());
    if (keys == null) {
      throw DynamoErrors.validation(
          "The table does not have the specified index: " + r.indexName());
    }
    List<Map<String, AttributeValue>> candidates = new ArrayList<>();
    for (Map<String, AttributeValue> item : store.all(table.name())) {
      if (!expired.test(table, item)
          && item.containsKey(keys.hash())
          && (keys.range() == null || item.containsKey(keys.range()))
          && ConditionEvaluator.test(keyCondition, item)) {
        candidates.add(item);
      }
    }
    if (keys.range() != null) {
      Comparator<Map<String, AttributeValue>> order =
          (a, b) -> {
            Integer c = AttributeValues.compare(a.get(keys.range()), b.get(keys.range()));
            return c == null ? 0 : c;
          };
      candidates.sort(Boolean.FALSE.equals(r.scanIndexForward()) ? order.reversed() : order);
    }
    Page page = page(candidates, r.exclusiveStartKey(), r.limit(), table, keys, filter);
    boolean count = r.select() == Select.COUNT;
    return QueryResponse.builder()
        .items(count ? null : project(page.items(), projection))
        .count(page.items().size())
        .scannedCount(page.scanned())
        .lastEvaluatedKey(page.lastKey())
        .build();
  }

  static ScanResponse scan(
      TableDefinition table,
      ItemStore store,
      ScanRequest r,
      BiPredicate<TableDefinition, Map<String, AttributeValue>> expired) {
    ExpressionContext ctx =
        new ExpressionContext(r.expressionAttributeNames(), r.expressionAttributeValues());
    Ast.Condition filter =
        r.filterExpression() == null ? null : ExpressionParser.condition(r.filterExpression(), ctx);
    List<Ast.Path> projection =
        r.projectionExpression() == null
            ? null
            : ExpressionParser.projection(r.projectionExpression(), ctx);
    ctx.checkAllUsed();
    List<Map<String, AttributeValue>> items = new ArrayList<>();
    for (Map<String, AttributeValue> item : store.all(table.name())) {
      if (!expired.test(table, item)) {
        items.add(item);
      }
    }
    Page page = page(items, r.exclusiveStartKey(), r.limit(), table, table.keys(), filter);
    return ScanResponse.builder()
        .items(r.select() == Select.COUNT ? null : project(page.items(), projection))
        .count(page.items().size())
        .scannedCount(page.scanned())
        .lastEvaluatedKey(page.lastKey())
        .build();
  }

  private static Page page(
      List<Map<String, AttributeValue>> ordered,
      Map<String, AttributeValue> startKey,
      Integer limit,
      TableDefinition table,
      TableDefinition.Keys indexKeys,
      Ast.Condition filter) {
    int from = 0;
    if (startKey != null && !startKey.isEmpty()) {
      from = ordered.size();
      for (int i = 0; i < ordered.size(); i++) {
        if (sameKey(ordered.get(i), startKey, table.keys())) {
          from = i + 1;
          break;
        }
      }
    }
    int to = limit == null ? ordered.size() : Math.min(ordered.size(), from + limit);
    List<Map<String, AttributeValue>> out = new ArrayList<>();
    for (Map<String, AttributeValue> item : ordered.subList(from, to)) {
      if (filter == null || ConditionEvaluator.test(filter, item)) {
        out.add(item);
      }
    }
    Map<String, AttributeValue> lastKey = null;
    if (to < ordered.size() && to > from) {
      Map<String, AttributeValue> last = ordered.get(to - 1);
      lastKey = new LinkedHashMap<>();
      for (String k :
          new String[] {
            table.keys().hash(), table.keys().range(), indexKeys.hash(), indexKeys.range()
          }) {
        if (k != null && last.containsKey(k)) {
          lastKey.put(k, last.get(k));
        }
      }
    }
    return new Page(out, to - from, lastKey);
  }

  private static boolean sameKey(
      Map<String, AttributeValue> item,
      Map<String, AttributeValue> key,
      TableDefinition.Keys keys) {
    return AttributeValues.equal(item.get(keys.hash()), key.get(keys.hash()))
        && (keys.range() == null
            || AttributeValues.equal(item.get(keys.range()), key.get(keys.range())));
  }

  private static List<Map<String, AttributeValue>> project(
      List<Map<String, AttributeValue>> items, List<Ast.Path> projection) {
    if (projection == null) {
      return items;
    }
    return items.stream().map(i -> Projection.apply(projection, i)).toList();
  }
}
