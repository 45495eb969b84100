package dev.slipway.localcloud.console;

import dev.slipway.localcloud.dynamodb.LocalDynamoDb;
import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.ServiceRegistry;
import dev.slipway.localcloud.server.StateDatabase;
import dev.slipway.localcloud.stepfunctions.StepFunctionsApi;
import dev.slipway.localcloud.stepfunctions.StepFunctionsEngine;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import dev.slipway.pipeline.model.DeploymentKind;
import dev.slipway.pipeline.model.DeploymentOutcome;
import dev.slipway.pipeline.model.DeploymentRecord;
import dev.slipway.pipeline.model.PipelineJson;
import dev.slipway.pipeline.model.Strategy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.sfn.model.CreateStateMachineRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionRequest;
import software.amazon.awssdk.services.sfn.model.StartExecutionResponse;

/**
 * The real Step Functions engine and DynamoDB of local mode on a temp dir, registered on a service
 * registry as local mode does, with Task resources answered in-test: {@code analyze} fails (a
 * canary that does not pass), {@code .waitForTaskToken} tasks wait for their callback, others echo.
 */
final class ConsoleFixture implements AutoCloseable {
  static final String TABLE = "Slipway-hello-deployments";
  static final String LOCKS = "Slipway-hello-DeploymentStoreLocks3BD898C5-k2v9q1";
  static final String DEFINITION =
      """
      {"StartAt":"Build image","States":{
        "Build image":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"build"},"Next":"Bake"},
        "Bake":{"Type":"Wait","Seconds":%d,"Next":"Deploy"},
        "Deploy":{"Type":"Parallel","ResultPath":"$.deploy","Next":"Wait for approval","Branches":[
          {"StartAt":"Deploy staging","States":{"Deploy staging":{"Type":"Pass","Next":"Settle"},
            "Settle":{"Type":"Wait","Seconds":1,"End":true}}},
          {"StartAt":"Smoke test","States":{"Smoke test":{"Type":"Pass","End":true}}}]},
        "Wait for approval":{"Type":"Task",
          "Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
          "Parameters":{"FunctionName":"approval","Payload":{"taskToken.$":"$$.Task.Token"}},
          "ResultPath":"$.approval","Next":"Analyze canary"},
        "Analyze canary":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
          "Parameters":{"FunctionName":"analyze"},
          "Catch":[{"ErrorEquals":["States.ALL"],"ResultPath":"$.error","Next":"Roll back production"}],
          "Next":"Deployed"},
        "Roll back production":{"Type":"Pass","Next":"Rolled back"},
        "Rolled back":{"Type":"Succeed"},
        "Deployed":{"Type":"Succeed"}}}
      """;

  final StateDatabase db;
  final StepFunctionsEngine engine;
  final ServiceRegistry registry;
  final List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
  final String machineArn;

  ConsoleFixture(Path dir, int bakeSeconds) {
    this(dir, bakeSeconds, new ServiceRegistry());
  }

  /** Registers the services on {@code registry} (a local endpoint's, for browser tests). */
  ConsoleFixture(Path dir, int bakeSeconds, ServiceRegistry registry) {
    this.registry = registry;
    db = new StateDatabase(dir.resolve("localcloud.db"));
    engine =
        new StepFunctionsEngine(dir.resolve("sfn"), EngineClock.system(), this::dispatch).start();
    registry.register(
        ServiceDescriptor.stepFunctions(new StepFunctionsApi(engine, "us-east-1", "000000000000")));
    registry.register(ServiceDescriptor.dynamoDb(new LocalDynamoDb(db, Clock.systemUTC())));
    machineArn =
        registry
            .<software.amazon.awssdk.services.sfn.model.CreateStateMachineResponse>call(
                CreateStateMachineRequest.builder()
                    .name("Slipway-hello-pipeline")
                    .definition(DEFINITION.formatted(bakeSeconds))
                    .roleArn("arn:aws:iam::000000000000:role/sfn")
                    .build())
            .stateMachineArn();
  }

  private CompletableFuture<Object> dispatch(TaskInvocation inv) {
    calls.add(inv);
    if (inv.taskToken() != null) {
      return CompletableFuture.completedFuture(null);
    }
    Object name = inv.parameters() instanceof Map<?, ?> m ? m.get("FunctionName") : null;
    if (name instanceof String arn && arn.endsWith(":function:Prepare")) {
      return CompletableFuture.completedFuture(Map.of("Payload", Map.of("decision", "PROCEED")));
    }
    if ("analyze".equals(name)) {
      return CompletableFuture.failedFuture(
          new TaskFailedException("Slipway.CanaryFailed", "canary error rate 20% > baseline 0%"));
    }
    return CompletableFuture.completedFuture(Map.of("Payload", Map.of("ok", true)));
  }

  /** Starts an execution of a push of {@code sha}. */
  String start(String name, String sha, String message) {
    String input =
        """
        {"detail-type":"push","source":"slipway.github","detail":{"service":"hello",
         "sha":"%s","commitMessage":"%s","secretNote":"do-not-show"}}
        """
            .formatted(sha, message);
    StartExecutionResponse r =
        registry.call(
            StartExecutionRequest.builder()
                .stateMachineArn(machineArn)
                .name(name)
                .input(input)
                .build());
    return r.executionArn();
  }

  /** Creates the deployments table and writes {@code records} plus a LAST_GOOD pointer. */
  void writeHistory(List<DeploymentRecord> records, DeploymentRecord lastGood) throws Exception {
    registry.call(
        CreateTableRequest.builder()
            .tableName(TABLE)
            .keySchema(
                KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build(),
                KeySchemaElement.builder().attributeName("sk").keyType(KeyType.RANGE).build())
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName("pk")
                    .attributeType(ScalarAttributeType.S)
                    .build(),
                AttributeDefinition.builder()
                    .attributeName("sk")
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .build());
    for (DeploymentRecord r : records) {
      put(r, "deploy#" + r.finishedAt() + "#" + r.executionName());
    }
    if (lastGood != null) {
      put(lastGood, "LAST_GOOD");
    }
  }

  /**
   * The approval request the pipeline's Notify stores for its links: {@code approval#hello} with
   * {@code taskToken} in a table named as CDK names the locks table.
   */
  void storeApprovalRequest(String taskToken) {
    registry.call(
        CreateTableRequest.builder()
            .tableName(LOCKS)
            .keySchema(KeySchemaElement.builder().attributeName("id").keyType(KeyType.HASH).build())
            .attributeDefinitions(
                AttributeDefinition.builder()
                    .attributeName("id")
                    .attributeType(ScalarAttributeType.S)
                    .build())
            .build());
    registry.call(
        PutItemRequest.builder()
            .tableName(LOCKS)
            .item(
                Map.of(
                    "id", AttributeValue.fromS("approval#hello"),
                    "taskToken", AttributeValue.fromS(taskToken),
                    "nonce", AttributeValue.fromS("0123456789abcdef")))
            .build());
  }

  /** Whether {@code approval#hello} is still in the locks table. */
  boolean approvalRequestStored() {
    return !registry
        .<software.amazon.awssdk.services.dynamodb.model.GetItemResponse>call(
            software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder()
                .tableName(LOCKS)
                .key(Map.of("id", AttributeValue.fromS("approval#hello")))
                .consistentRead(true)
                .build())
        .item()
        .isEmpty();
  }

  private void put(DeploymentRecord r, String sk) throws Exception {
    registry.call(
        PutItemRequest.builder()
            .tableName(TABLE)
            .item(
                Map.of(
                    "pk", AttributeValue.fromS(r.service() + "#" + r.environment()),
                    "sk", AttributeValue.fromS(sk),
                    "record", AttributeValue.fromS(PipelineJson.mapper().writeValueAsString(r))))
            .build());
  }

  static DeploymentRecord record(
      String sha,
      DeploymentKind kind,
      DeploymentOutcome result,
      Instant committed,
      Instant started,
      Instant finished,
      String execution) {
    return new DeploymentRecord(
        "hello",
        "production",
        sha,
        "sha256:" + "ab".repeat(32),
        "arn:aws:ecs:us-east-1:000000000000:task-definition/hello:1",
        Strategy.CANARY,
        kind,
        result,
        started,
        finished,
        committed,
        execution,
        result == DeploymentOutcome.SUCCEEDED ? null : "canary error rate 20%");
  }

  @Override
  public void close() {
    engine.close();
    db.close();
  }
}
