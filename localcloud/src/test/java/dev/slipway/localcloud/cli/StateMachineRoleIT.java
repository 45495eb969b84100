package dev.slipway.localcloud.cli;

import static dev.slipway.localcloud.server.LocalEndpoint.client;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.slipway.localcloud.deploy.Assets;
import dev.slipway.localcloud.deploy.CloudAssembly;
import dev.slipway.localcloud.lambda.FunctionConfig;
import dev.slipway.localcloud.protocol.Json;
import dev.slipway.localcloud.server.LocalAws;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;

/**
 * A state machine's tasks run with its role, as on AWS: a function or SDK call its policies do not
 * allow fails the task with Step Functions' access denied error (Lambda's {@code
 * Lambda.AWSLambdaException}, an SDK integration's {@code <Service>.AccessDeniedException}, the
 * cause AWS's message), which Catch handles; a call they allow runs. In audit mode the same calls
 * run and are only logged.
 */
class StateMachineRoleIT {
  static final String PRINCIPAL = "arn:aws:sts::000000000000:assumed-role/tasks-role/[A-Za-z]{32}";

  static final String DEFINITION =
      """
      {"StartAt": "Allowed", "States": {
        "Allowed": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "allowed", "Payload": {"id": "a"}},
          "ResultSelector": {"status.$": "$.StatusCode"}, "ResultPath": "$.allowed", "Next": "Refused"},
        "Refused": {"Type": "Task", "Resource": "arn:aws:states:::lambda:invoke",
          "Parameters": {"FunctionName": "refused", "Payload": {"id": "r"}},
          "ResultSelector": {"status.$": "$.StatusCode"}, "ResultPath": "$.refused", "Next": "Save",
          "Catch": [{"ErrorEquals": ["Lambda.AWSLambdaException"], "ResultPath": "$.refusedError", "Next": "Save"}]},
        "Save": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
          "Parameters": {"TableName": "runs", "Item": {"pk": {"S": "run-1"}}},
          "ResultPath": null, "Next": "Save elsewhere"},
        "Save elsewhere": {"Type": "Task", "Resource": "arn:aws:states:::aws-sdk:dynamodb:putItem",
          "Parameters": {"TableName": "other", "Item": {"pk": {"S": "run-1"}}},
          "ResultPath": null, "Next": "Done",
          "Catch": [{"ErrorEquals": ["DynamoDb.AccessDeniedException"], "ResultPath": "$.saveError", "Next": "Done"}]},
        "Done": {"Type": "Succeed"}}}
      """;

  @TempDir Path state;

  @AfterEach
  void clearMode() {
    System.clearProperty("slipway.iam");
  }

  static String template() {
    String table =
        """
        {"Type": "AWS::DynamoDB::Table", "Properties": {"TableName": "%s",
          "KeySchema": [{"AttributeName": "pk", "KeyType": "HASH"}],
          "AttributeDefinitions": [{"AttributeName": "pk", "AttributeType": "S"}],
          "BillingMode": "PAY_PER_REQUEST"}}
        """;
    return """
        {"Resources": {
          "Runs": %s,
          "Other": %s,
          "TasksRole": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": "tasks-role",
            "AssumeRolePolicyDocument": {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Principal": {"Service": "states.amazonaws.com"}, "Action": "sts:AssumeRole"}]}}},
          "TasksPolicy": {"Type": "AWS::IAM::Policy", "Properties": {"PolicyName": "tasks",
            "Roles": [{"Ref": "TasksRole"}],
            "PolicyDocument": {"Version": "2012-10-17", "Statement": [
              {"Effect": "Allow", "Action": "lambda:InvokeFunction",
               "Resource": {"Fn::Sub": "arn:aws:lambda:${AWS::Region}:${AWS::AccountId}:function:allowed"}},
              {"Effect": "Allow", "Action": "dynamodb:PutItem", "Resource": {"Fn::GetAtt": ["Runs", "Arn"]}}]}}},
          "Machine": {"Type": "AWS::StepFunctions::StateMachine", "DependsOn": ["TasksPolicy"],
            "Properties": {"StateMachineName": "tasks", "DefinitionString": %s,
              "RoleArn": {"Fn::GetAtt": ["TasksRole", "Arn"]}}}}}
        """
        .formatted(
            table.formatted("runs"), table.formatted("other"), Json.MAPPER.valueToTree(DEFINITION));
  }

  record Run(DescribeExecutionResponse execution, JsonNode output, List<JsonNode> denials) {}

  Run run() throws Exception {
    Path root = Path.of(System.getProperty("slipway.root"));
    try (LocalCloud cloud = LocalCloud.start(state, 0, root, false, l -> {})) {
      Path code = Path.of(System.getProperty("user.dir")).resolve("target/test-classes");
      for (String name : List.of("allowed", "refused")) {
        cloud
            .lambda()
            .deploy(
                new FunctionConfig(
                    name,
                    "dev.slipway.localcloud.lambda.fixture.Behaving::handleRequest",
                    "java21",
                    256,
                    20,
                    Map.of(),
                    code,
                    1),
                false);
      }
      cloud.deploy(
          new CloudAssembly.Stack("Roles", Json.MAPPER.readTree(template()), Assets.none()),
          l -> {});
      try (SfnClient sfn = client(SfnClient.builder(), cloud.server().endpoint());
          DynamoDbClient ddb = client(DynamoDbClient.builder(), cloud.server().endpoint())) {
        String execution =
            sfn.startExecution(
                    r ->
                        r.stateMachineArn(LocalAws.arn("states", "stateMachine:tasks")).input("{}"))
                .executionArn();
        DescribeExecutionResponse done =
            await()
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(200))
                .until(
                    () -> sfn.describeExecution(r -> r.executionArn(execution)),
                    d -> !d.statusAsString().equals("RUNNING"));
        assertThat(
                ddb.getItem(
                        r -> r.tableName("runs").key(Map.of("pk", AttributeValue.fromS("run-1"))))
                    .hasItem())
            .as("the allowed PutItem ran")
            .isTrue();
        boolean savedElsewhere =
            ddb.getItem(r -> r.tableName("other").key(Map.of("pk", AttributeValue.fromS("run-1"))))
                .hasItem();
        List<JsonNode> denials = DenialLog.read(state);
        JsonNode output = Json.MAPPER.readTree(done.output() == null ? "{}" : done.output());
        assertThat(savedElsewhere).isEqualTo(!output.has("saveError"));
        return new Run(done, output, denials);
      }
    }
  }

  @Test
  void callsOutsideTheRolesPoliciesFailTheirTasksWithAwsErrors() throws Exception {
    Run run = run();
    assertThat(run.execution().statusAsString()).isEqualTo("SUCCEEDED");
    assertThat(run.output().path("allowed").path("status").asInt()).isEqualTo(200);
    assertThat(run.output().has("refused")).isFalse();
    JsonNode refused = run.output().path("refusedError");
    assertThat(refused.path("Error").asText()).isEqualTo("Lambda.AWSLambdaException");
    assertThat(refused.path("Cause").asText())
        .matches(
            "User: "
                + PRINCIPAL
                + " is not authorized to perform: lambda:InvokeFunction on resource:"
                + " arn:aws:lambda:us-east-1:000000000000:function:refused because no"
                + " identity-based policy allows the lambda:InvokeFunction action \\(Service:"
                + " AWSLambda; Status Code: 403; Error Code: AccessDeniedException; Request ID:"
                + " [0-9a-f-]{36}; Proxy: null\\)");
    JsonNode save = run.output().path("saveError");
    assertThat(save.path("Error").asText()).isEqualTo("DynamoDb.AccessDeniedException");
    assertThat(save.path("Cause").asText())
        .matches(
            "User: "
                + PRINCIPAL
                + " is not authorized to perform: dynamodb:PutItem on resource:"
                + " arn:aws:dynamodb:us-east-1:000000000000:table/other because no"
                + " identity-based policy allows the dynamodb:PutItem action \\(Service: DynamoDb,"
                + " Status Code: 400, Request ID: [0-9a-f-]{36}\\)");
    assertThat(run.denials())
        .extracting(d -> d.path("action").asText() + " " + d.path("resource").asText())
        .containsExactly(
            "lambda:InvokeFunction arn:aws:lambda:us-east-1:000000000000:function:refused",
            "dynamodb:PutItem arn:aws:dynamodb:us-east-1:000000000000:table/other");
    assertThat(run.denials())
        .allSatisfy(
            d -> {
              assertThat(d.path("mode").asText()).isEqualTo("enforce");
              assertThat(d.path("principal").asText()).matches(PRINCIPAL);
              assertThat(d.path("policies").toString()).contains("TasksPolicy");
            });
    // one execution, one session: the cause names the principal the log does
    assertThat(refused.path("Cause").asText())
        .startsWith("User: " + run.denials().getFirst().path("principal").asText() + " ");
  }

  @Test
  void auditModeLetsTheSameCallsThroughAndLogsThem() throws Exception {
    System.setProperty("slipway.iam", "audit");
    Run run = run();
    assertThat(run.execution().statusAsString()).isEqualTo("SUCCEEDED");
    assertThat(run.output().path("refused").path("status").asInt()).isEqualTo(200);
    assertThat(run.output().has("refusedError")).isFalse();
    assertThat(run.output().has("saveError")).isFalse();
    assertThat(run.denials())
        .extracting(d -> d.path("mode").asText() + " " + d.path("action").asText())
        .containsExactly("audit lambda:InvokeFunction", "audit dynamodb:PutItem");
  }
}
