package dev.slipway.localcloud.dynamodb;

import dev.slipway.localcloud.dynamodb.ExpressionParser.ExpressionContext;
import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.server.StateDatabase;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * DynamoDB item operations with condition, update, projection and key-condition expressions, and
 * TTL. Writes are serialized, so a conditional write is atomic as on AWS. Table operations live in
 * {@link DynamoTables}, which this class extends.
 */
public final class LocalDynamoDb extends DynamoTables {

  /** Uses the given database; {@code clock} decides which items have expired (TTL). */
  public LocalDynamoDb(StateDatabase db, Clock clock) {
    super(new ItemStore(db), clock);
  }

  public synchronized PutItemResponse putItem(PutItemRequest r) {
    TableDefinition table = requireTable(r.tableName());
    Map<String, AttributeValue> item = AwsErrors.required(r.item(), "item");
    ItemKey key = ItemKey.of(table, item, true);
    ItemSize.check(item, "Item size has exceeded the maximum allowed size");
    Map<String, AttributeValue> old = current(table, key);
    checkCondition(
        r.conditionExpression(),
        r.expressionAttributeNames(),
        r.expressionAttributeValues(),
        old,
        r.returnValuesOnConditionCheckFailure());
    store.put(table.name(), key.hash(), key.range(), item);
    return PutItemResponse.builder()
        .attributes(r.returnValues() == ReturnValue.ALL_OLD && old != null ? old : null)
        .build();
  }

  public synchronized GetItemResponse getItem(GetItemRequest r) {
    TableDefinition table = requireTable(r.tableName());
    ItemKey key = ItemKey.of(table, AwsErrors.required(r.key(), "key"), false);
    Map<String, AttributeValue> item = current(table, key);
    if (item == null) {
      return GetItemResponse.builder().build();
    }
    if (r.projectionExpression() != null) {
      ExpressionContext ctx = new ExpressionContext(r.expressionAttributeNames(), Map.of());
      item = Projection.apply(ExpressionParser.projection(r.projectionExpression(), ctx), item);
      ctx.checkAllUsed();
    }
    return GetItemResponse.builder().item(item).build();
  }

  public synchronized UpdateItemResponse updateItem(UpdateItemRequest r) {
    TableDefinition table = requireTable(r.tableName());
    ItemKey key = ItemKey.of(table, AwsErrors.required(r.key(), "key"), false);
    Map<String, AttributeValue> old = current(table, key);
    ExpressionContext ctx =
        new ExpressionContext(r.expressionAttributeNames(), r.expressionAttributeValues());
    var actions =
        r.updateExpression() == null
            ? List.<Ast.Action>of()
            : ExpressionParser.update(r.updateExpression(), ctx);
    Ast.Condition condition =
        r.conditionExpression() == null
            ? null
            : ExpressionParser.condition(r.conditionExpression(), ctx);
    ctx.checkAllUsed();
    Map<String, AttributeValue> before = old == null ? new LinkedHashMap<>(r.key()) : old;
    if (condition != null && !ConditionEvaluator.test(condition, old == null ? Map.of() : old)) {
      throw conditionFailed(old, r.returnValuesOnConditionCheckFailure());
    }
    for (Ast.Action a : actions) {
      String top = pathTop(a);
      if (top.equals(table.keys().hash()) || top.equals(table.keys().range())) {
        throw DynamoErrors.validation(
            "One or more parameter values were invalid: Cannot update attribute "
                + top
                + ". This attribute is part of the key");
      }
    }
    Map<String, AttributeValue> updated = UpdateApplier.apply(actions, before);
    ItemSize.check(updated, "Item size to update has exceeded the maximum allowed size");
    store.put(table.name(), key.hash(), key.range(), updated);
    return UpdateItemResponse.builder()
        .attributes(ReturnValues.select(r.returnValues(), old, updated, actions))
        .build();
  }

  public synchronized DeleteItemResponse deleteItem(DeleteItemRequest r) {
    TableDefinition table = requireTable(r.tableName());
    ItemKey key = ItemKey.of(table, AwsErrors.required(r.key(), "key"), false);
    Map<String, AttributeValue> old = current(table, key);
    checkCondition(
        r.conditionExpression(),
        r.expressionAttributeNames(),
        r.expressionAttributeValues(),
        old,
        r.returnValuesOnConditionCheckFailure());
    store.delete(table.name(), key.hash(), key.range());
    return DeleteItemResponse.builder()
        .attributes(r.returnValues() == ReturnValue.ALL_OLD && old != null ? old : null)
        .build();
  }

  public synchronized QueryResponse query(QueryRequest r) {
    return QueryRunner.query(requireTable(r.tableName()), store, r, this::expired);
  }

  public synchronized ScanResponse scan(ScanRequest r) {
    return QueryRunner.scan(requireTable(r.tableName()), store, r, this::expired);
  }

  private void checkCondition(
      String expression,
      Map<String, String> names,
      Map<String, AttributeValue> values,
      Map<String, AttributeValue> old,
      ReturnValuesOnConditionCheckFailure onFailure) {
    ExpressionContext ctx = new ExpressionContext(names, values);
    Ast.Condition condition =
        expression == null ? null : ExpressionParser.condition(expression, ctx);
    ctx.checkAllUsed();
    if (condition != null && !ConditionEvaluator.test(condition, old == null ? Map.of() : old)) {
      throw conditionFailed(old, onFailure);
    }
  }

  private static ConditionalCheckFailedException conditionFailed(
      Map<String, AttributeValue> old, ReturnValuesOnConditionCheckFailure onFailure) {
    ConditionalCheckFailedException e =
        (ConditionalCheckFailedException) DynamoErrors.conditionFailed();
    if (onFailure == ReturnValuesOnConditionCheckFailure.ALL_OLD && old != null) {
      return e.toBuilder().item(old).build();
    }
    return e;
  }

  private Map<String, AttributeValue> current(TableDefinition table, ItemKey key) {
    Map<String, AttributeValue> item = store.get(table.name(), key.hash(), key.range());
    return item == null || expired(table, item) ? null : item;
  }

  private static String pathTop(Ast.Action a) {
    return switch (a) {
      case Ast.SetAction s -> s.path().top();
      case Ast.RemoveAction s -> s.path().top();
      case Ast.AddAction s -> s.path().top();
      case Ast.DeleteAction s -> s.path().top();
    };
  }
}
