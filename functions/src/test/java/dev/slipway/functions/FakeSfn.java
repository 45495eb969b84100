package dev.slipway.functions;

import java.util.ArrayList;
import java.util.List;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionRequest;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionDoesNotExistException;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskFailureResponse;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessRequest;
import software.amazon.awssdk.services.sfn.model.SendTaskSuccessResponse;
import software.amazon.awssdk.services.sfn.model.TaskTimedOutException;

/** Step Functions' callback API: records what was sent; tokens can be marked closed. */
final class FakeSfn implements SfnClient {
  record Sent(String token, boolean success, String output, String error, String cause) {}

  final List<Sent> sent = new ArrayList<>();
  final List<String> closedTokens = new ArrayList<>();
  final java.util.Map<String, ExecutionStatus> executions = new java.util.HashMap<>();

  @Override
  public DescribeExecutionResponse describeExecution(DescribeExecutionRequest request) {
    String name = request.executionArn().substring(request.executionArn().lastIndexOf(':') + 1);
    ExecutionStatus status = executions.get(name);
    if (status == null) {
      throw ExecutionDoesNotExistException.builder()
          .message("Execution Does Not Exist: '" + request.executionArn() + "'")
          .build();
    }
    return DescribeExecutionResponse.builder()
        .executionArn(request.executionArn())
        .name(name)
        .status(status)
        .build();
  }

  @Override
  public String serviceName() {
    return "states";
  }

  @Override
  public void close() {}

  @Override
  public SendTaskSuccessResponse sendTaskSuccess(SendTaskSuccessRequest request) {
    check(request.taskToken());
    sent.add(new Sent(request.taskToken(), true, request.output(), null, null));
    closedTokens.add(request.taskToken());
    return SendTaskSuccessResponse.builder().build();
  }

  @Override
  public SendTaskFailureResponse sendTaskFailure(SendTaskFailureRequest request) {
    check(request.taskToken());
    sent.add(new Sent(request.taskToken(), false, null, request.error(), request.cause()));
    closedTokens.add(request.taskToken());
    return SendTaskFailureResponse.builder().build();
  }

  private void check(String token) {
    if (closedTokens.contains(token)) {
      throw TaskTimedOutException.builder()
          .message("Task Timed Out: 'Provided task does not exist anymore'")
          .build();
    }
  }
}
