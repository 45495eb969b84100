package dev.slipway.localcloud.stepfunctions;

import java.time.Instant;

/** An execution as DescribeExecution reports it; mutable fields are filled when it ends. */
public record ExecutionRecord(
    String arn,
    String stateMachineArn,
    String name,
    String status,
    Object input,
    Object output,
    String error,
    String cause,
    Instant started,
    Instant stopped) {}
