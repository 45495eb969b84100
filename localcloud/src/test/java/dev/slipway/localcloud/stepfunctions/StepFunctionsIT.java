package dev.slipway.localcloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.protocol.ServiceDescriptor;
import dev.slipway.localcloud.server.LocalCloudServer;
import dev.slipway.localcloud.server.LocalEndpoint;
import dev.slipway.localcloud.stepfunctions.asl.exec.EngineClock;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.HistoryEvent;
import software.amazon.awssdk.services.sfn.model.HistoryEventType;
import software.amazon.awssdk.services.sfn.model.InvalidDefinitionException;

/** The real SDK v2 SfnClient against the local endpoint, over AWS JSON 1.0. */
class StepFunctionsIT {
  static final String DEFINITION =
      """
      {"StartAt":"Build","States":{
        "Build":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke.waitForTaskToken",
                 "Parameters":{"FunctionName":"StartBuild","Payload":{"taskToken.$":"$$.Task.Token"}},
                 "ResultPath":"$.build","Next":"Verify"},
        "Verify":{"Type":"Task","Resource":"arn:aws:states:::lambda:invoke",
                  "Parameters":{"FunctionName":"VerifyImage","Payload.$":"$.build"},
                  "ResultSelector":{"value.$":"$.Payload"},"ResultPath":"$.image","End":true}}}
      """;

  @TempDir Path dir;
  final List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
  LocalCloudServer server;
  StepFunctionsEngine engine;
  SfnClient sfn;

  @BeforeEach
  void start() throws Exception {
    engine =
        new StepFunctionsEngine(
                dir,
                EngineClock.system(),
                inv -> {
                  calls.add(inv);
                  return CompletableFuture.completedFuture(
                      Map.of("StatusCode", 200, "Payload", Map.of("digest", "sha256:ab12")));
                })
            .start();
    server = LocalCloudServer.start(0);
    server.register(
        ServiceDescriptor.stepFunctions(new StepFunctionsApi(engine, "us-east-1", "000000000000")));
    sfn = LocalEndpoint.client(SfnClient.builder(), server.endpoint());
  }

  @AfterEach
  void stop() {
    sfn.close();
    server.close();
    engine.close();
  }

  @Test
  void runsCallbackPipelineThroughTheWireProtocol() {
    String sm =
        sfn.createStateMachine(
                r ->
                    r.name("pipeline")
                        .definition(DEFINITION)
                        .roleArn("arn:aws:iam::000000000000:role/sfn"))
            .stateMachineArn();
    String arn =
        sfn.startExecution(r -> r.stateMachineArn(sm).name("push-1").input("{\"sha\":\"abc\"}"))
            .executionArn();
    await().atMost(Duration.ofSeconds(10)).until(() -> !calls.isEmpty());
    String token = calls.get(0).taskToken();
    sfn.sendTaskHeartbeat(r -> r.taskToken(token));
    sfn.sendTaskSuccess(r -> r.taskToken(token).output("{\"imageTag\":\"abc\"}"));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                sfn.describeExecution(r -> r.executionArn(arn)).status()
                    != ExecutionStatus.RUNNING);
    var d = sfn.describeExecution(r -> r.executionArn(arn));
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(d.output())
        .isEqualTo(
            "{\"sha\":\"abc\",\"build\":{\"imageTag\":\"abc\"},\"image\":{\"value\":{\"digest\":\"sha256:ab12\"}}}");
    assertThat(calls.get(1).parameters())
        .isEqualTo(Map.of("FunctionName", "VerifyImage", "Payload", Map.of("imageTag", "abc")));
    List<HistoryEvent> events = sfn.getExecutionHistory(r -> r.executionArn(arn)).events();
    assertThat(events)
        .extracting(HistoryEvent::type)
        .startsWith(
            HistoryEventType.EXECUTION_STARTED,
            HistoryEventType.TASK_STATE_ENTERED,
            HistoryEventType.TASK_SCHEDULED,
            HistoryEventType.TASK_STARTED,
            HistoryEventType.TASK_SUBMITTED,
            HistoryEventType.TASK_SUCCEEDED,
            HistoryEventType.TASK_STATE_EXITED);
    assertThat(events.get(events.size() - 1).executionSucceededEventDetails().output())
        .isEqualTo(d.output());
    assertThat(sfn.listExecutions(r -> r.stateMachineArn(sm)).executions())
        .extracting(e -> e.name())
        .containsExactly("push-1");
  }

  @Test
  void errorsArriveAsModeledExceptions() {
    assertThatThrownBy(
            () ->
                sfn.describeExecution(
                    r -> r.executionArn("arn:aws:states:us-east-1:000000000000:execution:a:b")))
        .isInstanceOfSatisfying(
            ExecutionDoesNotExistException.class,
            e -> assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExecutionDoesNotExist"));
    assertThatThrownBy(
            () ->
                sfn.createStateMachine(
                    r ->
                        r.name("bad").definition("{\"StartAt\":\"X\",\"States\":{}}").roleArn("r")))
        .isInstanceOf(InvalidDefinitionException.class)
        .hasMessageContaining("Missing 'Next' target: X");
  }
}
