package dev.slipway.localcloud.stepfunctions.asl.exec;

/**
 * One Task call.
 *
 * @param resource the Resource ARN as written, including a {@code .waitForTaskToken} or {@code
 *     .sync} suffix
 * @param parameters the resolved Parameters/Arguments (plain Java JSON values)
 * @param taskToken the callback token for {@code .waitForTaskToken}, otherwise null
 * @param executionArn the execution's ARN
 * @param stateName the Task state's name
 * @param attempt 0 for the first call, then the retry number
 * @param timeoutSeconds the task's timeout, for resources that enforce it themselves
 * @param roleArn the state machine's role, whose credentials Step Functions makes the call with
 *     (null when the state machine is unknown)
 */
public record TaskInvocation(
    String resource,
    Object parameters,
    String taskToken,
    String executionArn,
    String stateName,
    int attempt,
    long timeoutSeconds,
    String roleArn) {}
