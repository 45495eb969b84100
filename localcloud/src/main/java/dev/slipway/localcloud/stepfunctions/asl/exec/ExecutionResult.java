package dev.slipway.localcloud.stepfunctions.asl.exec;

/**
 * How an execution ended: status SUCCEEDED (output), FAILED (error, cause), ABORTED or TIMED_OUT.
 */
public record ExecutionResult(String status, Object output, String error, String cause) {}
