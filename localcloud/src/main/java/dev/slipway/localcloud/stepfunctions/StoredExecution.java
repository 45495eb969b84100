package dev.slipway.localcloud.stepfunctions;

import java.time.Instant;
import java.util.Map;

/** An execution row with its resume position. */
record StoredExecution(
    String arn,
    String stateMachineArn,
    String name,
    String status,
    Object input,
    Object output,
    String error,
    String cause,
    Instant started,
    Instant stopped,
    String nextState,
    Object nextInput,
    Map<String, Object> variables) {
  ExecutionRecord record() {
    return new ExecutionRecord(
        arn, stateMachineArn, name, status, input, output, error, cause, started, stopped);
  }
}
