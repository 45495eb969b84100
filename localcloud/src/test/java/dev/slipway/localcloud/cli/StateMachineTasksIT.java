package dev.slipway.localcloud.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.lambda.FunctionConfig;
import dev.slipway.localcloud.protocol.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.sfn.SfnClient;

/**
 * Step Functions tasks on the local services: {@code lambda:invoke} on a real function JVM (result
 * envelope, function errors named by their errorType) and {@code aws-sdk:dynamodb:*} (errors named
 * {@code DynamoDb.<Code>}), caught by Catch as on AWS.
 */
class StateMachineTasksIT {
  @TempDir Path state;

  static final String DEFINITION =
      """
      {"StartAt": "Echo", "States": {
        "Echo": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "echo", "Payload": {"id.$": "$.id"}},
          "ResultSelector": {"echoed.$": "$.Payload.echo.id", "status.$": "$.StatusCode"}, "ResultPath": "$.echo", "Next": "Save"},
        "Save": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
          "Parameters": {"TableName": "runs", "Item": {"pk": {"S.$": "$.id"}}, "ConditionExpression": "attribute_not_exists(pk)"},
          "ResultPath": null, "Next": "Save again",
          "Catch": [{"ErrorEquals": ["States.ALL"], "ResultPath": "$.saveError", "Next": "Save again"}]},
        "Save again": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
          "Parameters": {"TableName": "runs", "Item": {"pk": {"S.$": "$.id"}}, "ConditionExpression": "attribute_not_exists(pk)"},
          "ResultPath": null, "Next": "Fail in function",
          "Catch": [{"ErrorEquals": ["DynamoDb.ConditionalCheckFailedException"], "ResultPath": "$.duplicate", "Next": "Fail in function"}]},
        "Fail in function": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "echo", "Payload": {"fail": "on purpose"}}, "End": true,
          "Catch": [{"ErrorEquals": ["java.lang.IllegalStateException"], "ResultPath": "$.failure", "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}
      """;

  @Test
  void lambdaAndSdkTasksRunOnTheLocalServices() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      Path code = Path.of(System.getProperty("user.dir")).resolve("target/test-classes");
      cloud
          .lambda()
          .deploy(
              new FunctionConfig(
                  "echo",
                  "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest",
                  "java21",
                  256,
                  20,
                  Map.of(),
                  code,
                  1),
              false);
      var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("local", "local"));
      try (DynamoDbClient ddb =
              DynamoDbClient.builder()
                  .endpointOverride(cloud.server().endpoint())
                  .region(Region.US_EAST_1)
                  .credentialsProvider(creds)
                  .build();
          SfnClient sfn =
              SfnClient.builder()
                  .endpointOverride(cloud.server().endpoint())
                  .region(Region.US_EAST_1)
                  .credentialsProvider(creds)
                  .build()) {
        ddb.createTable(
            r ->
                r.tableName("runs")
                    .keySchema(
                        KeySchemaElement.builder()
                            .attributeName("pk")
                            .keyType(KeyType.HASH)
                            .build())
                    .attributeDefinitions(
                        software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                            .attributeName("pk")
                            .attributeType("S")
                            .build()));
        String machine =
            sfn.createStateMachine(
                    r ->
                        r.name("tasks")
                            .definition(DEFINITION)
                            .roleArn("arn:aws:iam::000000000000:role/tasks"))
                .stateMachineArn();
        String execution =
            sfn.startExecution(r -> r.stateMachineArn(machine).input("{\"id\":\"run-1\"}"))
                .executionArn();
        var done =
            await()
                .atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () -> sfn.describeExecution(r -> r.executionArn(execution)),
                    d -> !d.statusAsString().equals("RUNNING"));
        assertThat(done.statusAsString()).isEqualTo("SUCCEEDED");
        JsonNode output = Json.MAPPER.readTree(done.output());
        assertThat(output.path("echo").path("echoed").asText()).isEqualTo("run-1");
        assertThat(output.path("echo").path("status").asInt()).isEqualTo(200);
        assertThat(output.has("saveError")).isFalse();
        assertThat(output.path("duplicate").path("Error").asText())
            .isEqualTo("DynamoDb.ConditionalCheckFailedException");
        assertThat(output.path("failure").path("Error").asText())
            .isEqualTo("java.lang.IllegalStateException");
        assertThat(output.path("failure").path("Cause").asText()).contains("on purpose");
        assertThat(
                ddb.getItem(
                        r -> r.tableName("runs").key(Map.of("pk", AttributeValue.fromS("run-1"))))
                    .hasItem())
            .isTrue();
      }
    }
  }
}
