package dev.slipway.localcloud.stepfunctions.asl.exec;

import java.time.Instant;

/** What the context object says about an execution and its state machine. */
public record ExecutionIdentity(
    String executionArn,
    String executionName,
    String stateMachineArn,
    String stateMachineName,
    String roleArn,
    Instant startTime,
    Object input) {}
