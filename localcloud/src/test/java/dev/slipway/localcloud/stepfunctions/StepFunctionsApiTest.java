package dev.slipway.localcloud.stepfunctions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.slipway.localcloud.stepfunctions.asl.exec.TaskFailedException;
import dev.slipway.localcloud.stepfunctions.asl.exec.TaskInvocation;
import dev.slipway.localcloud.stepfunctions.asl.exec.VirtualClock;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.sfn.model.*;

/**
 * The service API over the engine, with in-test Task dispatchers. Each case names the AWS developer
 * guide section whose behaviour it checks.
 */
class StepFunctionsApiTest {
  @TempDir Path dir;
  final VirtualClock clock = new VirtualClock(Instant.parse("2026-01-01T00:00:00Z"));
  final List<TaskInvocation> calls = new CopyOnWriteArrayList<>();
  final AtomicInteger failuresLeft = new AtomicInteger();
  StepFunctionsEngine engine;
  StepFunctionsApi api;

  void open() {
    engine =
        new StepFunctionsEngine(
                dir,
                clock,
                inv -> {
                  calls.add(inv);
                  if (inv.taskToken() != null) {
                    return CompletableFuture.completedFuture(null);
                  }
                  if (failuresLeft.getAndDecrement() > 0) {
                    return CompletableFuture.failedFuture(
                        new TaskFailedException("Lambda.ServiceException", "try again"));
                  }
                  return CompletableFuture.completedFuture(
                      Map.of("echo", inv.parameters() == null ? "null" : inv.parameters()));
                })
            .start();
    api = new StepFunctionsApi(engine, "us-east-1", "000000000000");
  }

  @AfterEach
  void close() {
    if (engine != null) {
      engine.close();
    }
  }

  String create(String name, String definition) {
    return api.createStateMachine(
            CreateStateMachineRequest.builder()
                .name(name)
                .definition(definition)
                .roleArn("arn:aws:iam::000000000000:role/sfn")
                .build())
        .stateMachineArn();
  }

  DescribeExecutionResponse run(String smArn, String input) throws InterruptedException {
    String arn =
        api.startExecution(
                StartExecutionRequest.builder().stateMachineArn(smArn).input(input).build())
            .executionArn();
    engine.await(arn);
    return api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build());
  }

  List<HistoryEvent> history(String arn) {
    return api.getExecutionHistory(GetExecutionHistoryRequest.builder().executionArn(arn).build())
        .events();
  }

  @Test
  void rejectsInvalidDefinitionWithAwsErrorShape() {
    open();
    assertThatThrownBy(
            () ->
                create(
                    "bad",
                    "{\"StartAt\":\"A\",\"States\":{\"A\":{\"Type\":\"Pass\",\"Next\":\"Nowhere\"},"
                        + "\"B\":{\"Type\":\"Succeed\"}}}"))
        .isInstanceOfSatisfying(
            InvalidDefinitionException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidDefinition");
              assertThat(e.getMessage())
                  .contains("MISSING_TRANSITION_TARGET: Missing 'Next' target: Nowhere");
            });
    assertThatThrownBy(
            () ->
                create(
                    "dist",
                    "{\"StartAt\":\"M\",\"States\":{\"M\":{\"Type\":\"Map\",\"ItemReader\":{},"
                        + "\"ItemProcessor\":{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\","
                        + "\"End\":true}}},\"End\":true}}}"))
        .hasMessageContaining("Distributed Map with ItemReader");
  }

  @Test
  void unknownExecutionIsExecutionDoesNotExist() {
    open();
    String arn = "arn:aws:states:us-east-1:000000000000:execution:x:y";
    assertThatThrownBy(
            () ->
                api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build()))
        .isInstanceOfSatisfying(
            ExecutionDoesNotExistException.class,
            e -> {
              assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ExecutionDoesNotExist");
              assertThat(e.statusCode()).isEqualTo(400);
              assertThat(e.getMessage()).contains(arn);
            });
  }

  /** "StartExecution": same name and input while running is idempotent, otherwise an error. */
  @Test
  void executionNamesAreUniquePerStateMachine() throws Exception {
    open();
    String sm =
        create(
            "names",
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"End\":true}}}");
    StartExecutionRequest start =
        StartExecutionRequest.builder().stateMachineArn(sm).name("one").input("{\"a\":1}").build();
    String first = api.startExecution(start).executionArn();
    assertThat(api.startExecution(start).executionArn()).isEqualTo(first);
    assertThatThrownBy(() -> api.startExecution(start.toBuilder().input("{\"a\":2}").build()))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
    api.stopExecution(StopExecutionRequest.builder().executionArn(first).build());
    assertThat(
            api.describeExecution(DescribeExecutionRequest.builder().executionArn(first).build())
                .status())
        .isEqualTo(ExecutionStatus.ABORTED);
    assertThatThrownBy(() -> api.startExecution(start))
        .isInstanceOf(ExecutionAlreadyExistsException.class);
  }

  /** "Task" + "Retry": IntervalSeconds × BackoffRate^n between attempts, then success. */
  @Test
  void retriesTaskWithBackoffAndRecordsHistory() throws Exception {
    open();
    failuresLeft.set(2);
    String sm =
        create(
            "retry",
            "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke\",\"Parameters\":{\"x.$\":\"$.x\"},"
                + "\"Retry\":[{\"ErrorEquals\":[\"Lambda.ServiceException\"],\"IntervalSeconds\":3,"
                + "\"BackoffRate\":2,\"MaxAttempts\":3}],\"ResultPath\":\"$.r\",\"End\":true}}}");
    DescribeExecutionResponse d = run(sm, "{\"x\":7}");
    assertThat(d.status()).isEqualTo(ExecutionStatus.SUCCEEDED);
    assertThat(Json.parse(d.output()))
        .isEqualTo(Json.parse("{\"x\":7,\"r\":{\"echo\":{\"x\":7}}}"));
    List<HistoryEvent> h = history(d.executionArn());
    List<Instant> scheduled =
        h.stream()
            .filter(e -> e.type() == HistoryEventType.TASK_SCHEDULED)
            .map(HistoryEvent::timestamp)
            .toList();
    assertThat(scheduled).hasSize(3);
    assertThat(Duration.between(scheduled.get(0), scheduled.get(1)))
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(Duration.between(scheduled.get(1), scheduled.get(2)))
        .isEqualTo(Duration.ofSeconds(6));
    assertThat(h.stream().map(HistoryEvent::typeAsString).toList())
        .startsWith(
            "ExecutionStarted", "TaskStateEntered", "TaskScheduled", "TaskStarted", "TaskFailed")
        .endsWith("TaskSucceeded", "TaskStateExited", "ExecutionSucceeded");
    assertThat(h.get(2).taskScheduledEventDetails().resourceType()).isEqualTo("lambda");
    assertThat(h.get(2).taskScheduledEventDetails().resource()).isEqualTo("invoke");
  }

  /** "Catch": exhausted retries go to the catcher with {Error, Cause} at ResultPath. */
  @Test
  void catchesExhaustedTaskFailure() throws Exception {
    open();
    failuresLeft.set(10);
    String sm =
        create(
            "catch",
            "{\"StartAt\":\"Call\",\"States\":{\"Call\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:lambda:us-east-1:000000000000:function:f\","
                + "\"Retry\":[{\"ErrorEquals\":[\"States.ALL\"],\"MaxAttempts\":1}],"
                + "\"Catch\":[{\"ErrorEquals\":[\"States.TaskFailed\"],\"ResultPath\":\"$.failure\","
                + "\"Next\":\"Done\"}],\"End\":true},\"Done\":{\"Type\":\"Succeed\"}}}");
    DescribeExecutionResponse d = run(sm, "{}");
    assertThat(Json.parse(d.output()))
        .isEqualTo(
            Json.parse(
                "{\"failure\":{\"Error\":\"Lambda.ServiceException\",\"Cause\":\"try again\"}}"));
    assertThat(calls).hasSize(2);
  }

  /** "Wait for a Callback with Task Token": SendTaskSuccess output becomes the task result. */
  @Test
  void callbackTaskCompletesWithSendTaskSuccess() throws Exception {
    open();
    String sm =
        create(
            "cb",
            "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"Payload\":{\"token.$\":\"$$.Task.Token\"}},\"End\":true}}}");
    String arn =
        api.startExecution(StartExecutionRequest.builder().stateMachineArn(sm).build())
            .executionArn();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    String token = calls.get(0).taskToken();
    assertThat(Json.asObject(Json.asObject(calls.get(0).parameters()).get("Payload")).get("token"))
        .isEqualTo(token);
    assertThatThrownBy(
            () ->
                api.sendTaskSuccess(
                    SendTaskSuccessRequest.builder().taskToken("nope").output("{}").build()))
        .isInstanceOf(TaskDoesNotExistException.class);
    api.sendTaskSuccess(
        SendTaskSuccessRequest.builder().taskToken(token).output("{\"built\":true}").build());
    engine.await(arn);
    DescribeExecutionResponse d =
        api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build());
    assertThat(d.output()).isEqualTo("{\"built\":true}");
    assertThat(history(arn).stream().map(HistoryEvent::typeAsString))
        .contains("TaskSubmitted", "TaskSucceeded");
  }

  /** "Task" HeartbeatSeconds: no heartbeat in time → States.HeartbeatTimeout; heartbeats extend. */
  @Test
  void callbackTaskTimesOutWithoutHeartbeat() throws Exception {
    open();
    String sm =
        create(
            "hb",
            "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"HeartbeatSeconds\":10,"
                + "\"TimeoutSeconds\":100,\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"End\":true}}}");
    String arn =
        api.startExecution(StartExecutionRequest.builder().stateMachineArn(sm).build())
            .executionArn();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    String token = calls.get(0).taskToken();
    clock.advance(Duration.ofSeconds(8));
    api.sendTaskHeartbeat(SendTaskHeartbeatRequest.builder().taskToken(token).build());
    clock.advance(Duration.ofSeconds(8));
    assertThat(engine.execution(arn).orElseThrow().status()).isEqualTo("RUNNING");
    clock.advance(Duration.ofSeconds(3));
    engine.await(arn);
    DescribeExecutionResponse d =
        api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build());
    assertThat(d.status()).isEqualTo(ExecutionStatus.FAILED);
    assertThat(d.error()).isEqualTo("States.HeartbeatTimeout");
    assertThat(history(arn).stream().map(HistoryEvent::typeAsString)).contains("TaskTimedOut");
  }

  /** "Task" TimeoutSeconds: the task fails with States.Timeout, caught by name. */
  @Test
  void taskTimeoutIsCatchable() throws Exception {
    open();
    String sm =
        create(
            "to",
            "{\"StartAt\":\"Wait\",\"States\":{\"Wait\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\",\"TimeoutSeconds\":5,"
                + "\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"Catch\":[{\"ErrorEquals\":[\"States.Timeout\"],"
                + "\"Next\":\"Late\"}],\"End\":true},\"Late\":{\"Type\":\"Pass\",\"Result\":\"late\",\"End\":true}}}");
    String arn =
        api.startExecution(StartExecutionRequest.builder().stateMachineArn(sm).build())
            .executionArn();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    clock.advance(Duration.ofSeconds(6));
    engine.await(arn);
    assertThat(
            api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build())
                .output())
        .isEqualTo("\"late\"");
  }

  @Test
  void statesAndExecutionsSurviveRestart() throws Exception {
    open();
    String sm =
        create("keep", "{\"StartAt\":\"P\",\"States\":{\"P\":{\"Type\":\"Pass\",\"End\":true}}}");
    DescribeExecutionResponse d = run(sm, "{\"k\":1}");
    engine.close();
    open();
    assertThat(api.listStateMachines(ListStateMachinesRequest.builder().build()).stateMachines())
        .extracting(StateMachineListItem::name)
        .containsExactly("keep");
    assertThat(
            api.describeExecution(
                    DescribeExecutionRequest.builder().executionArn(d.executionArn()).build())
                .output())
        .isEqualTo("{\"k\":1}");
    assertThat(history(d.executionArn()))
        .extracting(HistoryEvent::typeAsString)
        .containsExactly(
            "ExecutionStarted", "PassStateEntered", "PassStateExited", "ExecutionSucceeded");
  }

  /** "UpdateStateMachine": running executions keep the definition they started with. */
  @Test
  void runningExecutionKeepsItsDefinitionAcrossUpdateDeleteAndRestart() throws Exception {
    open();
    String waiting =
        "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Task\","
            + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
            + "\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"Next\":\"Tag\"},"
            + "\"Tag\":{\"Type\":\"Pass\",\"Result\":\"v1\",\"End\":true}}}";
    String sm = create("versioned", waiting);
    String arn =
        api.startExecution(StartExecutionRequest.builder().stateMachineArn(sm).build())
            .executionArn();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    api.updateStateMachine(
        UpdateStateMachineRequest.builder()
            .stateMachineArn(sm)
            .definition(waiting.replace("v1", "v2"))
            .build());
    api.deleteStateMachine(DeleteStateMachineRequest.builder().stateMachineArn(sm).build());
    assertThatThrownBy(
            () ->
                api.describeStateMachine(
                    DescribeStateMachineRequest.builder().stateMachineArn(sm).build()))
        .isInstanceOf(StateMachineDoesNotExistException.class);
    engine.close();
    calls.clear();
    open();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    engine.sendTaskSuccess(calls.get(0).taskToken(), Map.of());
    engine.await(arn);
    assertThat(
            api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build())
                .output())
        .isEqualTo("\"v1\"");
  }

  /** "StopExecution": the execution ends ABORTED with the given error and cause. */
  @Test
  void stopExecutionRecordsErrorAndCause() throws Exception {
    open();
    String sm =
        create(
            "stop",
            "{\"StartAt\":\"W\",\"States\":{\"W\":{\"Type\":\"Wait\",\"Seconds\":5,"
                + "\"Next\":\"T\"},\"T\":{\"Type\":\"Task\","
                + "\"Resource\":\"arn:aws:states:::lambda:invoke.waitForTaskToken\","
                + "\"Parameters\":{\"t.$\":\"$$.Task.Token\"},\"End\":true}}}");
    String arn =
        api.startExecution(StartExecutionRequest.builder().stateMachineArn(sm).build())
            .executionArn();
    await().atMost(Duration.ofSeconds(5)).until(() -> !calls.isEmpty());
    api.stopExecution(
        StopExecutionRequest.builder()
            .executionArn(arn)
            .error("Superseded")
            .cause("newer push")
            .build());
    DescribeExecutionResponse d =
        api.describeExecution(DescribeExecutionRequest.builder().executionArn(arn).build());
    assertThat(d.status()).isEqualTo(ExecutionStatus.ABORTED);
    assertThat(d.error()).isEqualTo("Superseded");
    HistoryEvent last = history(arn).get(history(arn).size() - 1);
    assertThat(last.type()).isEqualTo(HistoryEventType.EXECUTION_ABORTED);
    assertThat(last.executionAbortedEventDetails().cause()).isEqualTo("newer push");
  }
}
