package dev.slipway.localcloud.stepfunctions;

import dev.slipway.localcloud.protocol.AwsErrors;
import dev.slipway.localcloud.stepfunctions.asl.json.Json;
import dev.slipway.localcloud.stepfunctions.asl.parse.DefinitionException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.sfn.model.*;

/**
 * The AWS Step Functions API of local mode over {@link StepFunctionsEngine}, in the SDK's own
 * request/response types (the wire layer maps {@code AWSStepFunctions.<Operation>} to these
 * methods). Errors are the SDK's modeled exceptions with AWS's error codes.
 */
public final class StepFunctionsApi {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_\\-]{1,80}");

  private final StepFunctionsEngine engine;
  private final String region;
  private final String account;

  /** {@code region}/{@code account} make up the ARNs (local mode: us-east-1, 000000000000). */
  public StepFunctionsApi(StepFunctionsEngine engine, String region, String account) {
    this.engine = engine;
    this.region = region;
    this.account = account;
  }

  /** CreateStateMachine: validates the definition; same name + definition is idempotent. */
  public CreateStateMachineResponse createStateMachine(CreateStateMachineRequest r) {
    AwsErrors.required(r.definition(), "definition");
    AwsErrors.required(r.roleArn(), "roleArn");
    requireName(r.name(), "name");
    String arn = "arn:aws:states:" + region + ":" + account + ":stateMachine:" + r.name();
    validate(r.definition());
    Optional<StateMachineRecord> existing = engine.stateMachine(arn);
    if (existing.isPresent()) {
      if (!existing.get().definition().equals(r.definition())
          || !java.util.Objects.equals(existing.get().roleArn(), r.roleArn())) {
        throw AwsErrors.of(
            StateMachineAlreadyExistsException.builder(),
            400,
            "StateMachineAlreadyExists",
            "State Machine Already Exists: '" + arn + "'");
      }
      return CreateStateMachineResponse.builder()
          .stateMachineArn(arn)
          .creationDate(existing.get().created())
          .build();
    }
    Instant now = engine.clock().now();
    String type = r.type() == null ? "STANDARD" : r.typeAsString();
    engine.putStateMachine(
        new StateMachineRecord(arn, r.name(), r.definition(), r.roleArn(), type, now, now));
    return CreateStateMachineResponse.builder().stateMachineArn(arn).creationDate(now).build();
  }

  /** UpdateStateMachine: new definition and/or role. */
  public UpdateStateMachineResponse updateStateMachine(UpdateStateMachineRequest r) {
    StateMachineRecord m = machine(r.stateMachineArn());
    String definition = r.definition() == null ? m.definition() : r.definition();
    validate(definition);
    Instant now = engine.clock().now();
    engine.putStateMachine(
        new StateMachineRecord(
            m.arn(),
            m.name(),
            definition,
            r.roleArn() == null ? m.roleArn() : r.roleArn(),
            m.type(),
            m.created(),
            now));
    return UpdateStateMachineResponse.builder().updateDate(now).build();
  }

  /** DeleteStateMachine: running executions go on with the definition they started with. */
  public DeleteStateMachineResponse deleteStateMachine(DeleteStateMachineRequest r) {
    machine(r.stateMachineArn());
    engine.deleteStateMachine(r.stateMachineArn());
    return DeleteStateMachineResponse.builder().build();
  }

  /** DescribeStateMachine. */
  public DescribeStateMachineResponse describeStateMachine(DescribeStateMachineRequest r) {
    StateMachineRecord m = machine(r.stateMachineArn());
    return DescribeStateMachineResponse.builder()
        .stateMachineArn(m.arn())
        .name(m.name())
        .status(StateMachineStatus.ACTIVE)
        .definition(m.definition())
        .roleArn(m.roleArn())
        .type(m.type())
        .creationDate(m.created())
        .build();
  }

  /** ListStateMachines (one page). */
  public ListStateMachinesResponse listStateMachines(ListStateMachinesRequest r) {
    List<StateMachineListItem> items = new ArrayList<>();
    for (StateMachineRecord m : engine.stateMachines()) {
      items.add(
          StateMachineListItem.builder()
              .stateMachineArn(m.arn())
              .name(m.name())
              .type(m.type())
              .creationDate(m.created())
              .build());
    }
    return ListStateMachinesResponse.builder().stateMachines(items).build();
  }

  /**
   * StartExecution. A name already used with the same input while that execution runs returns it
   * (idempotent retry); otherwise ExecutionAlreadyExists, as AWS does for standard workflows.
   */
  public StartExecutionResponse startExecution(StartExecutionRequest r) {
    StateMachineRecord m = machine(r.stateMachineArn());
    String name = r.name() == null ? UUID.randomUUID().toString() : r.name();
    requireName(name, "name");
    Object input = parseInput(r.input() == null ? "{}" : r.input());
    String arn = m.arn().replace(":stateMachine:", ":execution:") + ":" + name;
    synchronized (this) {
      Optional<ExecutionRecord> existing = engine.execution(arn);
      if (existing.isPresent()) {
        ExecutionRecord e = existing.get();
        if (e.status().equals("RUNNING") && Json.equal(e.input(), input)) {
          return StartExecutionResponse.builder().executionArn(arn).startDate(e.started()).build();
        }
        throw AwsErrors.of(
            ExecutionAlreadyExistsException.builder(),
            400,
            "ExecutionAlreadyExists",
            "Execution Already Exists: '" + arn + "'");
      }
      ExecutionRecord e = engine.startExecution(m, name, input);
      return StartExecutionResponse.builder().executionArn(e.arn()).startDate(e.started()).build();
    }
  }

  /** DescribeExecution. */
  public DescribeExecutionResponse describeExecution(DescribeExecutionRequest r) {
    ExecutionRecord e = execution(r.executionArn());
    return DescribeExecutionResponse.builder()
        .executionArn(e.arn())
        .stateMachineArn(e.stateMachineArn())
        .name(e.name())
        .status(e.status())
        .startDate(e.started())
        .stopDate(e.stopped())
        .input(Json.write(e.input()))
        .output(e.status().equals("SUCCEEDED") ? Json.write(e.output()) : null)
        .error(e.error())
        .cause(e.cause())
        .build();
  }

  /** ListExecutions, optionally filtered by status (one page). */
  public ListExecutionsResponse listExecutions(ListExecutionsRequest r) {
    machine(r.stateMachineArn());
    List<ExecutionListItem> items = new ArrayList<>();
    for (ExecutionRecord e : engine.executions()) {
      if (!e.stateMachineArn().equals(r.stateMachineArn())
          || (r.statusFilter() != null && !r.statusFilterAsString().equals(e.status()))) {
        continue;
      }
      items.add(
          ExecutionListItem.builder()
              .executionArn(e.arn())
              .stateMachineArn(e.stateMachineArn())
              .name(e.name())
              .status(e.status())
              .startDate(e.started())
              .stopDate(e.stopped())
              .build());
    }
    return ListExecutionsResponse.builder().executions(items).build();
  }

  /** StopExecution: a running execution ends ABORTED. */
  public StopExecutionResponse stopExecution(StopExecutionRequest r) {
    execution(r.executionArn());
    engine.stop(r.executionArn(), r.error(), r.cause());
    try {
      engine.await(r.executionArn());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    Instant stopped = execution(r.executionArn()).stopped();
    return StopExecutionResponse.builder()
        .stopDate(stopped == null ? engine.clock().now() : stopped)
        .build();
  }

  /** GetExecutionHistory with reverseOrder and maxResults/nextToken paging. */
  public GetExecutionHistoryResponse getExecutionHistory(GetExecutionHistoryRequest r) {
    execution(r.executionArn());
    List<HistoryEvent> events = new ArrayList<>();
    for (var e : engine.history(r.executionArn())) {
      events.add(HistoryEvents.toSdk(e));
    }
    if (Boolean.TRUE.equals(r.reverseOrder())) {
      java.util.Collections.reverse(events);
    }
    int from = r.nextToken() == null ? 0 : Integer.parseInt(r.nextToken());
    int max = r.maxResults() == null || r.maxResults() == 0 ? 1000 : r.maxResults();
    int to = Math.min(events.size(), from + max);
    return GetExecutionHistoryResponse.builder()
        .events(events.subList(Math.min(from, to), to))
        .nextToken(to < events.size() ? String.valueOf(to) : null)
        .build();
  }

  /** SendTaskSuccess: {@code output} must be JSON. */
  public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest r) {
    Object output;
    try {
      output = Json.parse(r.output());
    } catch (IllegalArgumentException | NullPointerException e) {
      throw AwsErrors.of(
          InvalidOutputException.builder(),
          400,
          "InvalidOutput",
          "Invalid Output: " + e.getMessage());
    }
    if (!engine.sendTaskSuccess(token(r.taskToken()), output)) {
      throw taskDoesNotExist();
    }
    return SendTaskSuccessResponse.builder().build();
  }

  /** SendTaskFailure. */
  public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest r) {
    if (!engine.sendTaskFailure(token(r.taskToken()), r.error(), r.cause())) {
      throw taskDoesNotExist();
    }
    return SendTaskFailureResponse.builder().build();
  }

  /** SendTaskHeartbeat. */
  public SendTaskHeartbeatResponse sendTaskHeartbeat(SendTaskHeartbeatRequest r) {
    if (!engine.sendTaskHeartbeat(token(r.taskToken()))) {
      throw taskDoesNotExist();
    }
    return SendTaskHeartbeatResponse.builder().build();
  }

  private static String token(String t) {
    return AwsErrors.required(t, "taskToken");
  }

  private static TaskDoesNotExistException taskDoesNotExist() {
    return AwsErrors.of(
        TaskDoesNotExistException.builder(),
        400,
        "TaskDoesNotExist",
        "Task Does Not Exist: the token belongs to no waiting task (it finished, timed out or"
            + " was never issued)");
  }

  private void validate(String definition) {
    if (definition == null) {
      throw AwsErrors.of(
          InvalidDefinitionException.builder(),
          400,
          "InvalidDefinition",
          "Invalid State Machine Definition: 'definition is required'");
    }
    try {
      engine.validate(definition);
    } catch (DefinitionException e) {
      throw AwsErrors.of(
          InvalidDefinitionException.builder(), 400, "InvalidDefinition", e.getMessage());
    }
  }

  private static Object parseInput(String input) {
    try {
      return Json.parse(input);
    } catch (IllegalArgumentException e) {
      throw AwsErrors.of(
          InvalidExecutionInputException.builder(),
          400,
          "InvalidExecutionInput",
          "Invalid State Machine Execution Input: '" + e.getMessage() + "'");
    }
  }

  private static void requireName(String name, String field) {
    if (name == null || !NAME.matcher(name).matches()) {
      throw AwsErrors.of(
          InvalidNameException.builder(),
          400,
          "InvalidName",
          "Invalid Name: '" + name + "' (" + field + " must be 1-80 letters, digits, '-' or '_')");
    }
  }

  private StateMachineRecord machine(String arn) {
    return engine
        .stateMachine(arn == null ? "" : arn)
        .orElseThrow(
            () ->
                AwsErrors.of(
                    StateMachineDoesNotExistException.builder(),
                    400,
                    "StateMachineDoesNotExist",
                    "State Machine Does Not Exist: '" + arn + "'"));
  }

  private ExecutionRecord execution(String arn) {
    return engine
        .execution(arn == null ? "" : arn)
        .orElseThrow(
            () ->
                AwsErrors.of(
                    ExecutionDoesNotExistException.builder(),
                    400,
                    "ExecutionDoesNotExist",
                    "Execution Does Not Exist: '" + arn + "'"));
  }
}
