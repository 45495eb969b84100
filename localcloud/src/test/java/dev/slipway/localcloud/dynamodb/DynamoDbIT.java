package dev.slipway.localcloud.dynamodb;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.StateDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/** DynamoDB through the real SDK client: conditions, updates, queries, TTL, persistence. */
class DynamoDbIT {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  @TempDir Path state;
  LocalCloudServer server;
  StateDatabase db;
  DynamoDbClient ddb;

  @BeforeEach
  void start() throws Exception {
    db = new StateDatabase(state.resolve("state.db"));
    server = LocalCloudServer.start(0);
    server.register(
        ServiceDescriptor.dynamoDb(new LocalDynamoDb(db, Clock.fixed(NOW, ZoneOffset.UTC))));
    ddb = client(DynamoDbClient.builder(), server.endpoint());
  }

  @AfterEach
  void stop() {
    ddb.close();
    server.close();
    db.close();
  }

  void createTables() {
    ddb.createTable(
        r ->
            r.tableName("locks")
                .keySchema(key("service", KeyType.HASH))
                .attributeDefinitions(attr("service", ScalarAttributeType.S)));
    ddb.createTable(
        r ->
            r.tableName("deployments")
                .keySchema(key("service", KeyType.HASH), key("seq", KeyType.RANGE))
                .attributeDefinitions(
                    attr("service", ScalarAttributeType.S), attr("seq", ScalarAttributeType.N)));
  }

  static software.amazon.awssdk.services.dynamodb.model.KeySchemaElement key(
      String name, KeyType type) {
    return software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
        .attributeName(name)
        .keyType(type)
        .build();
  }

  static software.amazon.awssdk.services.dynamodb.model.AttributeDefinition attr(
      String name, ScalarAttributeType type) {
    return software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
        .attributeName(name)
        .attributeType(type)
        .build();
  }

  static AttributeValue s(String v) {
    return AttributeValue.fromS(v);
  }

  static AttributeValue n(long v) {
    return AttributeValue.fromN(Long.toString(v));
  }

  @Test
  void conditionalPutTakesALockOnceAndReportsTheHolder() {
    createTables();
    Map<String, AttributeValue> lock = Map.of("service", s("hello"), "holder", s("run-1"));
    ddb.putItem(
        r -> r.tableName("locks").item(lock).conditionExpression("attribute_not_exists(service)"));
    assertThatThrownBy(
            () ->
                ddb.putItem(
                    r ->
                        r.tableName("locks")
                            .item(Map.of("service", s("hello"), "holder", s("run-2")))
                            .conditionExpression("attribute_not_exists(service)")
                            .returnValuesOnConditionCheckFailure(
                                ReturnValuesOnConditionCheckFailure.ALL_OLD)))
        .isInstanceOfSatisfying(
            ConditionalCheckFailedException.class,
            e -> {
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.item()).containsEntry("holder", s("run-1"));
            });
    ddb.deleteItem(
        r ->
            r.tableName("locks")
                .key(Map.of("service", s("hello")))
                .conditionExpression("#h = :me")
                .expressionAttributeNames(Map.of("#h", "holder"))
                .expressionAttributeValues(Map.of(":me", s("run-1"))));
    assertThat(ddb.getItem(r -> r.tableName("locks").key(Map.of("service", s("hello")))).hasItem())
        .isFalse();
  }

  @Test
  void updateOfANestedPathUnderAMissingMapFailsWithoutWriting() {
    createTables();
    assertThatThrownBy(
            () ->
                ddb.updateItem(
                    r ->
                        r.tableName("locks")
                            .key(Map.of("service", s("svc")))
                            .updateExpression(
                                "SET #c = if_not_exists(#c, :zero) + :one, history = list_append(if_not_exists(history, :empty), :h), info.note = :n REMOVE gone ADD tags :t")
                            .expressionAttributeNames(Map.of("#c", "count"))
                            .expressionAttributeValues(
                                Map.of(
                                    ":zero",
                                    n(0),
                                    ":one",
                                    n(1),
                                    ":empty",
                                    AttributeValue.fromL(java.util.List.of()),
                                    ":h",
                                    AttributeValue.fromL(java.util.List.of(s("a"))),
                                    ":n",
                                    s("x"),
                                    ":t",
                                    AttributeValue.fromSs(java.util.List.of("t1"))))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains(
                        "document path provided in the update expression is invalid for update: info.note"));
    // info does not exist yet: setting info.note is an invalid document path, as on AWS; nothing
    // was written
    assertThat(ddb.getItem(r -> r.tableName("locks").key(Map.of("service", s("svc")))).hasItem())
        .isFalse();
  }

  @Test
  void updateReturnsNewValuesAndRejectsUnusedValues() {
    createTables();
    for (int i = 0; i < 3; i++) {
      ddb.updateItem(
          r ->
              r.tableName("locks")
                  .key(Map.of("service", s("svc")))
                  .updateExpression(
                      "SET #c = if_not_exists(#c, :zero) + :one, history = list_append(if_not_exists(history, :empty), :h) ADD tags :t")
                  .expressionAttributeNames(Map.of("#c", "count"))
                  .expressionAttributeValues(
                      Map.of(
                          ":zero",
                          n(0),
                          ":one",
                          n(1),
                          ":empty",
                          AttributeValue.fromL(java.util.List.of()),
                          ":h",
                          AttributeValue.fromL(java.util.List.of(s("a"))),
                          ":t",
                          AttributeValue.fromSs(java.util.List.of("t1")))));
    }
    var out =
        ddb.updateItem(
            r ->
                r.tableName("locks")
                    .key(Map.of("service", s("svc")))
                    .updateExpression("REMOVE history")
                    .returnValues(ReturnValue.ALL_NEW));
    assertThat(out.attributes()).containsEntry("count", n(3)).doesNotContainKey("history");
    assertThat(out.attributes().get("tags").ss()).containsExactly("t1");
    assertThatThrownBy(
            () ->
                ddb.updateItem(
                    r ->
                        r.tableName("locks")
                            .key(Map.of("service", s("svc")))
                            .updateExpression("SET a = :a")
                            .expressionAttributeValues(Map.of(":a", s("1"), ":b", s("2")))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("unused in expressions")
                    .contains(":b"));
    assertThatThrownBy(
            () ->
                ddb.updateItem(
                    r ->
                        r.tableName("locks")
                            .key(Map.of("service", s("svc")))
                            .updateExpression("SET status = :a")
                            .expressionAttributeValues(Map.of(":a", s("1")))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .contains("reserved keyword; reserved keyword: status"));
  }

  @Test
  void queryOrdersBySortKeyPagesAndFilters() {
    createTables();
    for (int i = 1; i <= 10; i++) {
      long seq = i;
      ddb.putItem(
          r ->
              r.tableName("deployments")
                  .item(
                      Map.of(
                          "service",
                          s("hello"),
                          "seq",
                          n(seq),
                          "result",
                          s(seq % 3 == 0 ? "FAILED" : "SUCCEEDED"))));
    }
    ddb.putItem(r -> r.tableName("deployments").item(Map.of("service", s("other"), "seq", n(1))));
    var latest =
        ddb.query(
            r ->
                r.tableName("deployments")
                    .keyConditionExpression("service = :s AND seq BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":s", s("hello"), ":a", n(2), ":b", n(9)))
                    .scanIndexForward(false)
                    .limit(3));
    assertThat(latest.items()).extracting(i -> i.get("seq").n()).containsExactly("9", "8", "7");
    var next =
        ddb.query(
            r ->
                r.tableName("deployments")
                    .keyConditionExpression("service = :s AND seq BETWEEN :a AND :b")
                    .expressionAttributeValues(Map.of(":s", s("hello"), ":a", n(2), ":b", n(9)))
                    .scanIndexForward(false)
                    .limit(3)
                    .exclusiveStartKey(latest.lastEvaluatedKey()));
    assertThat(next.items()).extracting(i -> i.get("seq").n()).containsExactly("6", "5", "4");
    var failed =
        ddb.query(
            r ->
                r.tableName("deployments")
                    .keyConditionExpression("service = :s")
                    .filterExpression("#r = :f")
                    .expressionAttributeNames(Map.of("#r", "result"))
                    .expressionAttributeValues(Map.of(":s", s("hello"), ":f", s("FAILED"))));
    assertThat(failed.count()).isEqualTo(3);
    assertThat(failed.scannedCount()).isEqualTo(10);
  }

  @Test
  void expiredItemsAreGoneAndUnknownTablesAreNotFound() throws Exception {
    createTables();
    ddb.updateTimeToLive(
        r ->
            r.tableName("locks")
                .timeToLiveSpecification(t -> t.enabled(true).attributeName("expiresAt")));
    long past = NOW.getEpochSecond() - 1;
    long future = NOW.getEpochSecond() + 3600;
    ddb.putItem(r -> r.tableName("locks").item(Map.of("service", s("old"), "expiresAt", n(past))));
    ddb.putItem(
        r -> r.tableName("locks").item(Map.of("service", s("new"), "expiresAt", n(future))));
    // an expired delivery id no longer blocks a conditional put
    ddb.putItem(
        r ->
            r.tableName("locks")
                .item(Map.of("service", s("old"), "expiresAt", n(future)))
                .conditionExpression("attribute_not_exists(service)"));
    assertThat(ddb.scan(r -> r.tableName("locks")).count()).isEqualTo(2);
    assertThatThrownBy(() -> ddb.getItem(r -> r.tableName("nope").key(Map.of("k", s("v")))))
        .isInstanceOf(ResourceNotFoundException.class);
    stop();
    start();
    assertThat(ddb.getItem(r -> r.tableName("locks").key(Map.of("service", s("new")))).item())
        .containsEntry("expiresAt", n(future));
  }

  @Test
  void itemsOver400KbAreRefusedAsDynamoDbRefusesThem() {
    createTables();
    String almost =
        "x".repeat(ItemSize.MAX_BYTES - "service".length() - "s".length() - "big".length() - 1);
    ddb.putItem(
        r ->
            r.tableName("locks")
                .item(
                    Map.of(
                        "service",
                        AttributeValue.fromS("s"),
                        "big",
                        AttributeValue.fromS(almost))));
    assertThatThrownBy(
            () ->
                ddb.putItem(
                    r ->
                        r.tableName("locks")
                            .item(
                                Map.of(
                                    "service",
                                    AttributeValue.fromS("s"),
                                    "big",
                                    AttributeValue.fromS(almost + "yy")))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
              assertThat(e.awsErrorDetails().errorMessage())
                  .isEqualTo("Item size has exceeded the maximum allowed size");
            });
    assertThatThrownBy(
            () ->
                ddb.updateItem(
                    r ->
                        r.tableName("locks")
                            .key(Map.of("service", AttributeValue.fromS("s")))
                            .updateExpression("SET more = :v")
                            .expressionAttributeValues(Map.of(":v", AttributeValue.fromS("zz")))))
        .isInstanceOfSatisfying(
            AwsServiceException.class,
            e ->
                assertThat(e.awsErrorDetails().errorMessage())
                    .isEqualTo("Item size to update has exceeded the maximum allowed size"));
    assertThat(
            ddb.getItem(r -> r.tableName("locks").key(Map.of("service", AttributeValue.fromS("s"))))
                .item())
        .as("the refused update changed nothing")
        .doesNotContainKey("more");
  }
}
